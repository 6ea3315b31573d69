import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schema } from "../../lib/api";
import { can, type Permitted } from "../../lib/permissions";
import { invalidateTasks, rememberTask, taskKeys, type Task } from "../tasks/tasks.api";

/**
 * Sprints and the project's stats as the API serves them. Everything is
 * cached under ["projects", projectId, ...] so the realtime provider's
 * invalidation of ["projects", projectId] on task and sprint events keeps the
 * Sprints tab live.
 */

export type Sprint = Schema<"Sprint">;
export type SprintStatus = Schema<"SprintStatus">;
/** Every field a sprint is created with; dates are plain (YYYY-MM-DD). */
export type SprintInput = Required<Schema<"CreateSprintRequest">>;
export type ProjectStats = Schema<"ProjectStats">;
/** A day of the burndown: `remaining` and `scope` are null for days still to come. */
export type BurndownDay = NonNullable<ProjectStats["burndown"]>["days"][number];

/** Where unfinished tasks go when a sprint is completed: a planned sprint's id, or the backlog. */
export type CarryOverTarget = Schema<"CompleteSprintRequest">["carryOverTo"];

/** Contributors plan, start and complete sprints (sprint:create, sprint:update); viewers only look. */
export const canPlanSprints = (workspace: Permitted) => can(workspace, "sprint:create") && can(workspace, "sprint:update");
/** Deleting a (planned) sprint: sprint:delete (owners and admins). */
export const canDeleteSprints = (workspace: Permitted) => can(workspace, "sprint:delete");

export const sprintKeys = {
  list: (projectId: string) => ["projects", projectId, "sprints"] as const,
  stats: (projectId: string) => ["projects", projectId, "stats"] as const,
};

export function useSprints(projectId: string) {
  return useQuery({
    queryKey: sprintKeys.list(projectId),
    queryFn: () => api.get("/projects/{id}/sprints", { path: { id: projectId } }),
  });
}

export function useProjectStats(projectId: string) {
  return useQuery({
    queryKey: sprintKeys.stats(projectId),
    queryFn: () => api.get("/projects/{id}/stats", { path: { id: projectId } }),
  });
}

/** After any sprint change: the sprint list, the stats and the project's task lists may all have moved. */
function useRefreshProject(projectId: string) {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: ["projects", projectId] }), invalidateTasks(queryClient)]);
}

export function useCreateSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: (input: SprintInput) => api.post("/projects/{id}/sprints", { path: { id: projectId }, body: input }),
    onSuccess: () => void refresh(),
  });
}

export function useUpdateSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: ({ id, ...changes }: Partial<SprintInput> & { id: string; version: number }) => api.patch("/sprints/{id}", { path: { id }, body: changes }),
    onSettled: () => void refresh(),
  });
}

export function useDeleteSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: (id: string) => api.delete("/sprints/{id}", { path: { id } }),
    onSettled: () => void refresh(),
  });
}

export function useStartSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: (id: string) => api.post("/sprints/{id}/start", { path: { id } }),
    onSettled: () => void refresh(),
  });
}

export function useCompleteSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: ({ id, carryOverTo }: { id: string; carryOverTo: CarryOverTarget }) => api.post("/sprints/{id}/complete", { path: { id }, body: { carryOverTo } }),
    onSettled: () => void refresh(),
  });
}

/**
 * Puts a task into a sprint (or back to the backlog with null): one PATCH with
 * the task's version. The project's cached task lists get the new task at
 * once, so it leaves the list it was in before the refetch lands.
 */
export function useMoveToSprint(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: ({ task, sprintId }: { task: Task; sprintId: string | null }) => api.patch("/tasks/{id}", { path: { id: task.id }, body: { sprintId, version: task.version } }),
    onSuccess: (task) => {
      rememberTask(queryClient, task);
      queryClient.setQueriesData<unknown>({ queryKey: taskKeys.project(projectId) }, (list: unknown) =>
        Array.isArray(list) ? (list as Task[]).map((t) => (t.id === task.id ? task : t)) : list,
      );
    },
    onSettled: () => void refresh(),
  });
}
