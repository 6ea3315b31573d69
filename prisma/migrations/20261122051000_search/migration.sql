-- Hand-written: full-text search over task titles, descriptions and comments.
-- Prisma cannot express generated tsvector columns, so tests/db/migrations.test.ts
-- lists these objects as hand-written. (No semicolons in comments: statements are split on them.)
ALTER TABLE "tasks" ADD COLUMN "search" tsvector
  GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce("title", '')), 'A') ||
    setweight(to_tsvector('english', coalesce("description", '')), 'B')
  ) STORED;
CREATE INDEX "tasks_search_idx" ON "tasks" USING GIN ("search");

ALTER TABLE "comments" ADD COLUMN "search" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', coalesce("body", ''))) STORED;
CREATE INDEX "comments_search_idx" ON "comments" USING GIN ("search");
