import type { Emitter } from "../../events/unit-of-work";
import type { PresentedApplication, PresentedListing } from "./job-listings.presenter";

/** The job listings' events, to the workspace room (the Jobs page and its board update live). */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "job_listing.created": PresentedListing;
    "job_listing.updated": PresentedListing;
    "job_listing.deleted": { id: string };
    "job_application.created": PresentedApplication;
    /** Moved on the board, status changed, withdrawn or hired. */
    "job_application.updated": PresentedApplication;
    /**
     * Internal (no room): someone applied. Notifications tell the listing's owner and, when email
     * is configured, send the applicant a confirmation of receipt. Carries all they need (no reads).
     */
    "job_application.received": { application: PresentedApplication; listing: { id: string; title: string; ownerId: string | null }; workspaceName: string };
  }
}

export function emitListing(emit: Emitter["emit"], type: "job_listing.created" | "job_listing.updated", actorId: string | null, listing: PresentedListing): void {
  emit({ type, workspaceId: listing.workspaceId, actorId, data: listing, rooms: [`workspace:${listing.workspaceId}`] });
}

export function emitApplication(emit: Emitter["emit"], type: "job_application.created" | "job_application.updated", actorId: string | null, a: PresentedApplication): void {
  emit({ type, workspaceId: a.workspaceId, actorId, data: a, rooms: [`workspace:${a.workspaceId}`] });
}
