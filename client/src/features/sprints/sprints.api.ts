import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import type { Role } from "../../lib/types";
import { invalidateTasks, rememberTask, taskKeys, type Task } from "../tasks/tasks.api";

/**
 * Sprints and the project's stats as the API serves them. Everything is
 * cached under ["projects", projectId, ...] so the realtime provider's
 * invalidation of ["projects", projectId] on task and sprint events keeps the
 * Sprints tab live.
 */

export type SprintStatus = "PLANNED" | "ACTIVE" | "COMPLETED";

export interface Sprint {
  id: string;
  projectId: string;
  name: string;
  goal: string | null;
  status: SprintStatus;
  /** Plain dates (YYYY-MM-DD). */
  startDate: string | null;
  endDate: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** Story points done when the sprint was completed. */
  completedPoints: number | null;
  taskCount: number;
  points: number;
  version: number;
  createdAt: string;
}

export interface SprintInput {
  name: string;
  goal: string | null;
  startDate: string | null;
  endDate: string | null;
}

export interface BurndownDay {
  date: string;
  /** null for days still to come. */
  remaining: number | null;
  ideal: number;
  remainingTasks: number | null;
  idealTasks: number;
  /** What was in the sprint that day (it grows when tasks come in mid-sprint); null for days still to come. */
  scope: number | null;
  scopeTasks: number | null;
}

export interface ProjectStats {
  byStatus: Record<string, number>;
  total: number;
  overdue: number;
  completedThisWeek: number;
  velocity: Array<{ sprintId: string; name: string; completedPoints: number; completedAt: string }>;
  burndown: { sprintId: string; name: string; totalPoints: number; totalTasks: number; startDate: string; endDate: string; days: BurndownDay[] } | null;
}

/** Where unfinished tasks go when a sprint is completed: a planned sprint's id, or the backlog. */
export type CarryOverTarget = string | "backlog";

export const sprintKeys = {
  list: (projectId: string) => ["projects", projectId, "sprints"] as const,
  stats: (projectId: string) => ["projects", projectId, "stats"] as const,
};

/** Mirrors the server: contributors plan, start and complete sprints; viewers only look. */
export const canPlanSprints = (role: Role) => role !== "VIEWER";
/** Deleting a (planned) sprint needs project:update — owners and admins. */
export const canDeleteSprints = (role: Role) => role === "OWNER" || role === "ADMIN";

export function useSprints(projectId: string) {
  return useQuery({
    queryKey: sprintKeys.list(projectId),
    queryFn: () => api.get<Sprint[]>(`/projects/${projectId}/sprints`),
  });
}

export function useProjectStats(projectId: string) {
  return useQuery({
    queryKey: sprintKeys.stats(projectId),
    queryFn: () => api.get<ProjectStats>(`/projects/${projectId}/stats`),
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
    mutationFn: (input: SprintInput) => api.post<Sprint>(`/projects/${projectId}/sprints`, input),
    onSuccess: () => void refresh(),
  });
}

export function useUpdateSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: ({ id, ...changes }: Partial<SprintInput> & { id: string; version: number }) => api.patch<Sprint>(`/sprints/${id}`, changes),
    onSettled: () => void refresh(),
  });
}

export function useDeleteSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: (id: string) => api.delete(`/sprints/${id}`),
    onSettled: () => void refresh(),
  });
}

export function useStartSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: (id: string) => api.post<Sprint>(`/sprints/${id}/start`),
    onSettled: () => void refresh(),
  });
}

export function useCompleteSprint(projectId: string) {
  const refresh = useRefreshProject(projectId);
  return useMutation({
    mutationFn: ({ id, carryOverTo }: { id: string; carryOverTo: CarryOverTarget }) => api.post<Sprint>(`/sprints/${id}/complete`, { carryOverTo }),
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
    mutationFn: ({ task, sprintId }: { task: Task; sprintId: string | null }) => api.patch<Task>(`/tasks/${task.id}`, { sprintId, version: task.version }),
    onSuccess: (task) => {
      rememberTask(queryClient, task);
      queryClient.setQueriesData<unknown>({ queryKey: taskKeys.project(projectId) }, (list: unknown) =>
        Array.isArray(list) ? (list as Task[]).map((t) => (t.id === task.id ? task : t)) : list,
      );
    },
    onSettled: () => void refresh(),
  });
}
