-- The maintenance job (holds.ts runHoldMaintenance) reads holds by expiry time, oldest first, and only holds expire: the index holds only them
CREATE INDEX "bookings_hold_expiry_idx" ON "bookings" ("hold_expires_at", "id") WHERE "status" = 'HOLD' AND "hold_expires_at" IS NOT NULL;
