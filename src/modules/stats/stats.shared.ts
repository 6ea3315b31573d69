import { z } from "../../lib/zod";

/** Pieces both dashboards (project and workspace) count with. */

export const TASK_STATUSES = ["TODO", "IN_PROGRESS", "IN_REVIEW", "BLOCKED", "DONE", "ARCHIVED"] as const;
export type TaskStatusName = (typeof TASK_STATUSES)[number];

/** Statuses that are no longer work to do: they never count as open or overdue. */
export const FINISHED: TaskStatusName[] = ["DONE", "ARCHIVED"];

export const DAY = 86_400_000;

export const byStatusSchema = z.record(z.enum(TASK_STATUSES), z.number().int()).openapi({ description: "Number of tasks per status (every status present, 0 when none)" });

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
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
