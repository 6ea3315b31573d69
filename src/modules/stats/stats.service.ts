import type { Sprint } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { loadProject } from "../projects";
import { canReadStats } from "./stats.policy";
import { FINISHED, TASK_STATUSES, VELOCITY_SPRINTS, type TaskStatusName } from "./stats.schema";
import { fromIsoDay, isoDay } from "../../lib/dates";

/**
 * Dashboard numbers (SPEC §4.3), aggregated in PostgreSQL.
 *
 * Project: tasks by status, overdue, done this week, velocity, burndown.
 * Workspace: the team's tasks across its projects. What counts: live (not
 * deleted) tasks of the workspace's projects that are not archived. Personal
 * tasks never count — other members' are private to their creator, and the
 * caller's own are left out too, so every member sees the same team numbers
 * (personal to-dos live in "my tasks", GET /tasks). No task rows are loaded.
 */

const DAY = 86_400_000;

/** Monday 00:00 UTC of the week containing `now`. */
export function weekStart(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
}

/** `{TODO: n, ...}` with every status present, from grouped counts. */
export function countByStatus(groups: Array<{ status: TaskStatusName; count: number }>): Record<TaskStatusName, number> {
  const out = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatusName, number>;
  for (const g of groups) out[g.status] += g.count;
  return out;
}

/** `2026-01-31` */


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
  const start = fromIsoDay(isoDay(sprint.startDate ?? sprint.startedAt ?? now));
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

/** The permission check of the project dashboard (run before the read cache): the project, or 404/403. */
export async function projectStatsReader(ctx: AppContext, userId: string, projectId: string) {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canReadStats(role), roleDenies(role, "reading the dashboard"));
  return project;
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

/** The permission check of the workspace dashboard (run before the read cache). */
export async function workspaceStatsReader(ctx: AppContext, userId: string, workspaceId: string) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canReadStats(role), roleDenies(role, "reading the dashboard"));
}

export async function workspaceStats(ctx: AppContext, workspaceId: string, weeks: number) {
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
