-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('pending', 'extracting', 'ready', 'failed');

-- CreateTable
CREATE TABLE "documents" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "status" "DocumentStatus" NOT NULL DEFAULT 'pending',
    "error_detail" TEXT,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "page_count" INTEGER,
    "char_count" INTEGER,
    "content_iv" BYTEA,
    "content_tag" BYTEA,
    "content_ciphertext" BYTEA,
    "content_key_id" TEXT,
    "source" BYTEA,
    "source_key_id" TEXT,
    "created_by_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document_passages" (
    "id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "document_passages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "documents_project_id_created_at_idx" ON "documents"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "document_passages_project_id_idx" ON "document_passages"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "document_passages_document_id_ordinal_key" ON "document_passages"("document_id", "ordinal");

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_passages" ADD CONSTRAINT "document_passages_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: the full-text index of document passages (not encrypted, the README says so).
-- The 'simple' configuration would miss stemming, so 'english' like the task search.
ALTER TABLE "document_passages" ADD COLUMN "search" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED;
CREATE INDEX "document_passages_search_idx" ON "document_passages" USING GIN ("search");
ALTER TABLE "documents" ADD CONSTRAINT "documents_progress_range" CHECK ("progress" BETWEEN 0 AND 100);
