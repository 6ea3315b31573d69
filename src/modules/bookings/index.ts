import "./artists.events";
import "./bookings.events";
import type { AppContext } from "../../http/context";
import type { AnyRoute } from "../../http/route";
import { bookingRoutes as bookingWriteRoutes } from "./bookings.routes";
import { calendarRoutes } from "./calendar.routes";

/** The bookings module (SPEC §4.5): artists, their working hours and time off, bookings, and the resource calendar. */
export { artistRoutes } from "./artists.routes";
/** Bookings (create, read, list, move, status, respond) and the resource calendar. */
export const bookingRoutes = (ctx: AppContext): AnyRoute[] => [...bookingWriteRoutes(ctx), ...calendarRoutes(ctx)];
export { availabilityRoutes } from "./availability.routes";
export type { PresentedArtist } from "./artists.presenter";
export type { PresentedBooking } from "./bookings.presenter";
