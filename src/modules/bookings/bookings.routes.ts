import { readCache, workspaceScopes } from "../../cache/reads";
import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, listEnvelope, z } from "../../lib/zod";
import { workspaceIdParams } from "./artists.schema";
import { booking, bookingEvent, changeStatusBody, createBookingBody, listArtistBookingsQuery, listBookingsQuery, listProjectBookingsQuery, projectBookingsEnvelope, respondBody, updateBookingBody } from "./bookings.schema";
import * as bookings from "./bookings.service";

const tags = ["Bookings"];

const overlap = "An overlapping pencilled or confirmed booking of the artist (its id, artistId, start, end and status in `details`), or the artist is not available then without `force: true`";

export function bookingRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/bookings",
      summary: "List bookings (filters artistId, projectId, status, from/to), by start",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, query: listBookingsQuery },
      responses: { 200: { description: "Bookings, each with its holdRank", schema: listEnvelope(booking) } },
      handler: async ({ req, res, auth, params, query }) => {
        await bookings.bookingsReader(ctx, auth.userId, params.workspaceId);
        // Workspace-wide like the calendar (a hold's rank moves with other bookings); the URL is in
        // the key because the page links repeat its parameters as sent.
        const read = { name: "bookings", scopes: workspaceScopes(params.workspaceId), parts: [query, req.originalUrl] };
        return readCache(ctx).reply(res, read, async () => {
          const { total, rows } = await bookings.bookingsOf(ctx, params.workspaceId, query);
          return ok(rows, pageMeta(req, query, total));
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/artists/:id/bookings",
      summary: "An artist's bookings (filters projectId, status, from/to), by start",
      tags,
      auth: "required",
      request: { params: idParams, query: listArtistBookingsQuery },
      responses: { 200: { description: "Bookings, each with its holdRank", schema: listEnvelope(booking) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await bookings.listArtistBookings(ctx, auth.userId, params.id, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "get",
      path: "/projects/:id/bookings",
      summary: "A project's bookings (filters artistId, status, from/to), by start, with the booked cost",
      description: "`meta.bookedCost`: per currency, day rate × booked days of the project's pencilled and confirmed bookings (a day = any part of a calendar day in the artist's timezone, once per artist and day); `meta.bookedHours`: the hours of those bookings; both whatever the filters and page.",
      tags,
      auth: "required",
      request: { params: idParams, query: listProjectBookingsQuery },
      responses: { 200: { description: "Bookings and the booked cost", schema: projectBookingsEnvelope } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows, bookedCost, bookedHours } = await bookings.listProjectBookings(ctx, auth.userId, params.id, query);
        const page = pageMeta(req, query, total);
        return ok(rows, { meta: { ...page.meta, bookedCost, bookedHours }, links: page.links });
      },
    }),
    defineRoute({
      method: "post",
      path: "/workspaces/:workspaceId/bookings",
      summary: "Book an artist: HOLD (default), PENCIL or CONFIRMED (owner, admin, member)",
      description: "Holds may overlap and are ranked by creation; pencilled and confirmed bookings of one artist never overlap ([start, end): touching is fine).",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, body: createBookingBody },
      responses: { 201: { description: "Created", schema: envelope(booking) }, 409: { description: overlap } },
      handler: async ({ auth, params, body }) => created(await bookings.createBooking(ctx, auth.userId, params.workspaceId, body)),
    }),
    defineRoute({
      method: "get",
      path: "/bookings/:id",
      summary: "Get a booking",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Booking", schema: envelope(booking) } },
      handler: async ({ auth, params }) => ok(await bookings.getBooking(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/bookings/:id/events",
      summary: "A booking's history (created, moved, updated, status changed, cancelled, responded), oldest first",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Events", schema: envelope(z.array(bookingEvent)) } },
      handler: async ({ auth, params }) => ok(await bookings.listBookingEvents(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/bookings/:id",
      summary: "Move, resize or edit a booking (owner, admin, member)",
      description: "Send `version` (or If-Match) to get 409 with the current booking when someone changed it meanwhile. Final bookings (cancelled, released, declined) do not change.",
      tags,
      auth: "required",
      request: { params: idParams, body: updateBookingBody },
      responses: { 200: { description: "Updated", schema: envelope(booking) }, 409: { description: `Stale version, a final booking, or ${overlap}` } },
      handler: async ({ req, auth, params, body }) => ok(await bookings.updateBooking(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "delete",
      path: "/bookings/:id",
      summary: "Cancel a booking (owner, admin, member); the booking and its history stay",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The cancelled booking", schema: envelope(booking) }, 409: { description: "Already final (details: the statuses allowed, none), or a stale If-Match" } },
      handler: async ({ req, auth, params }) => ok(await bookings.cancelBooking(ctx, auth.userId, params.id, requestedVersion(req, undefined))),
    }),
    defineRoute({
      method: "post",
      path: "/bookings/:id/status",
      summary: "Change a booking's status (owner, admin, member)",
      description: "HOLD→PENCIL|CONFIRMED|RELEASED|CANCELLED, PENCIL→CONFIRMED|HOLD|CANCELLED|DECLINED, CONFIRMED→CANCELLED|DECLINED. Promoting a hold that is not first needs an admin and `force: true`.",
      tags,
      auth: "required",
      request: { params: idParams, body: changeStatusBody },
      responses: { 200: { description: "Changed", schema: envelope(booking) }, 409: { description: `A refused transition (details: every status allowed from the current one), a stale version, or ${overlap}` } },
      handler: async ({ req, auth, params, body }) => ok(await bookings.changeStatus(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "post",
      path: "/bookings/:id/respond",
      summary: "Accept (→ CONFIRMED) or decline (→ DECLINED) a booking: the artist's own user",
      tags,
      auth: "required",
      request: { params: idParams, body: respondBody },
      responses: { 200: { description: "Answered", schema: envelope(booking) }, 403: { description: "Not the artist's user" }, 409: { description: `A refused transition, or ${overlap}` } },
      handler: async ({ auth, params, body }) => ok(await bookings.respond(ctx, auth.userId, params.id, body)),
    }),
  ];
}
