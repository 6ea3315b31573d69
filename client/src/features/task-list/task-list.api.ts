import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { invalidateTasks, type Task, type TaskStatus } from "../tasks/tasks.api";

/** `POST /tasks/bulk`: one transaction on the server, all or nothing. */
export type BulkAction =
  | { action: "move"; status: TaskStatus }
  | { action: "assign"; assigneeIds: string[] }
  | { action: "close" }
  | { action: "delete" };

export function useBulkTasks(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, ...action }: BulkAction & { ids: string[] }) => api.post<Task[]>("/tasks/bulk", { ids, ...action }),
    onSettled: () => {
      void invalidateTasks(queryClient);
      // Project numbers (stats, sprint totals) are cached under the project.
      void queryClient.invalidateQueries({ queryKey: ["projects", projectId] });
    },
  });
}

/** Brings back soft-deleted tasks (the undo of a bulk delete), one request each. */
export function restoreTasks(ids: string[]): Promise<Task[]> {
  return Promise.all(ids.map((id) => api.post<Task>(`/tasks/${id}/restore`)));
}

export interface SprintOption {
  id: string;
  name: string;
  status: "PLANNED" | "ACTIVE" | "COMPLETED";
}

/**
 * The project's sprints for the sprint filter (active first, then planned,
 * then completed). Cached under the project so sprint events refresh it.
 */
export function useSprintOptions(projectId: string) {
  return useQuery({
    queryKey: ["projects", projectId, "sprints", "filter-options"] as const,
    queryFn: () => api.get<SprintOption[]>(`/projects/${projectId}/sprints`),
    staleTime: 30_000,
  });
}
