-- CreateEnum
CREATE TYPE "JobListingStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "JobApplicationStatus" AS ENUM ('APPLIED', 'REVIEWING', 'SHORTLISTED', 'OFFERED', 'HIRED', 'REJECTED', 'WITHDRAWN');

-- AlterEnum
ALTER TYPE "NotificationType" ADD VALUE 'JOB_APPLICATION_RECEIVED';

-- CreateTable
CREATE TABLE "job_listings" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "project_id" UUID,
    "owner_id" UUID,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "skills" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "start_date" DATE,
    "end_date" DATE,
    "rate_min" INTEGER,
    "rate_max" INTEGER,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "location" TEXT,
    "remote" BOOLEAN NOT NULL DEFAULT false,
    "status" "JobListingStatus" NOT NULL DEFAULT 'OPEN',
    "is_public" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "job_listings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_applications" (
    "id" UUID NOT NULL,
    "listing_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "portfolio_links" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "message" TEXT NOT NULL DEFAULT '',
    "artist_id" UUID,
    "user_id" UUID,
    "status" "JobApplicationStatus" NOT NULL DEFAULT 'APPLIED',
    "position" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL DEFAULT 'app',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "job_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_application_events" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "actor_id" UUID,
    "type" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_application_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_listings_workspace_id_status_created_at_idx" ON "job_listings"("workspace_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "job_applications_listing_id_status_position_idx" ON "job_applications"("listing_id", "status", "position");

-- CreateIndex
CREATE UNIQUE INDEX "job_applications_listing_id_user_id_key" ON "job_applications"("listing_id", "user_id");

-- CreateIndex
CREATE INDEX "job_application_events_application_id_created_at_idx" ON "job_application_events"("application_id", "created_at");

-- AddForeignKey
ALTER TABLE "job_listings" ADD CONSTRAINT "job_listings_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_listings" ADD CONSTRAINT "job_listings_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_listings" ADD CONSTRAINT "job_listings_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_applications" ADD CONSTRAINT "job_applications_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "job_listings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_applications" ADD CONSTRAINT "job_applications_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_applications" ADD CONSTRAINT "job_applications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_application_events" ADD CONSTRAINT "job_application_events_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "job_applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: the rules the API checks, held by the database as well
ALTER TABLE "job_listings" ADD CONSTRAINT "job_listings_dates_in_order" CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date);
ALTER TABLE "job_listings" ADD CONSTRAINT "job_listings_rate_in_order" CHECK (rate_min IS NULL OR rate_max IS NULL OR rate_min <= rate_max);
