import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";

/**
 * Tasks, labels and comments as the API serves them (SPEC Appendix A), with
 * their query keys and hooks. Board, list, drawer and my-tasks all build on
 * these; realtime events invalidate `taskKeys.all`.
 */

export const TASK_STATUSES = ["TODO", "IN_PROGRESS", "IN_REVIEW", "BLOCKED", "DONE"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number] | "ARCHIVED";
export const TASK_PRIORITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

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

export interface UserRef {
  id: string;
  name: string;
}

export interface LabelRef {
  id: string;
  name: string;
  color: string;
}

export interface Task {
  id: string;
  /** PROJECTKEY-number; null for personal tasks. */
  key: string | null;
  workspaceId: string;
  projectId: string | null;
  number: number | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  storyPoints: number | null;
  dueDate: string | null;
  position: number;
  parentId: string | null;
  sprintId: string | null;
  assignees: UserRef[];
  labels: LabelRef[];
  subtaskCount: number;
  createdById: string;
  completedAt: string | null;
  deletedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TaskInput {
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  storyPoints: number | null;
  dueDate: string | null;
  assigneeIds: string[];
  labelIds: string[];
  parentId: string | null;
  sprintId: string | null;
}

export type TaskSort = "position" | "-createdAt" | "createdAt" | "dueDate" | "-dueDate" | "priority" | "-priority" | "number" | "-number" | "-updatedAt";

/** Query filters of `GET /projects/:id/tasks` and `GET /tasks` (undefined = not filtered). */
export interface TaskFilters {
  page?: number;
  perPage?: number;
  /** One status or several, comma-separated. */
  status?: string;
  assigneeId?: string;
  labelId?: string;
  /** A sprint id, or "none" for the backlog. */
  sprintId?: string;
  priority?: TaskPriority;
  dueBefore?: string;
  dueAfter?: string;
  q?: string;
  parentId?: string;
  sort?: TaskSort;
  /** Only for `GET /tasks`. */
  workspaceId?: string;
  projectId?: string;
}

export interface Label {
  id: string;
  workspaceId: string;
  name: string;
  color: string;
  createdAt: string;
}

export interface Comment {
  id: string;
  taskId: string;
  authorId: string;
  author: UserRef | null;
  body: string;
  mentions: string[];
  editedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

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
function query(filters: TaskFilters) {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string | number>;
}

export function useProjectTasks(projectId: string, filters: TaskFilters, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: taskKeys.projectList(projectId, filters),
    queryFn: () => api.list<Task>(`/projects/${projectId}/tasks`, { query: query(filters) }),
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
    queryFn: async () => {
      const tasks: Task[] = [];
      for (let page = 1; page <= 50; page++) {
        const res = await api.list<Task>(`/projects/${projectId}/tasks`, { query: { ...query(filters), page, perPage: 100, sort: "position" } });
        tasks.push(...res.data);
        if (page >= res.meta!.totalPages) break;
      }
      return tasks;
    },
  });
}

export function useMyTasks(filters: TaskFilters) {
  return useQuery({
    queryKey: taskKeys.mine(filters),
    queryFn: () => api.list<Task>("/tasks", { query: query(filters) }),
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: string | null) {
  return useQuery({
    queryKey: taskKeys.detail(id ?? ""),
    queryFn: () => api.get<Task>(`/tasks/${id}`),
    enabled: !!id,
  });
}

export function useLabels(workspaceId: string) {
  return useQuery({
    queryKey: taskKeys.labels(workspaceId),
    queryFn: () => api.list<Label>(`/workspaces/${workspaceId}/labels`, { query: { perPage: 100 } }).then((r) => r.data),
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
      return projectId ? api.post<Task>(`/projects/${projectId}/tasks`, body) : api.post<Task>("/tasks", { ...body, workspaceId });
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
    mutationFn: ({ id, ...changes }: Partial<TaskInput> & { id: string; version: number }) => api.patch<Task>(`/tasks/${id}`, changes),
    onSuccess: (task) => rememberTask(queryClient, task),
    onSettled: () => void invalidateTasks(queryClient),
  });
}

/** Board move: one row written; `beforeId` is the card above, `afterId` the card below. */
export function useMoveTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; status: TaskStatus; beforeId?: string; afterId?: string; version: number }) =>
      api.post<Task>(`/tasks/${id}/move`, body),
    onSuccess: (task) => rememberTask(queryClient, task),
  });
}

export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/tasks/${id}`),
    onSettled: () => void invalidateTasks(queryClient),
  });
}

export function useRestoreTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Task>(`/tasks/${id}/restore`),
    onSettled: () => void invalidateTasks(queryClient),
  });
}
