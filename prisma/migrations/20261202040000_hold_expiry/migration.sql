-- Hold expiry (SPEC §4.5): a workspace's default hold length, and the 24-hour warning sent once per hold.
-- New holds without holdExpiresAt expire after hold_expiry_hours (72 h, three days, by default, or NULL for never).
ALTER TYPE "NotificationType" ADD VALUE 'HOLD_MOVED_UP';
ALTER TYPE "NotificationType" ADD VALUE 'HOLD_OVERTAKEN';
ALTER TYPE "NotificationType" ADD VALUE 'HOLD_EXPIRING';
ALTER TYPE "NotificationType" ADD VALUE 'HOLD_EXPIRED';

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN "hold_expiry_hours" INTEGER DEFAULT 72;

-- AlterTable
ALTER TABLE "bookings" ADD COLUMN "expiry_warned_at" TIMESTAMPTZ(3);

