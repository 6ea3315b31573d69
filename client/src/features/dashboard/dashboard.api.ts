import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import type { TaskStatus } from "../tasks/tasks.api";

/**
 * GET /workspaces/:id/stats: the team's tasks across the projects that are
 * not archived. Personal tasks are never counted, so every member sees the
 * same numbers.
 */
export interface WorkspaceStats {
  byStatus: Record<TaskStatus, number>;
  total: number;
  open: number;
  overdue: number;
  /** Oldest first; the last entry is the current week (weeks start Monday 00:00 UTC). */
  completedPerWeek: Array<{ weekStart: string; tasks: number; points: number }>;
  /** Last completed sprints across projects, oldest first. */
  velocity: Array<{ sprintId: string; name: string; projectId: string; projectKey: string; completedPoints: number; completedAt: string }>;
  /** Projects that are not archived, most open tasks first. */
  projects: Array<{ id: string; key: string; name: string; color: string; total: number; open: number; overdue: number }>;
}

export const workspaceStatsKey = (workspaceId: string) => ["workspaces", workspaceId, "stats"] as const;

export function useWorkspaceStats(workspaceId: string) {
  return useQuery({
    queryKey: workspaceStatsKey(workspaceId),
    queryFn: () => api.get<WorkspaceStats>(`/workspaces/${workspaceId}/stats`),
    // Task events reach project rooms only, not this page: refetch on every visit instead.
    staleTime: 0,
  });
}
