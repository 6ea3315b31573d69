import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams, uuid, z } from "../../lib/zod";
import { loadProject } from "../projects";

/** Project dashboard numbers (SPEC §4.3): tasks by status, overdue, done this week, velocity, burndown. */

const STATUSES = ["TODO", "IN_PROGRESS", "IN_REVIEW", "BLOCKED", "DONE", "ARCHIVED"] as const;
const DAY = 86400_000;

const stats = z
  .object({
    byStatus: z.record(z.enum(STATUSES), z.number().int()),
    total: z.number().int(),
    overdue: z.number().int(),
    completedThisWeek: z.number().int(),
    velocity: z.array(z.object({ sprintId: uuid, name: z.string(), completedPoints: z.number().int(), completedAt: z.string() })),
    burndown: z
      .object({
        sprintId: uuid,
        name: z.string(),
        totalPoints: z.number().int(),
        days: z.array(z.object({ date: z.string(), remaining: z.number(), ideal: z.number() })),
      })
      .nullable(),
  })
  .openapi("ProjectStats");

/** Monday 00:00 UTC of the week containing `now`. */
const weekStart = (now: Date) => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
};

export async function projectStats(ctx: AppContext, projectId: string) {
  const now = ctx.now();
  const live = { projectId, deletedAt: null };
  const [groups, overdue, completedThisWeek, lastSprints, active] = await Promise.all([
    ctx.db.task.groupBy({ by: ["status"], where: live, _count: true }),
    ctx.db.task.count({ where: { ...live, dueDate: { lt: now }, status: { notIn: ["DONE", "ARCHIVED"] } } }),
    ctx.db.task.count({ where: { ...live, status: "DONE", completedAt: { gte: weekStart(now) } } }),
    ctx.db.sprint.findMany({ where: { projectId, status: "COMPLETED" }, orderBy: { completedAt: "desc" }, take: 3 }),
    ctx.db.sprint.findFirst({ where: { projectId, status: "ACTIVE" } }),
  ]);
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, groups.find((g) => g.status === s)?._count ?? 0])) as Record<(typeof STATUSES)[number], number>;
  let burndown = null;
  if (active) {
    const tasks = await ctx.db.task.findMany({ where: { sprintId: active.id, deletedAt: null }, select: { storyPoints: true, status: true, completedAt: true } });
    const totalPoints = tasks.reduce((sum, t) => sum + (t.storyPoints ?? 0), 0);
    const start = new Date(`${(active.startDate ?? active.startedAt ?? now).toISOString().slice(0, 10)}T00:00:00Z`);
    const end = active.endDate ? new Date(active.endDate) : new Date(start.getTime() + 13 * DAY);
    const spanDays = Math.max(1, Math.round((end.getTime() - start.getTime()) / DAY));
    const lastDay = Math.min(end.getTime(), now.getTime());
    const days = [];
    for (let t = start.getTime(), i = 0; t <= lastDay && i <= 366; t += DAY, i++) {
      const endOfDay = new Date(t + DAY);
      const done = tasks.filter((x) => x.status === "DONE" && x.completedAt && x.completedAt < endOfDay).reduce((s, x) => s + (x.storyPoints ?? 0), 0);
      days.push({ date: new Date(t).toISOString().slice(0, 10), remaining: totalPoints - done, ideal: Math.max(0, Math.round((totalPoints * (1 - i / spanDays)) * 10) / 10) });
    }
    burndown = { sprintId: active.id, name: active.name, totalPoints, days };
  }
  return {
    byStatus,
    total: groups.reduce((s, g) => s + g._count, 0),
    overdue,
    completedThisWeek,
    velocity: lastSprints.reverse().map((s) => ({ sprintId: s.id, name: s.name, completedPoints: s.completedPoints ?? 0, completedAt: s.completedAt!.toISOString() })),
    burndown,
  };
}

export function statsRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/projects/:id/stats",
      summary: "Project dashboard numbers: tasks by status, overdue, completed this week, velocity of the last 3 sprints, burndown of the active sprint",
      tags: ["Projects"],
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Numbers", schema: envelope(stats) } },
      handler: async ({ auth, params }) => {
        await loadProject(ctx, auth.userId, params.id);
        return ok(await projectStats(ctx, params.id));
      },
    }),
  ];
}
