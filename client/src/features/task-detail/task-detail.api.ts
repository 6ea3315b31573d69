import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { api, call, fetchAllPages, type ApiData, type Paged } from "../../lib/api";
import { memberKeys } from "../members/members.api";
import { taskKeys, type Comment, type Label, type Task, type TaskFilters } from "../tasks/tasks.api";

/**
 * Server state of the task drawer beyond the task itself: comments, activity,
 * subtasks, watch state, the project's sprints and the workspace's members.
 * Keys sit under `taskKeys.detail(id)` where they belong to one task, so the
 * realtime invalidation of `taskKeys.all` refreshes them too.
 */

export type WatchState = ApiData<"get", "/tasks/{id}/watch">;

const COMMENTS_PER_PAGE = 20;
const ACTIVITY_PER_PAGE = 50;
const SUBTASKS_PER_PAGE = 100;

export const drawerKeys = {
  watch: (taskId: string) => [...taskKeys.detail(taskId), "watch"] as const,
  // Under ["projects", id] so sprint events (RealtimeProvider) refresh it.
  sprints: (projectId: string) => ["projects", projectId, "sprints"] as const,
  // Under memberKeys.all so member events refresh it.
  allMembers: (workspaceId: string) => [...memberKeys.all(workspaceId), "all"] as const,
};

/** Next page number of a page-numbered list, for infinite queries. */
function nextPage<T>(last: Paged<T>): number | undefined {
  const meta = last.meta;
  return meta && meta.page < meta.totalPages ? meta.page + 1 : undefined;
}

// ---------------------------------------------------------------------------
// Members (assignee picker, mentions, names in the activity timeline)

/**
 * Every member of a workspace (pages of 100, bounded). Cached as `{data}` like
 * a members page, so the realtime layer can find actor names in it too.
 */
export function useAllMembers(workspaceId: string) {
  return useQuery({
    queryKey: drawerKeys.allMembers(workspaceId),
    queryFn: async () => ({
      data: await fetchAllPages((page) => call("get", "/workspaces/{id}/members", { path: { id: workspaceId }, query: { page, perPage: 100 } }), 20),
    }),
    select: (r) => r.data,
    staleTime: 60_000,
  });
}

// ---------------------------------------------------------------------------
// Labels and sprints

export function useCreateLabel(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; color: string }) => api.post("/workspaces/{workspaceId}/labels", { path: { workspaceId }, body: input }),
    onSuccess: (label) => {
      queryClient.setQueryData<Label[]>(taskKeys.labels(workspaceId), (labels) =>
        labels ? [...labels, label].sort((a, b) => a.name.localeCompare(b.name)) : labels,
      );
      void queryClient.invalidateQueries({ queryKey: taskKeys.labels(workspaceId) });
    },
  });
}

export function useProjectSprints(projectId: string | null) {
  return useQuery({
    queryKey: drawerKeys.sprints(projectId ?? ""),
    queryFn: () => api.get("/projects/{id}/sprints", { path: { id: projectId! } }),
    enabled: !!projectId,
    staleTime: 30_000,
  });
}

// ---------------------------------------------------------------------------
// Subtasks

function subtaskFilters(parentId: string): TaskFilters {
  return { parentId, perPage: SUBTASKS_PER_PAGE, sort: "createdAt" };
}

/** Subtasks of a task: the project's list filtered by parent, or "my tasks" for a personal task. */
export function useSubtasks(task: Pick<Task, "id" | "projectId" | "workspaceId">) {
  const filters = subtaskFilters(task.id);
  return useQuery({
    queryKey: task.projectId ? taskKeys.projectList(task.projectId, filters) : taskKeys.mine({ ...filters, workspaceId: task.workspaceId }),
    queryFn: () =>
      task.projectId
        ? call("get", "/projects/{projectId}/tasks", { path: { projectId: task.projectId }, query: { ...filters } })
        : call("get", "/tasks", { query: { ...filters, workspaceId: task.workspaceId } }),
  });
}

// ---------------------------------------------------------------------------
// Watching

export function useWatchState(taskId: string) {
  return useQuery({
    queryKey: drawerKeys.watch(taskId),
    queryFn: () => api.get("/tasks/{id}/watch", { path: { id: taskId } }),
  });
}

export function useSetWatching(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (watching: boolean) => api.put("/tasks/{id}/watch", { path: { id: taskId }, body: { watching } }),
    onSuccess: (state) => queryClient.setQueryData(drawerKeys.watch(taskId), state),
  });
}

// ---------------------------------------------------------------------------
// Comments

export type CommentPages = InfiniteData<Paged<Comment>, unknown>;

/** Comments oldest first, one page of 20 at a time ("Load more" fetches the next, newer page). */
export function useComments(taskId: string) {
  return useInfiniteQuery({
    queryKey: taskKeys.comments(taskId),
    queryFn: ({ pageParam }) => call("get", "/tasks/{id}/comments", { path: { id: taskId }, query: { page: pageParam, perPage: COMMENTS_PER_PAGE } }),
    initialPageParam: 1,
    getNextPageParam: nextPage,
  });
}

/** Replaces or removes one comment in every loaded page. */
function patchComment(pages: CommentPages | undefined, id: string, next: Comment | null): CommentPages | undefined {
  if (!pages) return pages;
  return {
    ...pages,
    pages: pages.pages.map((p) => ({
      ...p,
      data: next ? p.data.map((c) => (c.id === id ? next : c)) : p.data.filter((c) => c.id !== id),
      meta: p.meta && !next && p.data.some((c) => c.id === id) ? { ...p.meta, total: p.meta.total - 1 } : p.meta,
    })),
  };
}

export function useAddComment(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.post("/tasks/{id}/comments", { path: { id: taskId }, body: { body } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: taskKeys.activity(taskId) });
      // Commenting makes you a watcher.
      void queryClient.invalidateQueries({ queryKey: drawerKeys.watch(taskId) });
    },
  });
}

export function useEditComment(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, version }: { id: string; body: string; version: number }) => api.patch("/comments/{id}", { path: { id }, body: { body, version } }),
    onSuccess: (comment) => queryClient.setQueryData<CommentPages>(taskKeys.comments(taskId), (pages) => patchComment(pages, comment.id, comment)),
  });
}

export function useDeleteComment(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete("/comments/{id}", { path: { id } }),
    onSuccess: (_data, id) => {
      queryClient.setQueryData<CommentPages>(taskKeys.comments(taskId), (pages) => patchComment(pages, id, null));
      void queryClient.invalidateQueries({ queryKey: taskKeys.comments(taskId) });
      void queryClient.invalidateQueries({ queryKey: taskKeys.activity(taskId) });
    },
  });
}

/** Puts the comment a 409 answered with into the cache (someone edited it meanwhile). */
export function rememberComment(queryClient: ReturnType<typeof useQueryClient>, taskId: string, comment: Comment) {
  queryClient.setQueryData<CommentPages>(taskKeys.comments(taskId), (pages) => patchComment(pages, comment.id, comment));
}

// ---------------------------------------------------------------------------
// Activity

export function useActivity(taskId: string) {
  return useInfiniteQuery({
    queryKey: taskKeys.activity(taskId),
    queryFn: ({ pageParam }) => call("get", "/tasks/{id}/activity", { path: { id: taskId }, query: { page: pageParam, perPage: ACTIVITY_PER_PAGE } }),
    initialPageParam: 1,
    getNextPageParam: nextPage,
  });
}
