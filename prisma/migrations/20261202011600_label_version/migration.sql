-- Labels are versioned like every other mutable resource (optimistic concurrency, db/versioned.ts).
ALTER TABLE "labels" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
