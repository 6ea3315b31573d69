import "./artists.events";
import "./bookings.events";
import type { AppContext } from "../../http/context";
import type { AnyRoute } from "../../http/route";
import { artistRoutes as artistCrudRoutes } from "./artists.routes";
import { availabilityRoutes as availabilityCheckRoutes } from "./availability.routes";
import { bookingRoutes as bookingWriteRoutes } from "./bookings.routes";
import { calendarRoutes } from "./calendar.routes";
import { calendarFeedRoutes } from "./calendar-feed.routes";
import { ranked } from "./holds";
import { utilisationRoutes } from "./utilisation.routes";

/** The bookings module (SPEC §4.5): artists, their working hours and time off, bookings, the resource calendar, the utilisation report. */
/** Artists, with their calendar feed. */
export const artistRoutes = (ctx: AppContext): AnyRoute[] => [...artistCrudRoutes(ctx), ...calendarFeedRoutes(ctx)];
/** Bookings (create, read, list, move, status, respond) and the resource calendar. */
export const bookingRoutes = (ctx: AppContext): AnyRoute[] => [...bookingWriteRoutes(ctx), ...calendarRoutes(ctx)];
/** Availability, and the utilisation report built on it. */
export const availabilityRoutes = (ctx: AppContext): AnyRoute[] => [...availabilityCheckRoutes(ctx), ...utilisationRoutes(ctx)];
export { expireHoldsJob } from "./bookings.jobs";
/** A booking the caller may read exactly as GET /bookings/:id decides; 404/403 otherwise. */
export { loadBooking } from "./bookings.service";
export { ordinal } from "./holds";
export type { PresentedArtist } from "./artists.presenter";
export type { PresentedBooking } from "./bookings.presenter";

/**
 * The project's live bookings (HOLD, PENCIL, CONFIRMED) with their artist, for the project timeline
 * (GET /projects/:id/timeline). Read only; the caller has checked access to the project.
 */
export async function projectTimelineBookings(ctx: AppContext, projectId: string) {
  const rows = await ctx.db.booking.findMany({
    where: { projectId, status: { in: ["HOLD", "PENCIL", "CONFIRMED"] } },
    include: { artist: { select: { id: true, name: true, color: true } } },
    orderBy: [{ startTime: "asc" }, { id: "asc" }],
    take: 1000,
  });
  const presented = await ranked(ctx.db, rows);
  return presented.map((b, i) => ({ ...b, artist: rows[i].artist }));
}
