import { uuid, z } from "../../lib/zod";

/** Dashboard numbers: what GET /projects/:id/stats and GET /workspaces/:workspaceId/stats answer. */

export const TASK_STATUSES = ["TODO", "IN_PROGRESS", "IN_REVIEW", "BLOCKED", "DONE", "ARCHIVED"] as const;
export type TaskStatusName = (typeof TASK_STATUSES)[number];

/** Statuses that are no longer work to do: they never count as open or overdue. */
export const FINISHED: TaskStatusName[] = ["DONE", "ARCHIVED"];

// An object with every status as a required key (a record over the enum documents them all as optional).
export const byStatusSchema = z
  .object(Object.fromEntries(TASK_STATUSES.map((s) => [s, z.number().int()])) as Record<TaskStatusName, z.ZodNumber>)
  .strict()
  .openapi("TasksByStatus", { description: "Number of tasks per status (every status present, 0 when none)" });

/** How many completed sprints the workspace's velocity shows. */
export const VELOCITY_SPRINTS = 8;

const burndownDay = z.object({
  date: z.string(),
  remaining: z.number().nullable().openapi({ description: "Story points not done at the end of the day; null for days still to come" }),
  ideal: z.number().openapi({ description: "Points a steady pace would leave at the end of the day" }),
  remainingTasks: z.number().int().nullable().openapi({ description: "Tasks not done at the end of the day; null for days still to come" }),
  idealTasks: z.number(),
  scope: z.number().int().nullable().openapi({ description: "Story points in the sprint that day; null for days still to come" }),
  scopeTasks: z.number().int().nullable().openapi({ description: "Tasks in the sprint that day; null for days still to come" }),
});

export const projectStats = z
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

export const workspaceParams = z.object({ workspaceId: uuid }).strict();
export const workspaceStatsQuery = z
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

export const workspaceStats = z
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
