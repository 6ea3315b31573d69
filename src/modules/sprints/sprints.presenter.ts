import type { Sprint } from "../../generated/prisma/client";
import { isoDayOrNull } from "../../lib/dates";

/** What a sprint holds, counted by the service (tasks not deleted). */
export interface SprintTotals {
  taskCount: number;
  points: number;
}

export const presentSprint = (s: Sprint, totals: SprintTotals) => ({
  id: s.id,
  projectId: s.projectId,
  name: s.name,
  goal: s.goal,
  status: s.status,
  startDate: isoDayOrNull(s.startDate),
  endDate: isoDayOrNull(s.endDate),
  startedAt: s.startedAt?.toISOString() ?? null,
  completedAt: s.completedAt?.toISOString() ?? null,
  completedPoints: s.completedPoints,
  taskCount: totals.taskCount,
  points: totals.points,
  version: s.version,
  createdAt: s.createdAt.toISOString(),
});

export type PresentedSprint = ReturnType<typeof presentSprint>;
