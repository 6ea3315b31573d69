import type { EventCatalogue } from "../../events/catalogue";
import type { Emitter } from "../../events/unit-of-work";
import type { PresentedBooking } from "./bookings.presenter";

/**
 * The bookings' events. booking.created|updated|cancelled go to the workspace
 * room (the calendar); the others are internal (rooms []): they carry what the
 * notifications subscriber needs to tell the right person.
 */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    /** Also "booking requested" for the artist's user (notifications). */
    "booking.created": PresentedBooking;
    /** Moved, resized, edited, status changed, responded, expired, a hold's rank improved. */
    "booking.updated": PresentedBooking;
    "booking.cancelled": PresentedBooking;
    /** The artist's user accepted (→ CONFIRMED) or declined (→ DECLINED). */
    "booking.responded": { booking: PresentedBooking; response: "accept" | "decline"; note: string | null };
    /** A hold ranks higher because a hold before it ended or moved away. */
    "booking.hold_moved_up": { booking: PresentedBooking; fromRank: number; toRank: number };
    /** `promoted`, a later hold, became firm over `booking` (admin, force: true). */
    "booking.hold_overtaken": { booking: PresentedBooking; promoted: PresentedBooking };
    /** The hold lapses within 24 h (sent once per hold and expiry time). */
    "booking.hold_expiring": { booking: PresentedBooking; expiresAt: string };
    /** The maintenance job released the hold (`booking` is now RELEASED). */
    "booking.hold_expired": { booking: PresentedBooking; expiredAt: string };
    /** The booking now books another artist (PATCH artistId): their user hears of it like of a new booking. */
    "booking.reassigned": { booking: PresentedBooking; fromArtistId: string };
  }
}

export function emitBooking(emit: Emitter["emit"], type: "booking.created" | "booking.updated" | "booking.cancelled", actorId: string | null, booking: PresentedBooking): void {
  emit({ type, workspaceId: booking.workspaceId, actorId, data: booking, rooms: [`workspace:${booking.workspaceId}`] });
}

type InternalEventType = "booking.responded" | "booking.hold_moved_up" | "booking.hold_overtaken" | "booking.hold_expiring" | "booking.hold_expired" | "booking.reassigned";

/** The internal events (no room): notifications react to them. */
export function emitInternal<K extends InternalEventType>(emit: Emitter["emit"], type: K, actorId: string | null, data: EventCatalogue[K]): void {
  emit({ type, workspaceId: data.booking.workspaceId, actorId, data, rooms: [] });
}
