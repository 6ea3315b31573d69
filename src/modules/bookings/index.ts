import "./artists.events";
import "./bookings.events";
import type { AppContext } from "../../http/context";
import type { AnyRoute } from "../../http/route";
import { artistRoutes as artistCrudRoutes } from "./artists.routes";
import { availabilityRoutes as availabilityCheckRoutes } from "./availability.routes";
import { calendarFeedRoutes } from "./calendar-feed.routes";
import { utilisationRoutes } from "./utilisation.routes";

/** The bookings module (SPEC §4.5): artists, their working hours and time off, and bookings. */
export { bookingRoutes } from "./bookings.routes";
/** Artists, with their calendar feed. */
export const artistRoutes = (ctx: AppContext): AnyRoute[] => [...artistCrudRoutes(ctx), ...calendarFeedRoutes(ctx)];
/** Availability, and the utilisation report built on it. */
export const availabilityRoutes = (ctx: AppContext): AnyRoute[] => [...availabilityCheckRoutes(ctx), ...utilisationRoutes(ctx)];
export type { PresentedArtist } from "./artists.presenter";
export type { PresentedBooking } from "./bookings.presenter";
