import { useEffect, useRef, useState, type FormEvent } from "react";
import { useOutletContext, useSearchParams } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { MessageSquarePlus, Send, Sparkles, Square } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { can } from "../../lib/permissions";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { renderMarkdown } from "../task-detail/markdown";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { followStream, messagesKey, sendAndStream, stopAnswer, useCreateThread, useMessages, useThreads, type Message } from "./assistant.api";

/** An answer as it streams in: its text so far, tool calls, and how it ended. */
interface Live {
  messageId: string | null;
  text: string;
  tools: string[];
  lastEventId: number;
  error: string | null;
}

function Markdown({ source }: { source: string }) {
  return <div className="prose prose-sm max-w-none break-words" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

function Bubble({ role, children }: { role: string; children: React.ReactNode }) {
  return (
    <li className={cn("max-w-[90%] rounded-lg px-3 py-2 text-sm", role === "user" ? "self-end bg-indigo-50 text-zinc-900" : "self-start bg-white text-zinc-900 ring-1 ring-zinc-200")}>
      <span className="sr-only">{role === "user" ? "You" : "Assistant"}: </span>
      {children}
    </li>
  );
}

/**
 * The project assistant: threads on the left, the conversation on the right.
 * Answers stream in as sanitised markdown; Stop ends one (the partial answer
 * stays); after a reload an answer still being generated is followed again.
 */
export function AssistantPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const mayWrite = can(workspace, "assistant:write");
  const threads = useThreads(project.id);
  const createThread = useCreateThread(project.id);
  const [search, setSearch] = useSearchParams();
  const threadId = search.get("thread") ?? threads.data?.[0]?.id ?? null;
  const messages = useMessages(threadId);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);
  const [live, setLive] = useState<Live | null>(null);
  const abort = useRef<AbortController | null>(null);

  const run = async (start: (h: Parameters<typeof sendAndStream>[2]) => Promise<void>, from: Partial<Live> = {}) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setLive({ messageId: null, text: "", tools: [], lastEventId: 0, error: null, ...from });
    try {
      await start({
        signal: controller.signal,
        onEvent: (type, data, id) =>
          setLive((l) => {
            const next = { ...(l ?? { messageId: null, text: "", tools: [], lastEventId: 0, error: null }), lastEventId: id };
            if (type === "start") next.messageId = String(data.messageId);
            if (type === "chunk") next.text += String(data.text);
            if (type === "tool_call") next.tools = [...next.tools, String(data.name)];
            if (type === "error") next.error = String(data.message);
            return next;
          }),
      });
    } catch (err) {
      if (!controller.signal.aborted) setLive((l) => (l ? { ...l, error: (err as Error).message } : l));
    }
    if (controller.signal.aborted) return;
    await queryClient.invalidateQueries({ queryKey: messagesKey(threadIdRef.current ?? "") });
    setLive((l) => (l?.error ? l : null));
  };
  const threadIdRef = useRef(threadId);
  threadIdRef.current = threadId;

  // Resume after a reload: an answer still streaming is followed from its first event.
  const streaming = messages.data?.find((m) => m.status === "streaming");
  useEffect(() => {
    if (!threadId || !streaming || live) return;
    void run((h) => followStream(threadId, streaming.id, 0, h), { messageId: streaming.id });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [threadId, streaming?.id]);
  useEffect(() => () => abort.current?.abort(), []);

  const send = (e: FormEvent) => {
    e.preventDefault();
    const content = draft.trim();
    if (!content) return setDraftError("Write a question first.");
    if (!threadId) return;
    setDraftError(null);
    setDraft("");
    void run((h) => sendAndStream(threadId, content, h));
    void queryClient.invalidateQueries({ queryKey: messagesKey(threadId) });
  };

  if (threads.isPending) return <PageSpinner label="Loading conversations…" />;
  if (threads.isError) return <ErrorState error={threads.error} onRetry={() => void threads.refetch()} title="Couldn't load the assistant's conversations" />;

  const newThread = () =>
    createThread.mutate(undefined, {
      onSuccess: (res) => setSearch((s) => {
        s.set("thread", res.id);
        return s;
      }),
    });
  const shown = (messages.data ?? []).filter((m) => !(live && m.id === live.messageId));

  return (
    <div className="flex flex-col gap-4 md:flex-row">
      <nav aria-label="Conversations" className="md:w-60 md:shrink-0">
        <div className="mb-2 flex items-center justify-between">
          <h2 className="text-sm font-semibold text-zinc-900">Conversations</h2>
          {mayWrite ? (
            <Button size="sm" variant="secondary" onClick={newThread} disabled={createThread.isPending}>
              <MessageSquarePlus className="size-4" aria-hidden /> New
            </Button>
          ) : null}
        </div>
        <ul className="flex gap-1 overflow-x-auto md:flex-col">
          {threads.data.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                aria-current={t.id === threadId ? "page" : undefined}
                onClick={() => setSearch((s) => {
                  s.set("thread", t.id);
                  return s;
                })}
                className={cn("w-full truncate rounded-md px-3 py-2 text-left text-sm whitespace-nowrap", t.id === threadId ? "bg-indigo-50 font-medium text-indigo-800" : "text-zinc-700 hover:bg-zinc-100")}
              >
                {t.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col gap-3">
        {!threadId ? (
          <EmptyState icon={Sparkles} title="No conversations yet" description="Ask the assistant about this project: start a conversation." action={mayWrite ? <Button onClick={newThread}>Start a conversation</Button> : undefined} />
        ) : (
          <>
            <ul className="flex flex-col gap-2" aria-live="polite">
              {messages.isPending ? <li className="text-sm text-zinc-500">Loading messages…</li> : null}
              {!messages.isPending && !shown.length && !live ? <li className="text-sm text-zinc-500">No messages yet. Ask a question below.</li> : null}
              {shown.map((m: Message) => (
                <Bubble key={m.id} role={m.role}>
                  {m.role === "user" ? <p className="whitespace-pre-wrap">{m.content}</p> : <Markdown source={m.content} />}
                  {m.status === "stopped" ? <p className="mt-1 text-xs text-zinc-500">Stopped</p> : null}
                  {m.status === "failed" ? <p className="mt-1 text-xs text-red-700">The answer failed: {m.error?.message ?? "try again"}. Ask again to retry.</p> : null}
                </Bubble>
              ))}
              {live ? (
                <Bubble role="assistant">
                  {live.tools.length ? <p className="mb-1 text-xs text-zinc-500">Used: {live.tools.join(", ")}</p> : null}
                  {live.text ? <Markdown source={live.text} /> : <p className="text-zinc-500">Thinking…</p>}
                  {live.error ? <p className="mt-1 text-xs text-red-700" role="alert">{live.error}</p> : null}
                </Bubble>
              ) : null}
            </ul>
            {mayWrite ? (
              <form onSubmit={send} className="flex flex-col gap-2 sm:flex-row sm:items-start" noValidate>
                <div className="flex-1">
                  <label htmlFor="assistant-question" className="sr-only">Your question</label>
                  <textarea
                    id="assistant-question"
                    value={draft}
                    onChange={(e) => setDraft(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter" && !e.shiftKey) send(e);
                    }}
                    rows={2}
                    placeholder="Ask about this project…"
                    aria-invalid={draftError ? true : undefined}
                    aria-describedby={draftError ? "assistant-question-error" : undefined}
                    className="w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-600"
                  />
                  {draftError ? <p id="assistant-question-error" className="mt-1 text-sm text-red-700">{draftError}</p> : null}
                </div>
                {live?.messageId && !live.error ? (
                  <Button type="button" variant="secondary" onClick={() => void stopAnswer(live.messageId!)}>
                    <Square className="size-4" aria-hidden /> Stop
                  </Button>
                ) : (
                  <Button type="submit" disabled={Boolean(live && !live.error)}>
                    <Send className="size-4" aria-hidden /> Send
                  </Button>
                )}
              </form>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
