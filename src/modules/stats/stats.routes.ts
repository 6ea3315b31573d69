import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams } from "../../lib/zod";
import { projectStats, VELOCITY_SPRINTS, workspaceParams, workspaceStats, workspaceStatsQuery } from "./stats.schema";
import * as stats from "./stats.service";

/** Dashboard numbers: GET /projects/:id/stats and GET /workspaces/:workspaceId/stats. */
export function statsRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/projects/:id/stats",
      summary: "Project dashboard numbers: tasks by status, overdue, completed this week, velocity of the last 3 sprints, burndown of the active sprint",
      tags: ["Projects"],
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Numbers", schema: envelope(projectStats) } },
      handler: async ({ auth, params }) => ok(await stats.projectStatsFor(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/stats",
      summary: "Workspace dashboard numbers: tasks by status, overdue, completed per week, velocity, open tasks per project",
      description:
        "Counts the live tasks of the workspace's projects that are not archived. Personal tasks are never counted: " +
        "other members' are private, and the caller's own are left out too so every member sees the same team numbers. " +
        "Weeks run from Monday 00:00 UTC. Velocity is the story points done in each of the last " +
        `${VELOCITY_SPRINTS} completed sprints across the projects (recorded when each sprint was completed). Any member, viewers included.`,
      tags: ["Workspaces"],
      auth: "required",
      request: { params: workspaceParams, query: workspaceStatsQuery },
      responses: { 200: { description: "Numbers", schema: envelope(workspaceStats) } },
      handler: async ({ auth, params, query }) => ok(await stats.workspaceStatsFor(ctx, auth.userId, params.workspaceId, query.weeks)),
    }),
  ];
}
