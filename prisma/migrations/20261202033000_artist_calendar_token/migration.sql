-- The artist's calendar feed (.ics): only the SHA-256 of its secret is stored, null when there is no feed (never created, or revoked).
ALTER TABLE "artists" ADD COLUMN "calendar_token_hash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "artists_calendar_token_hash_key" ON "artists"("calendar_token_hash");
