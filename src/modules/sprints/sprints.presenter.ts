import type { Sprint } from "../../generated/prisma/client";

/** What a sprint holds, counted by the service (tasks not deleted). */
export interface SprintTotals {
  taskCount: number;
  points: number;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export const presentSprint = (s: Sprint, totals: SprintTotals) => ({
  id: s.id,
  projectId: s.projectId,
  name: s.name,
  goal: s.goal,
  status: s.status,
  startDate: day(s.startDate),
  endDate: day(s.endDate),
  startedAt: s.startedAt?.toISOString() ?? null,
  completedAt: s.completedAt?.toISOString() ?? null,
  completedPoints: s.completedPoints,
  taskCount: totals.taskCount,
  points: totals.points,
  version: s.version,
  createdAt: s.createdAt.toISOString(),
});

export type PresentedSprint = ReturnType<typeof presentSprint>;
