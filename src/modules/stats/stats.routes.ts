import { projectScopes, readCache, workspaceScopes } from "../../cache/reads";
import type { AppContext } from "../../http/context";
import { isoDay } from "../../lib/dates";
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
      handler: async ({ res, auth, params }) => {
        const project = await stats.projectStatsReader(ctx, auth.userId, params.id);
        // The day is in the key: "this week" and "overdue" move with the clock (the TTL bounds the rest).
        const read = { name: "project-stats", scopes: projectScopes(project.workspaceId, project.id), parts: [isoDay(ctx.now())] };
        return readCache(ctx).reply(res, read, async () => ok(await stats.projectStats(ctx, project.id)));
      },
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
      handler: async ({ res, auth, params, query }) => {
        await stats.workspaceStatsReader(ctx, auth.userId, params.workspaceId);
        const read = { name: "workspace-stats", scopes: workspaceScopes(params.workspaceId), parts: [query.weeks, isoDay(ctx.now())] };
        return readCache(ctx).reply(res, read, async () => ok(await stats.workspaceStats(ctx, params.workspaceId, query.weeks)));
      },
    }),
  ];
}
