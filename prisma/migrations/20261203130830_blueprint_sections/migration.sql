-- CreateTable
CREATE TABLE "blueprint_sections" (
    "id" UUID NOT NULL,
    "thread_id" UUID NOT NULL,
    "section_key" TEXT NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "notes" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "blueprint_sections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "blueprint_sections_thread_id_section_key_key" ON "blueprint_sections"("thread_id", "section_key");

-- AddForeignKey
ALTER TABLE "blueprint_sections" ADD CONSTRAINT "blueprint_sections_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "assistant_threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

