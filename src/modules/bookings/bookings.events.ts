import type { Emitter } from "../../events/unit-of-work";
import type { PresentedBooking } from "./bookings.presenter";

/** The bookings' events, to the workspace room (the calendar). */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "booking.created": PresentedBooking;
    /** Moved, resized, edited, status changed, responded. */
    "booking.updated": PresentedBooking;
    "booking.cancelled": PresentedBooking;
  }
}

export function emitBooking(emit: Emitter["emit"], type: "booking.created" | "booking.updated" | "booking.cancelled", actorId: string, booking: PresentedBooking): void {
  emit({ type, workspaceId: booking.workspaceId, actorId, data: booking, rooms: [`workspace:${booking.workspaceId}`] });
}
