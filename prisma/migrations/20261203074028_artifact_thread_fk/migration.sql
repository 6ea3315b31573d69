-- Artifacts made before threads existed may name a thread id that is not there: drop the link first
UPDATE "artifacts" SET "thread_id" = NULL WHERE "thread_id" IS NOT NULL AND "thread_id" NOT IN (SELECT "id" FROM "assistant_threads");

-- AddForeignKey
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "assistant_threads"("id") ON DELETE SET NULL ON UPDATE CASCADE;
