-- CreateTable
CREATE TABLE "blueprint_recommendation_sets" (
    "id" UUID NOT NULL,
    "thread_id" UUID NOT NULL,
    "phase_key" TEXT NOT NULL,
    "items" JSONB NOT NULL DEFAULT '[]',
    "answers_fingerprint" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "fallback" BOOLEAN NOT NULL DEFAULT false,
    "repaired" BOOLEAN NOT NULL DEFAULT false,
    "made_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "blueprint_recommendation_sets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "blueprint_recommendation_sets_thread_id_phase_key_key" ON "blueprint_recommendation_sets"("thread_id", "phase_key");

-- AddForeignKey
ALTER TABLE "blueprint_recommendation_sets" ADD CONSTRAINT "blueprint_recommendation_sets_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "assistant_threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

