import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, listEnvelope, z } from "../../lib/zod";
import { artist, createArtistBody, createTimeOffBody, listArtistsQuery, putWorkingHoursBody, timeOff, updateArtistBody, workingHours, workspaceIdParams, workspaceSkill } from "./artists.schema";
import * as artists from "./artists.service";

const tags = ["Artists"];

export function artistRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/artists",
      summary: "List artists (search, skill and active filters)",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, query: listArtistsQuery },
      responses: { 200: { description: "Artists by name", schema: listEnvelope(artist) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await artists.listArtists(ctx, auth.userId, params.workspaceId, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/artist-skills",
      summary: "The skills of the workspace's artists, most common first",
      description: "Skills compare without case: `Compositing` and `compositing` are one skill, shown in its most used spelling. For skill filters and suggestions.",
      tags,
      auth: "required",
      request: { params: workspaceIdParams },
      responses: { 200: { description: "Skills with their artist counts", schema: envelope(z.array(workspaceSkill)) } },
      handler: async ({ auth, params }) => ok(await artists.listSkills(ctx, auth.userId, params.workspaceId)),
    }),
    defineRoute({
      method: "post",
      path: "/workspaces/:workspaceId/artists",
      summary: "Add an artist (owner, admin)",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, body: createArtistBody },
      responses: { 201: { description: "Created", schema: envelope(artist) }, 409: { description: "The linked member is already another artist" } },
      handler: async ({ auth, params, body }) => created(await artists.createArtist(ctx, auth.userId, params.workspaceId, body)),
    }),
    defineRoute({
      method: "get",
      path: "/artists/:id",
      summary: "Get an artist",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Artist", schema: envelope(artist) } },
      handler: async ({ auth, params }) => ok(await artists.getArtist(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/artists/:id",
      summary: "Change an artist (owner, admin)",
      description: "Send `version` (or If-Match) to get 409 with the current artist when someone changed it meanwhile.",
      tags,
      auth: "required",
      request: { params: idParams, body: updateArtistBody },
      responses: { 200: { description: "Updated", schema: envelope(artist) }, 409: { description: "Stale version, or the linked member is already another artist" } },
      handler: async ({ req, auth, params, body }) => ok(await artists.updateArtist(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "delete",
      path: "/artists/:id",
      summary: "Delete an artist who was never booked (owner, admin)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" }, 409: { description: "The artist has bookings: deactivate it instead" } },
      handler: async ({ auth, params }) => {
        await artists.deleteArtist(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/artists/:id/working-hours",
      summary: "The artist's weekly working hours (in the artist's timezone)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Ranges by weekday and start", schema: envelope(workingHours) } },
      handler: async ({ auth, params }) => ok(await artists.getWorkingHours(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "put",
      path: "/artists/:id/working-hours",
      summary: "Replace the artist's week of working hours (owner, admin, the artist's own user)",
      description: "Several ranges per weekday are allowed; they must not overlap. An artist without working hours can be booked at any time.",
      tags,
      auth: "required",
      request: { params: idParams, body: putWorkingHoursBody },
      responses: { 200: { description: "The week as stored", schema: envelope(workingHours) } },
      handler: async ({ auth, params, body }) => ok(await artists.putWorkingHours(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "get",
      path: "/artists/:id/time-off",
      summary: "The artist's time off (whole days, inclusive)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Time off by start date", schema: envelope(z.array(timeOff)) } },
      handler: async ({ auth, params }) => ok(await artists.listTimeOff(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "post",
      path: "/artists/:id/time-off",
      summary: "Add time off (owner, admin, the artist's own user)",
      tags,
      auth: "required",
      request: { params: idParams, body: createTimeOffBody },
      responses: { 201: { description: "Created", schema: envelope(timeOff) } },
      handler: async ({ auth, params, body }) => created(await artists.createTimeOff(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "delete",
      path: "/time-off/:id",
      summary: "Remove time off (owner, admin, the artist's own user)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Removed" } },
      handler: async ({ auth, params }) => {
        await artists.deleteTimeOff(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
  ];
}
