import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, API_BASE, getAccessToken, type Schema } from "../../lib/api";

/** Assistant threads and messages (GET /projects/:id/threads, GET /threads/:id/messages) and the answer stream (SSE). */
export type Thread = Schema<"AssistantThread">;
export type Message = Schema<"AssistantMessage">;

export const threadsKey = (projectId: string) => ["projects", projectId, "threads"] as const;
export const messagesKey = (threadId: string) => ["threads", threadId, "messages"] as const;

export function useThreads(projectId: string) {
  return useQuery({ queryKey: threadsKey(projectId), queryFn: () => api.get("/projects/{id}/threads", { path: { id: projectId }, query: { perPage: 100 } }) });
}

export function useMessages(threadId: string | null) {
  return useQuery({ enabled: Boolean(threadId), queryKey: messagesKey(threadId ?? ""), queryFn: () => api.get("/threads/{id}/messages", { path: { id: threadId! }, query: { limit: 100 } }) });
}

export function useCreateThread(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (title?: string) => api.post("/projects/{id}/threads", { path: { id: projectId }, body: { mode: "chat", ...(title ? { title } : {}) } }),
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

/** Sends a message and streams its answer in the same response. */
export async function sendAndStream(threadId: string, content: string, h: StreamHandlers): Promise<void> {
  const res = await fetch(`${API_BASE}/threads/${threadId}/messages`, { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify({ content }), signal: h.signal });
  await readEvents(res, h);
}

/** Follows an answer still being generated (after a reload), from the start or after `lastEventId`. */
export async function followStream(threadId: string, messageId: string, lastEventId: number, h: StreamHandlers): Promise<void> {
  const res = await fetch(`${API_BASE}/threads/${threadId}/stream?messageId=${messageId}`, { headers: headers(lastEventId ? { "Last-Event-ID": String(lastEventId) } : {}), signal: h.signal });
  await readEvents(res, h);
}

export const stopAnswer = (messageId: string) => api.post("/messages/{id}/stop", { path: { id: messageId } });
