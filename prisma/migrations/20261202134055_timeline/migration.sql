-- CreateTable
CREATE TABLE "project_phases" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "color" TEXT NOT NULL DEFAULT '#6366f1',
    "position" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_phases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "phase_dependencies" (
    "phase_id" UUID NOT NULL,
    "predecessor_id" UUID NOT NULL,

    CONSTRAINT "phase_dependencies_pkey" PRIMARY KEY ("phase_id","predecessor_id")
);

-- CreateTable
CREATE TABLE "milestones" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "phase_id" UUID,
    "name" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "milestones_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "project_phases_project_id_position_idx" ON "project_phases"("project_id", "position");

-- CreateIndex
CREATE INDEX "phase_dependencies_predecessor_id_idx" ON "phase_dependencies"("predecessor_id");

-- CreateIndex
CREATE INDEX "milestones_project_id_date_idx" ON "milestones"("project_id", "date");

-- AddForeignKey
ALTER TABLE "project_phases" ADD CONSTRAINT "project_phases_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phase_dependencies" ADD CONSTRAINT "phase_dependencies_phase_id_fkey" FOREIGN KEY ("phase_id") REFERENCES "project_phases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phase_dependencies" ADD CONSTRAINT "phase_dependencies_predecessor_id_fkey" FOREIGN KEY ("predecessor_id") REFERENCES "project_phases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_phase_id_fkey" FOREIGN KEY ("phase_id") REFERENCES "project_phases"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Hand-written: progress is a percentage, a phase ends on or after its start, no phase depends on itself
ALTER TABLE "project_phases" ADD CONSTRAINT "project_phases_progress_range" CHECK ("progress" BETWEEN 0 AND 100);
ALTER TABLE "project_phases" ADD CONSTRAINT "project_phases_dates_order" CHECK ("end_date" >= "start_date");
ALTER TABLE "phase_dependencies" ADD CONSTRAINT "phase_dependencies_not_self" CHECK ("phase_id" <> "predecessor_id");
