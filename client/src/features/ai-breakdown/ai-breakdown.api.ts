import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, type ApiBody, type ApiData } from "../../lib/api";
import { invalidateTasks } from "../tasks/tasks.api";

/**
 * Server state of "Break down with AI": whether the server has a provider,
 * starting a breakdown job, following it (GET /jobs/:id, polled while it runs:
 * the job emits no realtime events), and applying the chosen suggestions.
 */

export type AiJob = ApiData<"get", "/jobs/{id}">;
export type Suggestion = NonNullable<AiJob["result"]>["subtasks"][number];
export type ApplyBody = ApiBody<"post", "/tasks/{id}/ai-breakdown/apply">;

/** The same key as the settings page's status, so both share one answer. */
const statusKey = ["ai", "status"] as const;
export const jobKey = (jobId: string) => ["ai", "jobs", jobId] as const;

/** How often a running job is asked about; slower while the server cannot be reached. */
const POLL_MS = 1000;
const POLL_OFFLINE_MS = 4000;

/** Whether the server has an AI provider (the server probes reachability at most once a minute). */
export function useAiStatus(enabled: boolean) {
  return useQuery({ queryKey: statusKey, queryFn: () => api.get("/ai/status"), staleTime: 60_000, enabled });
}

export const isFinished = (job: AiJob | undefined) => job?.state === "completed" || job?.state === "failed";

/** One AI job, polled every second until it completes or fails. A 404 (deleted, or never ours) is final. */
export function useAiJob(jobId: string | null) {
  return useQuery({
    queryKey: jobKey(jobId ?? ""),
    queryFn: ({ signal }) => api.get("/jobs/{id}", { path: { id: jobId! }, signal }),
    enabled: !!jobId,
    staleTime: 0,
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 3,
    refetchInterval: (query) => {
      if (query.state.error instanceof ApiError && query.state.error.status === 404) return false;
      if (isFinished(query.state.data)) return false;
      return query.state.error ? POLL_OFFLINE_MS : POLL_MS;
    },
    refetchIntervalInBackground: false,
  });
}

export function useStartBreakdown(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/tasks/{id}/ai-breakdown", { path: { id: taskId } }),
    // Here rather than in mutate(): this runs even when the drawer was closed before the answer came.
    onSuccess: ({ jobId }) => rememberJob(taskId, jobId),
    onError: (error) => {
      // The server lost or gained its provider since the status was read: ask again.
      if (error instanceof ApiError && error.code === "AI_NOT_CONFIGURED") void queryClient.invalidateQueries({ queryKey: statusKey });
    },
  });
}

export function useApplyBreakdown(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplyBody) => api.post("/tasks/{id}/ai-breakdown/apply", { path: { id: taskId }, body }),
    onSettled: (_data, _error, body) => {
      void queryClient.invalidateQueries({ queryKey: jobKey(body.jobId) });
      // The new subtasks, the parent's counts and its activity.
      void invalidateTasks(queryClient);
    },
  });
}

// ---------------------------------------------------------------------------
// The breakdown being reviewed survives closing the drawer (this tab only).

const storageKey = (taskId: string) => `tf:ai-breakdown:${taskId}`;

export function rememberedJob(taskId: string): string | null {
  try {
    return sessionStorage.getItem(storageKey(taskId));
  } catch {
    return null;
  }
}

export function rememberJob(taskId: string, jobId: string | null): void {
  try {
    if (jobId) sessionStorage.setItem(storageKey(taskId), jobId);
    else sessionStorage.removeItem(storageKey(taskId));
  } catch {
    // Storage refused (private mode): the breakdown is just not kept across drawers.
  }
}
