import "./artists.events";
import "./bookings.events";

/** The bookings module (SPEC §4.5): artists, their working hours and time off, and bookings. */
export { artistRoutes } from "./artists.routes";
export { bookingRoutes } from "./bookings.routes";
export { availabilityRoutes } from "./availability.routes";
export { expireHoldsJob } from "./bookings.jobs";
export { ordinal } from "./holds";
export type { PresentedArtist } from "./artists.presenter";
export type { PresentedBooking } from "./bookings.presenter";
