-- CreateTable
CREATE TABLE "sprint_snapshots" (
    "sprint_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "scope_points" INTEGER NOT NULL,
    "remaining_points" INTEGER NOT NULL,
    "scope_tasks" INTEGER NOT NULL,
    "remaining_tasks" INTEGER NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sprint_snapshots_pkey" PRIMARY KEY ("sprint_id","day")
);

-- AddForeignKey
ALTER TABLE "sprint_snapshots" ADD CONSTRAINT "sprint_snapshots_sprint_id_fkey" FOREIGN KEY ("sprint_id") REFERENCES "sprints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

