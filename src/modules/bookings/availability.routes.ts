import { readCache, workspaceScopes } from "../../cache/reads";
import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams, z } from "../../lib/zod";
import { workspaceIdParams } from "./artists.schema";
import { availability, availabilityCheck, availabilityQuery, checkAvailabilityBody } from "./availability.schema";
import * as service from "./availability.service";

const tags = ["Bookings"];

/** Free/busy of one artist, and the multi-artist check (SPEC §4.5, Appendix B). */
export function availabilityRoutes(ctx: AppContext): AnyRoute[] {
  const check = (path: string, summary: string) =>
    defineRoute({
      method: "post",
      path,
      summary,
      description:
        "Per artist: whether [start, end) is free (working hours, no time off, no pencilled or confirmed booking; holds too with includeHolds), the bookings in the way, and the next free slot of `durationMinutes` (default end − start) within 30 days. An artist id that is not this workspace's answers 404.",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, body: checkAvailabilityBody },
      responses: { 200: { description: "One entry per artist id, in the order sent", schema: envelope(z.array(availabilityCheck)) } },
      handler: async ({ auth, params, body }) => ok(await service.checkAvailability(ctx, auth.userId, params.workspaceId, body)),
    });
  return [
    defineRoute({
      method: "get",
      path: "/artists/:id/availability",
      summary: "An artist's free and busy time over a range (at most 366 days)",
      description:
        "Free = working hours in the artist's timezone (DST-correct; all the time for an artist without working hours) minus time off (whole local days) minus busy. Busy = pencilled and confirmed bookings; holds only with includeHolds=true (holds may overlap and do not block a firm booking).",
      tags,
      auth: "required",
      request: { params: idParams, query: availabilityQuery },
      responses: { 200: { description: "Free and busy intervals", schema: envelope(availability) } },
      handler: async ({ res, auth, params, query }) => {
        const artist = await service.availabilityReader(ctx, auth.userId, params.id);
        const read = { name: "availability", scopes: workspaceScopes(artist.workspaceId), parts: [artist.id, query] };
        return readCache(ctx).reply(res, read, async () => ok(await service.availabilityOf(ctx, artist, query)));
      },
    }),
    check("/workspaces/:workspaceId/availability/check", "Check several artists' availability at once, with conflicts and the next free slot"),
    check("/workspaces/:workspaceId/bookings/check-availability", "Check several artists' availability at once (the SPEC Appendix B path; same as /availability/check)"),
  ];
}
