import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, API_BASE, call, getAccessToken, refreshAccessToken, type Schema } from "../../lib/api";

/** Assistant threads and messages (GET /projects/:id/threads, GET /threads/:id/messages) and the answer stream (SSE). */
export type Thread = Schema<"AssistantThread">;
export type Message = Schema<"AssistantMessage">;

export type ThreadArtifact = Schema<"ArtifactSummary">;

/** Under ["projects", id], so the realtime provider's project invalidation (assistant.*, artifact.* events) refreshes them. */
export const threadsKey = (projectId: string) => ["projects", projectId, "threads"] as const;
export const threadArtifactsKey = (projectId: string, threadId: string) => ["projects", projectId, "threads", threadId, "artifacts"] as const;
export const messagesKey = (threadId: string) => ["threads", threadId, "messages"] as const;

/** Messages per page: the newest page first, "Load older" pages back with `before`. */
export const MESSAGES_PAGE = 30;

export function useThreads(projectId: string) {
  return useQuery({ queryKey: threadsKey(projectId), queryFn: () => api.get("/projects/{id}/threads", { path: { id: projectId }, query: { perPage: 100 } }) });
}

/** The thread's messages, oldest first, in pages fetched newest first (`fetchNextPage` loads older ones). */
export function useMessages(threadId: string | null) {
  const query = useInfiniteQuery({
    enabled: Boolean(threadId),
    queryKey: messagesKey(threadId ?? ""),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => call("get", "/threads/{id}/messages", { path: { id: threadId! }, query: { limit: MESSAGES_PAGE, ...(pageParam ? { before: pageParam } : {}) } }),
    getNextPageParam: (last) => last.meta.nextBefore ?? undefined,
  });
  const messages = query.data ? [...query.data.pages].reverse().flatMap((p) => p.data) : undefined;
  return { ...query, messages };
}

export function useThreadArtifacts(projectId: string, threadId: string | null) {
  return useQuery({
    enabled: Boolean(threadId),
    queryKey: threadArtifactsKey(projectId, threadId ?? ""),
    queryFn: () => api.get("/threads/{id}/artifacts", { path: { id: threadId! }, query: { perPage: 50 } }),
  });
}

export function useCreateThread(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (title?: string) => api.post("/projects/{id}/threads", { path: { id: projectId }, body: { mode: "chat", ...(title ? { title } : {}) } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: threadsKey(projectId) }),
  });
}

export function useRenameThread(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title, version }: { id: string; title: string; version: number }) => api.patch("/threads/{id}", { path: { id }, body: { title, version } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: threadsKey(projectId) }),
  });
}

export function useDeleteThread(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete("/threads/{id}", { path: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: threadsKey(projectId) }),
  });
}

export interface StreamHandlers {
  onEvent: (type: string, data: Record<string, unknown>, id: number) => void;
  signal: AbortSignal;
}

/** Reads an SSE response body frame by frame (fetch, so the Bearer header goes with it). */
async function readEvents(res: Response, h: StreamHandlers): Promise<void> {
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The assistant answered ${res.status}.`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let at: number;
    while ((at = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      let id = 0;
      let type = "message";
      let data = "";
      for (const line of frame.split("\n")) {
        if (line.startsWith("id:")) id = Number(line.slice(3).trim());
        else if (line.startsWith("event:")) type = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (data) h.onEvent(type, JSON.parse(data) as Record<string, unknown>, id);
    }
  }
}

const headers = (extra: Record<string, string> = {}) => ({ Accept: "text/event-stream", Authorization: `Bearer ${getAccessToken() ?? ""}`, ...extra });

/** fetch with the Bearer header, refreshing the access token once on a 401. */
async function authorisedFetch(url: string, init: () => RequestInit): Promise<Response> {
  let res = await fetch(url, init());
  if (res.status === 401 && (await refreshAccessToken())) res = await fetch(url, init());
  return res;
}

/** Sends a message and streams its answer in the same response. */
export async function sendAndStream(threadId: string, content: string, h: StreamHandlers): Promise<void> {
  const res = await authorisedFetch(`${API_BASE}/threads/${threadId}/messages`, () => ({ method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify({ content }), signal: h.signal }));
  await readEvents(res, h);
}

/** Answers the same question again (after a failed or stopped answer) and streams the new answer. */
export async function retryAndStream(messageId: string, h: StreamHandlers): Promise<void> {
  const res = await authorisedFetch(`${API_BASE}/messages/${messageId}/retry`, () => ({ method: "POST", headers: headers(), signal: h.signal }));
  await readEvents(res, h);
}

/** Follows an answer still being generated (after a reload), from the start or after `lastEventId`. */
export async function followStream(threadId: string, messageId: string, lastEventId: number, h: StreamHandlers): Promise<void> {
  const res = await authorisedFetch(`${API_BASE}/threads/${threadId}/stream?messageId=${messageId}`, () => ({ headers: headers(lastEventId ? { "Last-Event-ID": String(lastEventId) } : {}), signal: h.signal }));
  await readEvents(res, h);
}

export const stopAnswer = (messageId: string) => api.post("/messages/{id}/stop", { path: { id: messageId } });
