import { useQuery } from "@tanstack/react-query";
import { api, type Schema } from "../../lib/api";

/**
 * GET /workspaces/:id/stats: the team's tasks across the projects that are
 * not archived. Personal tasks are never counted, so every member sees the
 * same numbers. `completedPerWeek` is oldest first (the last entry is the
 * current week), `velocity` the last completed sprints oldest first,
 * `projects` the ones not archived, most open tasks first.
 */
export type WorkspaceStats = Schema<"WorkspaceStats">;

export const workspaceStatsKey = (workspaceId: string) => ["workspaces", workspaceId, "stats"] as const;

export function useWorkspaceStats(workspaceId: string) {
  return useQuery({
    queryKey: workspaceStatsKey(workspaceId),
    queryFn: () => api.get("/workspaces/{workspaceId}/stats", { path: { workspaceId } }),
    // Task events reach project rooms only, not this page: refetch on every visit instead.
    staleTime: 0,
  });
}
