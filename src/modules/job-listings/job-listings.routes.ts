import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, listEnvelope, uuid, z } from "../../lib/zod";
import * as applications from "./applications.service";
import * as listings from "./job-listings.service";
import {
  application,
  applicationEvent,
  applyBody,
  createListingBody,
  hireBody,
  hireResult,
  listApplicationsQuery,
  listing,
  listListingsQuery,
  moveApplicationBody,
  updateListingBody,
} from "./job-listings.schema";

const tags = ["Job listings"];
const workspaceIdParams = z.object({ workspaceId: uuid }).strict();

export function jobListingRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/job-listings",
      summary: "Job listings of the workspace, newest first (status, q, skill filters; member and up)",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, query: listListingsQuery },
      responses: { 200: { description: "Listings", schema: listEnvelope(listing) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await listings.listListings(ctx, auth.userId, params.workspaceId, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/workspaces/:workspaceId/job-listings",
      summary: "Post a job listing (owner, admin)",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, body: createListingBody },
      responses: { 201: { description: "Created", schema: envelope(listing) } },
      handler: async ({ auth, params, body }) => created(await listings.createListing(ctx, auth.userId, params.workspaceId, body)),
    }),
    defineRoute({
      method: "get",
      path: "/job-listings/:id",
      summary: "A job listing with its application counts",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Listing", schema: envelope(listing) } },
      handler: async ({ auth, params }) => ok(await listings.getListing(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/job-listings/:id",
      summary: "Edit, open or close, publish or unpublish a listing (owner, admin)",
      tags,
      auth: "required",
      request: { params: idParams, body: updateListingBody },
      responses: { 200: { description: "Updated", schema: envelope(listing) }, 409: { description: "Stale version (body or If-Match): the current listing is in `error.current`" } },
      handler: async ({ req, auth, params, body }) => ok(await listings.updateListing(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "delete",
      path: "/job-listings/:id",
      summary: "Delete a listing and its applications (owner, admin)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await listings.deleteListing(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/job-listings/:id/applications",
      summary: "Applications of a listing by status and board position",
      tags,
      auth: "required",
      request: { params: idParams, query: listApplicationsQuery },
      responses: { 200: { description: "Applications", schema: listEnvelope(application) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await listings.listApplications(ctx, auth.userId, params.id, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/job-listings/:id/applications",
      summary: "Apply from inside (a signed-in artist of the workspace; once per listing)",
      tags,
      auth: "required",
      request: { params: idParams, body: applyBody },
      responses: { 201: { description: "Applied", schema: envelope(application) }, 409: { description: "Closed listing, or you already applied" } },
      handler: async ({ auth, params, body }) => created(await applications.applyInApp(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "get",
      path: "/applications/:id",
      summary: "An application (members and up, and the applicant)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Application", schema: envelope(application) } },
      handler: async ({ auth, params }) => ok(await listings.getApplication(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/applications/:id",
      summary: "Move an application on the board: status (allowed transitions only) and/or position (owner, admin)",
      tags,
      auth: "required",
      request: { params: idParams, body: moveApplicationBody },
      responses: { 200: { description: "Moved", schema: envelope(application) }, 409: { description: "Transition not allowed (`details` list the allowed statuses), or stale version" } },
      handler: async ({ req, auth, params, body }) => ok(await listings.moveApplication(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "post",
      path: "/applications/:id/withdraw",
      summary: "Withdraw your own application",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Withdrawn", schema: envelope(application) }, 409: { description: "Already decided" } },
      handler: async ({ auth, params }) => ok(await listings.withdrawApplication(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/applications/:id/events",
      summary: "The application's history, oldest first",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "History", schema: envelope(z.array(applicationEvent)) } },
      handler: async ({ auth, params }) => ok(await listings.listApplicationEvents(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "post",
      path: "/applications/:id/hire",
      summary: "Hire: link or create the artist, mark HIRED, and optionally pencil them on the listing's project, in one transaction (owner, admin)",
      tags,
      auth: "required",
      request: { params: idParams, body: hireBody },
      responses: { 200: { description: "Hired", schema: envelope(hireResult) }, 409: { description: "The artist is already booked then (the booking in the way in `details`; nothing was changed), not available, or the status does not allow hiring" } },
      handler: async ({ req, auth, params, body }) => ok(await applications.hire(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
  ];
}
