import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type ApiBody } from "../../lib/api";
import { invalidateTasks, type Task } from "../tasks/tasks.api";
import type { Sprint } from "../sprints/sprints.api";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** `POST /tasks/bulk`: one transaction on the server, all or nothing. */
export type BulkAction = DistributiveOmit<ApiBody<"post", "/tasks/bulk">, "ids">;

export function useBulkTasks(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, ...action }: BulkAction & { ids: string[] }) => api.post("/tasks/bulk", { body: { ids, ...action } }),
    onSettled: () => {
      void invalidateTasks(queryClient);
      // Project numbers (stats, sprint totals) are cached under the project.
      void queryClient.invalidateQueries({ queryKey: ["projects", projectId] });
    },
  });
}

/** Brings back soft-deleted tasks (the undo of a bulk delete), one request each. */
export function restoreTasks(ids: string[]): Promise<Task[]> {
  return Promise.all(ids.map((id) => api.post("/tasks/{id}/restore", { path: { id } })));
}

export type SprintOption = Pick<Sprint, "id" | "name" | "status">;

/**
 * The project's sprints for the sprint filter (active first, then planned,
 * then completed). Cached under the project so sprint events refresh it.
 */
export function useSprintOptions(projectId: string) {
  return useQuery({
    queryKey: ["projects", projectId, "sprints", "filter-options"] as const,
    queryFn: () => api.get("/projects/{id}/sprints", { path: { id: projectId } }),
    staleTime: 30_000,
  });
}
