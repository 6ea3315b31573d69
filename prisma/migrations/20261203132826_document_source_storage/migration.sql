-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "source_storage_key" TEXT;

