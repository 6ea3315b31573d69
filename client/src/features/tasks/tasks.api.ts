import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, fetchAllPages, type ApiBody, type ApiQuery, type Schema } from "../../lib/api";

/**
 * Tasks, labels and comments as the API serves them (SPEC Appendix A), with
 * their query keys and hooks. Board, list, drawer and my-tasks all build on
 * these; realtime events invalidate `taskKeys.all`.
 */

export type TaskStatus = Schema<"TaskStatus">;
export const TASK_STATUSES = ["TODO", "IN_PROGRESS", "IN_REVIEW", "BLOCKED", "DONE"] as const satisfies readonly TaskStatus[];
export type TaskPriority = Schema<"TaskPriority">;
export const TASK_PRIORITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const satisfies readonly TaskPriority[];

export const TASK_STATUS_LABEL: Record<TaskStatus, string> = {
  TODO: "To do",
  IN_PROGRESS: "In progress",
  IN_REVIEW: "In review",
  BLOCKED: "Blocked",
  DONE: "Done",
  ARCHIVED: "Archived",
};

export const TASK_PRIORITY_LABEL: Record<TaskPriority, string> = {
  LOW: "Low",
  MEDIUM: "Medium",
  HIGH: "High",
  CRITICAL: "Critical",
};

export type Task = Schema<"Task">;
export type UserRef = Task["assignees"][number];
export type LabelRef = Task["labels"][number];
/** Every field a task can be created with (`title` is required when creating). */
export type TaskInput = Required<Omit<Schema<"CreateTaskRequest">, "title">> & { title: string };
export type TaskSort = NonNullable<TaskFilters["sort"]>;

/** Query filters of `GET /projects/:id/tasks` and `GET /tasks` (undefined = not filtered). */
export type TaskFilters = ApiQuery<"get", "/projects/{projectId}/tasks"> & Pick<ApiQuery<"get", "/tasks">, "workspaceId" | "projectId">;

export type Label = Schema<"Label">;
export type Comment = Schema<"Comment">;

export const taskKeys = {
  all: ["tasks"] as const,
  project: (projectId: string) => ["tasks", "project", projectId] as const,
  projectList: (projectId: string, filters: TaskFilters) => ["tasks", "project", projectId, filters] as const,
  mine: (filters: TaskFilters) => ["tasks", "mine", filters] as const,
  detail: (id: string) => ["tasks", "detail", id] as const,
  comments: (id: string) => ["tasks", "detail", id, "comments"] as const,
  activity: (id: string) => ["tasks", "detail", id, "activity"] as const,
  labels: (workspaceId: string) => ["workspaces", workspaceId, "labels"] as const,
};

/** Drops undefined and empty filters so they stay out of the URL and the cache key. */
function query<F extends TaskFilters>(filters: F): F {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== "")) as F;
}

/** The project-list filters of `filters` (the ones `GET /projects/:id/tasks` takes). */
function projectQuery({ workspaceId: _w, projectId: _p, ...filters }: TaskFilters) {
  return query(filters);
}

export function useProjectTasks(projectId: string, filters: TaskFilters, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: taskKeys.projectList(projectId, filters),
    queryFn: () => call("get", "/projects/{projectId}/tasks", { path: { projectId }, query: projectQuery(filters) }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

/**
 * Every task of a project in board order (pages of 100 fetched one after the
 * other), for the board and the sprint planner.
 */
export function useAllProjectTasks(projectId: string, filters: Omit<TaskFilters, "page" | "perPage" | "sort"> = {}) {
  return useQuery({
    queryKey: taskKeys.projectList(projectId, { ...filters, perPage: -1 }),
    queryFn: () =>
      fetchAllPages((page) =>
        call("get", "/projects/{projectId}/tasks", { path: { projectId }, query: { ...projectQuery(filters), page, perPage: 100, sort: "position" } }),
      ),
  });
}

export function useMyTasks(filters: TaskFilters) {
  return useQuery({
    queryKey: taskKeys.mine(filters),
    queryFn: () => call("get", "/tasks", { query: query(filters) }),
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: string | null) {
  return useQuery({
    queryKey: taskKeys.detail(id ?? ""),
    queryFn: () => api.get("/tasks/{id}", { path: { id: id! } }),
    enabled: !!id,
  });
}

export function useLabels(workspaceId: string) {
  return useQuery({
    queryKey: taskKeys.labels(workspaceId),
    queryFn: () => api.get("/workspaces/{workspaceId}/labels", { path: { workspaceId } }),
    staleTime: 30_000,
  });
}

/** Puts a task the server just returned into every cached place that shows it. */
export function rememberTask(queryClient: QueryClient, task: Task): void {
  queryClient.setQueryData(taskKeys.detail(task.id), task);
}

export function invalidateTasks(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: taskKeys.all });
}

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    /** `projectId` for a project task; `workspaceId` alone for a personal task. */
    mutationFn: (input: Partial<TaskInput> & { title: string; projectId?: string; workspaceId?: string }) => {
      const { projectId, workspaceId, ...body } = input;
      return projectId
        ? api.post("/projects/{projectId}/tasks", { path: { projectId }, body })
        : api.post("/tasks", { body: { ...body, workspaceId } satisfies ApiBody<"post", "/tasks"> });
    },
    onSuccess: (task) => {
      rememberTask(queryClient, task);
      void invalidateTasks(queryClient);
    },
  });
}

export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: Partial<TaskInput> & { id: string; version: number }) => api.patch("/tasks/{id}", { path: { id }, body: changes }),
    onSuccess: (task) => rememberTask(queryClient, task),
    onSettled: () => void invalidateTasks(queryClient),
  });
}

/** Board move: one row written; `beforeId` is the card above, `afterId` the card below. */
export function useMoveTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; status: TaskStatus; beforeId?: string; afterId?: string; version: number }) =>
      api.post("/tasks/{id}/move", { path: { id }, body }),
    onSuccess: (task) => rememberTask(queryClient, task),
  });
}

export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete("/tasks/{id}", { path: { id } }),
    onSettled: () => void invalidateTasks(queryClient),
  });
}

export function useRestoreTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post("/tasks/{id}/restore", { path: { id } }),
    onSettled: () => void invalidateTasks(queryClient),
  });
}
