-- CreateEnum
CREATE TYPE "AttachmentEntity" AS ENUM ('TASK', 'COMMENT', 'PROJECT', 'BOOKING');

-- CreateEnum
CREATE TYPE "AttachmentScan" AS ENUM ('SKIPPED', 'PENDING', 'CLEAN', 'INFECTED');

-- CreateEnum
CREATE TYPE "AttachmentThumbnail" AS ENUM ('NONE', 'PENDING', 'READY', 'FAILED');

-- AlterEnum
ALTER TYPE "NotificationType" ADD VALUE 'ATTACHMENT_INFECTED';

-- CreateTable
CREATE TABLE "attachments" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "entity_type" "AttachmentEntity" NOT NULL,
    "entity_id" UUID NOT NULL,
    "project_id" UUID,
    "uploader_id" UUID,
    "file_name" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "scan_status" "AttachmentScan" NOT NULL DEFAULT 'SKIPPED',
    "scan_detail" TEXT,
    "scanned_at" TIMESTAMPTZ(3),
    "thumbnail" "AttachmentThumbnail" NOT NULL DEFAULT 'NONE',
    "thumbnail_key" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "attachments_storage_key_key" ON "attachments"("storage_key");

-- CreateIndex
CREATE INDEX "attachments_entity_type_entity_id_created_at_idx" ON "attachments"("entity_type", "entity_id", "created_at");

-- CreateIndex
CREATE INDEX "attachments_workspace_id_idx" ON "attachments"("workspace_id");

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

