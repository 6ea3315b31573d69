import { readCache, workspaceScopes } from "../../cache/reads";
import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { workspaceIdParams } from "./artists.schema";
import { calendarEnvelope, calendarQuery } from "./calendar.schema";
import * as service from "./calendar.service";

const tags = ["Bookings"];

/** The resource calendar (SPEC §5 bookings calendar): artists as rows and their bookings, in one request. */
export function calendarRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/calendar",
      summary: "The resource calendar over [from, to) (at most 62 days): artists with working hours and time off, and their bookings",
      description:
        "Artists by name (active only unless includeInactive=true; filters skill, q on the name, artistId list; at most 500, `meta.truncated` when more matched), each with working hours and the time off overlapping the range; bookings of those artists overlapping [from, to) with the statuses asked for (default HOLD,PENCIL,CONFIRMED) and, with projectId, of that project only — each as GET /bookings/:id shows it (holdRank included) plus projectName and artistName. Not paginated.",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, query: calendarQuery },
      responses: { 200: { description: "The calendar", schema: calendarEnvelope } },
      handler: async ({ res, auth, params, query }) => {
        await service.calendarReader(ctx, auth.userId, params.workspaceId);
        return readCache(ctx).reply(res, { name: "calendar", scopes: workspaceScopes(params.workspaceId), parts: [query] }, async () => {
          const { data, meta } = await service.calendarOf(ctx, params.workspaceId, query);
          return ok(data, { meta });
        });
      },
    }),
  ];
}
