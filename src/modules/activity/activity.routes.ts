import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { activityFeed, activityQuery } from "./activity.schema";
import { presentActivity } from "./activity.presenter";
import { activitySince } from "./activity.service";

export function activityRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/activity",
      summary: "What changed in a workspace since a time (reconnect catch-up feed)",
      description: "Oldest first. Follow `meta.nextCursor` (pass it as `cursor`) until it is null.",
      tags: ["Activity"],
      auth: "required",
      request: { query: activityQuery },
      responses: {
        200: {
          description: "Activity entries",
          schema: activityFeed,
        },
        404: { description: "Not a member of the workspace" },
      },
      handler: async ({ auth, query }) => {
        const r = await activitySince(ctx, auth.userId, query);
        return ok(r.items.map(presentActivity), { meta: { nextCursor: r.nextCursor } });
      },
    }),
  ];
}
