import type { Sprint } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams, uuid, z } from "../../lib/zod";
import { loadProject } from "../projects";
import { byStatusSchema, countByStatus, DAY, FINISHED, isoDay, weekStart } from "./stats.shared";

/** Project dashboard numbers (SPEC §4.3): tasks by status, overdue, done this week, velocity, burndown. */

const burndownDay = z.object({
  date: z.string(),
  remaining: z.number().nullable().openapi({ description: "Story points not done at the end of the day; null for days still to come" }),
  ideal: z.number().openapi({ description: "Points a steady pace would leave at the end of the day" }),
  remainingTasks: z.number().int().nullable().openapi({ description: "Tasks not done at the end of the day; null for days still to come" }),
  idealTasks: z.number(),
  scope: z.number().int().nullable().openapi({ description: "Story points in the sprint that day; null for days still to come" }),
  scopeTasks: z.number().int().nullable().openapi({ description: "Tasks in the sprint that day; null for days still to come" }),
});

const stats = z
  .object({
    byStatus: byStatusSchema,
    total: z.number().int(),
    overdue: z.number().int(),
    completedThisWeek: z.number().int(),
    velocity: z.array(z.object({ sprintId: uuid, name: z.string(), completedPoints: z.number().int(), completedAt: z.string() })),
    burndown: z
      .object({
        sprintId: uuid,
        name: z.string(),
        totalPoints: z.number().int(),
        totalTasks: z.number().int(),
        startDate: z.string(),
        endDate: z.string(),
        days: z.array(burndownDay).openapi({ description: "Every day of the sprint, first to last" }),
      })
      .nullable(),
  })
  .openapi("ProjectStats");

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Day by day, from the sprint's start to its end (14 days when it has no end
 * date): the sprint's scope, what was left at the end of each day, and what a
 * steady pace would leave. Past days come from the sprint's snapshots (the
 * analytics job), so scope changes show on their day; a past day without one
 * (the job did not run) and today are counted from the tasks in the sprint now,
 * by when they were completed.
 */
async function sprintBurndown(ctx: AppContext, sprint: Sprint, now: Date) {
  const [tasks, snapshots] = await Promise.all([
    ctx.db.task.findMany({ where: { sprintId: sprint.id, deletedAt: null }, select: { storyPoints: true, status: true, completedAt: true } }),
    ctx.db.sprintSnapshot.findMany({ where: { sprintId: sprint.id } }),
  ]);
  const snapshotOf = new Map(snapshots.map((s) => [isoDay(s.day), s]));
  const totalPoints = tasks.reduce((sum, t) => sum + (t.storyPoints ?? 0), 0);
  const start = new Date(`${isoDay(sprint.startDate ?? sprint.startedAt ?? now)}T00:00:00Z`);
  const end = sprint.endDate ? new Date(sprint.endDate) : new Date(start.getTime() + 13 * DAY);
  const spanDays = Math.max(1, Math.round((end.getTime() - start.getTime()) / DAY));
  const today = isoDay(now);
  const days = [];
  for (let t = start.getTime(), i = 0; t <= end.getTime() && i <= 366; t += DAY, i++) {
    const date = isoDay(new Date(t));
    const pace = Math.max(0, 1 - i / spanDays);
    const ideal = { ideal: round1(totalPoints * pace), idealTasks: round1(tasks.length * pace) };
    const snapshot = date < today ? snapshotOf.get(date) : undefined;
    if (t > now.getTime()) {
      days.push({ date, remaining: null, remainingTasks: null, scope: null, scopeTasks: null, ...ideal });
    } else if (snapshot) {
      days.push({ date, remaining: snapshot.remainingPoints, remainingTasks: snapshot.remainingTasks, scope: snapshot.scopePoints, scopeTasks: snapshot.scopeTasks, ...ideal });
    } else {
      const endOfDay = new Date(t + DAY);
      const done = tasks.filter((x) => x.status === "DONE" && x.completedAt && x.completedAt < endOfDay);
      const donePoints = done.reduce((sum, x) => sum + (x.storyPoints ?? 0), 0);
      days.push({ date, remaining: totalPoints - donePoints, remainingTasks: tasks.length - done.length, scope: totalPoints, scopeTasks: tasks.length, ...ideal });
    }
  }
  return { sprintId: sprint.id, name: sprint.name, totalPoints, totalTasks: tasks.length, startDate: isoDay(start), endDate: isoDay(end), days };
}

export async function projectStats(ctx: AppContext, projectId: string) {
  const now = ctx.now();
  const live = { projectId, deletedAt: null };
  const [groups, overdue, completedThisWeek, lastSprints, active] = await Promise.all([
    ctx.db.task.groupBy({ by: ["status"], where: live, _count: true }),
    ctx.db.task.count({ where: { ...live, dueDate: { lt: now }, status: { notIn: FINISHED } } }),
    ctx.db.task.count({ where: { ...live, status: "DONE", completedAt: { gte: weekStart(now) } } }),
    ctx.db.sprint.findMany({ where: { projectId, status: "COMPLETED" }, orderBy: { completedAt: "desc" }, take: 3 }),
    ctx.db.sprint.findFirst({ where: { projectId, status: "ACTIVE" } }),
  ]);
  return {
    byStatus: countByStatus(groups.map((g) => ({ status: g.status, count: g._count }))),
    total: groups.reduce((s, g) => s + g._count, 0),
    overdue,
    completedThisWeek,
    velocity: lastSprints.reverse().map((s) => ({ sprintId: s.id, name: s.name, completedPoints: s.completedPoints ?? 0, completedAt: s.completedAt!.toISOString() })),
    burndown: active ? await sprintBurndown(ctx, active, now) : null,
  };
}

export function projectStatsRoutes(ctx: AppContext): AnyRoute[] {
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
