import "./artists.events";

/** The bookings module (SPEC §4.5): artists, their working hours and time off, and bookings. */
export { artistRoutes } from "./artists.routes";
export type { PresentedArtist } from "./artists.presenter";
