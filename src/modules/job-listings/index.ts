import "./job-listings.events";

/** The job listings module (SPEC §4.5): open roles, applications on a board, the public page's API, hiring into a pencil. */
export { jobListingRoutes } from "./job-listings.routes";
export { publicJobListingRoutes } from "./public.routes";
export type { PresentedApplication, PresentedListing } from "./job-listings.presenter";
