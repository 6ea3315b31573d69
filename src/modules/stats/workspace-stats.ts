import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope, uuid, z } from "../../lib/zod";
import { authorize, requireMembership } from "../workspaces/permissions";
import { byStatusSchema, countByStatus, DAY, FINISHED, isoDay, weekStart } from "./stats.shared";

/**
 * Workspace dashboard numbers: the team's tasks across its projects.
 *
 * What counts: live (not deleted) tasks of the workspace's projects that are
 * not archived. Personal tasks never count — other members' are private to
 * their creator, and the caller's own are left out too, so every member sees
 * the same team numbers (personal to-dos live in "my tasks", GET /tasks).
 * Everything is aggregated in PostgreSQL; no task rows are loaded.
 */

const VELOCITY_SPRINTS = 8;

const params = z.object({ workspaceId: uuid }).strict();
const query = z
  .object({
    weeks: z.coerce
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(52, "must be at most 52")
      .default(8)
      .openapi({ description: "How many weeks `completedPerWeek` covers, the current week last (default 8)" }),
  })
  .strict();

const workspaceStats = z
  .object({
    byStatus: byStatusSchema,
    total: z.number().int(),
    open: z.number().int().openapi({ description: "Tasks not done or archived" }),
    overdue: z.number().int().openapi({ description: "Open tasks whose due date has passed" }),
    completedPerWeek: z
      .array(z.object({ weekStart: z.string().openapi({ description: "Monday of the week (weeks run Monday 00:00 UTC to Monday 00:00 UTC)" }), tasks: z.number().int(), points: z.number().int() }))
      .openapi({ description: "Tasks done and their story points per week, oldest first; the last entry is the current week so far" }),
    velocity: z
      .array(z.object({ sprintId: uuid, name: z.string(), projectId: uuid, projectKey: z.string(), completedPoints: z.number().int(), completedAt: z.string() }))
      .openapi({ description: `Story points completed per sprint, for the last ${VELOCITY_SPRINTS} completed sprints across the projects, oldest first` }),
    projects: z
      .array(z.object({ id: uuid, key: z.string(), name: z.string(), color: z.string(), total: z.number().int(), open: z.number().int(), overdue: z.number().int() }))
      .openapi({ description: "Every project that is not archived, most open tasks first" }),
  })
  .openapi("WorkspaceStats");

type WeekRow = { week: string; tasks: number; points: number };

/** Tasks done per week since `from` (a Monday), one entry per week even when nothing was done. */
async function completedPerWeek(ctx: AppContext, workspaceId: string, from: Date, weeks: number) {
  const rows = await ctx.db.$queryRaw<WeekRow[]>`
    SELECT to_char(date_trunc('week', t.completed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
           count(*)::int AS tasks, coalesce(sum(t.story_points), 0)::int AS points
      FROM tasks t JOIN projects p ON p.id = t.project_id
     WHERE t.workspace_id = ${workspaceId}::uuid AND p.status <> 'ARCHIVED' AND t.deleted_at IS NULL
       AND t.status = 'DONE' AND t.completed_at >= ${from}
     GROUP BY 1`;
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  return Array.from({ length: weeks }, (_, i) => {
    const monday = isoDay(new Date(from.getTime() + i * 7 * DAY));
    const row = byWeek.get(monday);
    return { weekStart: monday, tasks: row?.tasks ?? 0, points: row?.points ?? 0 };
  });
}

export async function workspaceStatsFor(ctx: AppContext, workspaceId: string, weeks: number) {
  const now = ctx.now();
  const from = new Date(weekStart(now).getTime() - (weeks - 1) * 7 * DAY);
  const projects = await ctx.db.project.findMany({
    where: { workspaceId, status: { not: "ARCHIVED" } },
    select: { id: true, key: true, name: true, color: true },
    orderBy: { name: "asc" },
  });
  const projectIds = projects.map((p) => p.id);
  const teamTasks = { workspaceId, projectId: { in: projectIds }, deletedAt: null };
  const [groups, overdueGroups, perWeek, sprints] = await Promise.all([
    ctx.db.task.groupBy({ by: ["projectId", "status"], where: teamTasks, _count: true }),
    ctx.db.task.groupBy({ by: ["projectId"], where: { ...teamTasks, dueDate: { lt: now }, status: { notIn: FINISHED } }, _count: true }),
    completedPerWeek(ctx, workspaceId, from, weeks),
    ctx.db.sprint.findMany({
      where: { projectId: { in: projectIds }, status: "COMPLETED" },
      orderBy: { completedAt: "desc" },
      take: VELOCITY_SPRINTS,
      select: { id: true, name: true, projectId: true, completedPoints: true, completedAt: true },
    }),
  ]);

  const keyOf = new Map(projects.map((p) => [p.id, p.key]));
  const overdueOf = new Map(overdueGroups.map((g) => [g.projectId, g._count]));
  const perProject = projects.map((p) => {
    const own = groups.filter((g) => g.projectId === p.id);
    return {
      ...p,
      total: own.reduce((s, g) => s + g._count, 0),
      open: own.filter((g) => !FINISHED.includes(g.status)).reduce((s, g) => s + g._count, 0),
      overdue: overdueOf.get(p.id) ?? 0,
    };
  });
  perProject.sort((a, b) => b.open - a.open || a.name.localeCompare(b.name));

  return {
    byStatus: countByStatus(groups.map((g) => ({ status: g.status, count: g._count }))),
    total: perProject.reduce((s, p) => s + p.total, 0),
    open: perProject.reduce((s, p) => s + p.open, 0),
    overdue: perProject.reduce((s, p) => s + p.overdue, 0),
    completedPerWeek: perWeek,
    velocity: sprints.reverse().map((s) => ({
      sprintId: s.id,
      name: s.name,
      projectId: s.projectId,
      projectKey: keyOf.get(s.projectId) ?? "",
      completedPoints: s.completedPoints ?? 0,
      completedAt: s.completedAt!.toISOString(),
    })),
    projects: perProject,
  };
}

export function workspaceStatsRoutes(ctx: AppContext): AnyRoute[] {
  return [
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
      request: { params, query },
      responses: { 200: { description: "Numbers", schema: envelope(workspaceStats) } },
      handler: async ({ auth, params, query }) => {
        authorize(await requireMembership(ctx.db, params.workspaceId, auth.userId), "task:read");
        return ok(await workspaceStatsFor(ctx, params.workspaceId, query.weeks));
      },
    }),
  ];
}
