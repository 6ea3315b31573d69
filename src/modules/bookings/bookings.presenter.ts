import type { Booking, BookingEvent } from "../../generated/prisma/client";
import { TRANSITIONS } from "./booking-transitions";

/** A booking as the API shows it; `holdRank` is computed by the service (bookings.service.ts `ranked`). */
export const presentBooking = (b: Booking, holdRank: number | null) => ({
  id: b.id,
  workspaceId: b.workspaceId,
  artistId: b.artistId,
  projectId: b.projectId,
  title: b.title,
  notes: b.notes,
  start: b.startTime.toISOString(),
  end: b.endTime.toISOString(),
  status: b.status,
  nextStatuses: TRANSITIONS[b.status],
  holdRank: b.status === "HOLD" ? holdRank : null,
  holdExpiresAt: b.holdExpiresAt?.toISOString() ?? null,
  force: b.force,
  createdById: b.createdById,
  version: b.version,
  createdAt: b.createdAt.toISOString(),
  updatedAt: b.updatedAt.toISOString(),
});

export type PresentedBooking = ReturnType<typeof presentBooking>;

type Snapshot = { artistId?: string; start: string; end: string; status: Booking["status"]; title: string; projectId: string | null; force: boolean };
/** What a history entry records; "expired" and "hold_moved_up" are written by the system or as a consequence (actor of the change, or null). */
export type BookingEventType = "created" | "moved" | "updated" | "status_changed" | "cancelled" | "responded" | "expired" | "hold_moved_up";

/** One entry of a booking's history (the service writes `before`/`after` as snapshots). */
export const presentBookingEvent = (e: BookingEvent) => ({
  id: e.id,
  bookingId: e.bookingId,
  type: e.type as BookingEventType,
  actorId: e.actorId,
  before: (e.before ?? null) as Snapshot | null,
  after: e.after as Snapshot,
  note: e.note,
  createdAt: e.createdAt.toISOString(),
});
