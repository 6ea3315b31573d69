import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from "react";
import { Link, useNavigate, useOutletContext, useSearchParams } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { FileText, RotateCcw, Send, Sparkles, Square } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { can } from "../../lib/permissions";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ArtifactsPanel } from "./ArtifactsPanel";
import { followStream, messagesKey, retryAndStream, sendAndStream, stopAnswer, threadArtifactsKey, useCreateThread, useMessages, useThreadArtifacts, useThreads, type Message, type StreamHandlers } from "./assistant.api";
import { renderAnswer, type ToolCall } from "./citations";
import { ThreadList } from "./ThreadList";
import { ToolChips } from "./ToolChips";

/** An answer as it streams in: its text so far, its tool calls (those still running), and how it ended. */
interface Live {
  messageId: string | null;
  text: string;
  tools: ToolCall[];
  running: string[];
  lastEventId: number;
  /** The stream failed: its message, and whether the failure is a stored answer (then the stored message shows it, with Retry). */
  error: string | null;
}

const emptyLive = (): Live => ({ messageId: null, text: "", tools: [], running: [], lastEventId: 0, error: null });

/** Sanitised markdown with citations linked; a click on a citation navigates inside the app. */
function Answer({ source, tools, projectBase }: { source: string; tools: readonly ToolCall[]; projectBase: string }) {
  const navigate = useNavigate();
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[data-citation]");
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(a.getAttribute("href")!);
  };
  return (
    <div
      onClick={onClick}
      className="prose prose-sm max-w-none break-words [&_a.citation]:rounded [&_a.citation]:bg-indigo-50 [&_a.citation]:px-0.5 [&_a.citation]:font-medium [&_a.citation]:text-indigo-700 [&_a.citation]:no-underline"
      dangerouslySetInnerHTML={{ __html: renderAnswer(source, tools, projectBase) }}
    />
  );
}

function Bubble({ role, children, label }: { role: string; children: React.ReactNode; label?: string }) {
  return (
    <li aria-label={label} className={cn("max-w-[90%] min-w-0 rounded-lg px-3 py-2 text-sm", role === "user" ? "self-end bg-indigo-50 text-zinc-900" : "self-start bg-white text-zinc-900 ring-1 ring-zinc-200")}>
      <span className="sr-only">{role === "user" ? "You" : "Assistant"}: </span>
      {children}
    </li>
  );
}

/** What the user can do about a failed answer, by its error code. */
function nextStep(code: string | undefined): string {
  if (code === "AI_NOT_CONFIGURED") return "An owner can configure an AI provider in Settings → AI.";
  if (code === "AI_BUDGET_EXCEEDED") return "The workspace's AI budget for this month is spent; an owner can raise it.";
  if (code === "AI_INTERRUPTED") return "Retry to have it answered again.";
  return "Retry it; if it keeps failing, check the AI provider status in Settings → AI.";
}

/**
 * The project assistant: conversations on the left, the conversation in the
 * middle, the conversation's artifacts beside it (a toggled panel on narrow
 * screens). Answers stream in as sanitised markdown with the tools they used
 * as chips and their citations linked to the passages; Stop ends one (the
 * partial answer stays), Retry answers a failed or stopped one again; after a
 * reload an answer still being generated is followed again.
 */
export function AssistantPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const projectBase = `/w/${workspace.id}/projects/${project.id}`;
  const mayWrite = can(workspace, "assistant:write");
  const threads = useThreads(project.id);
  const createThread = useCreateThread(project.id);
  const [search, setSearch] = useSearchParams();
  const asked = search.get("thread");
  const chats = (threads.data ?? []).filter((t) => t.mode === "chat");
  const threadId = asked && (threads.data?.some((t) => t.id === asked) || threads.isFetching) ? asked : (chats[0]?.id ?? null);
  const thread = threads.data?.find((t) => t.id === threadId) ?? null;
  const messages = useMessages(threadId);
  const artifacts = useThreadArtifacts(project.id, threadId);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);
  const [live, setLive] = useState<Live | null>(null);
  const [panelOpen, setPanelOpen] = useState(() => typeof window === "undefined" || window.matchMedia("(min-width: 1024px)").matches);
  const abort = useRef<AbortController | null>(null);
  const threadIdRef = useRef(threadId);
  threadIdRef.current = threadId;

  const run = async (start: (h: StreamHandlers) => Promise<void>, from: Partial<Live> = {}) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const forThread = threadIdRef.current ?? "";
    setLive({ ...emptyLive(), ...from });
    let streamed = false;
    try {
      await start({
        signal: controller.signal,
        onEvent: (type, data, id) => {
          streamed = true;
          if (type === "artifact") void queryClient.invalidateQueries({ queryKey: threadArtifactsKey(project.id, forThread) });
          setLive((l) => {
            const next: Live = { ...(l ?? emptyLive()), lastEventId: id };
            if (type === "start") next.messageId = String(data.messageId);
            if (type === "chunk") next.text += String(data.text);
            if (type === "tool_call") {
              next.tools = [...next.tools, { id: String(data.id), name: String(data.name), arguments: data.arguments }];
              next.running = [...next.running, String(data.id)];
            }
            if (type === "tool_result") {
              next.tools = next.tools.map((t) => (t.id === data.id ? { ...t, result: data.result, error: typeof data.error === "string" ? data.error : undefined } : t));
              next.running = next.running.filter((r) => r !== data.id);
            }
            if (type === "error") next.error = String(data.message);
            return next;
          });
        },
      });
    } catch (err) {
      if (!controller.signal.aborted) setLive((l) => ({ ...(l ?? emptyLive()), error: (err as Error).message || "The assistant could not be reached. Check your connection and try again." }));
    }
    if (controller.signal.aborted) return;
    await queryClient.invalidateQueries({ queryKey: messagesKey(forThread) });
    // A stream that produced a stored answer is shown from the thread (with Retry when it failed); a refused request stays as an error here.
    setLive((l) => (l?.error && !(streamed && l.messageId) ? l : null));
  };

  // Another thread: drop what was streaming into the last one (it goes on on the server).
  useEffect(() => {
    abort.current?.abort();
    setLive(null);
  }, [threadId]);
  // Resume after a reload: an answer still streaming is followed from its first event.
  const streaming = messages.messages?.find((m) => m.status === "streaming");
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
  const retry = (messageId: string) => {
    void run((h) => retryAndStream(messageId, h));
  };

  if (threads.isPending) return <PageSpinner label="Loading conversations…" />;
  if (threads.isError) return <ErrorState error={threads.error} onRetry={() => void threads.refetch()} title="Couldn't load the assistant's conversations" />;

  const select = (id: string | null) =>
    setSearch((s) => {
      if (id) s.set("thread", id);
      else s.delete("thread");
      return s;
    });
  const newThread = () => createThread.mutate(undefined, { onSuccess: (res) => select(res.id) });
  const all = messages.messages ?? [];
  const shown = all.filter((m) => !(live && m.id === live.messageId));
  // The latest answer to each question: only that one offers Retry.
  const latestAnswer = new Map<string, string>();
  for (const m of all) if (m.role === "assistant" && m.replyToId) latestAnswer.set(m.replyToId, m.id);
  const busy = Boolean(live && !live.error);
  const artifactCount = artifacts.data?.length;

  return (
    <div className="flex flex-col gap-4 md:flex-row">
      <ThreadList
        threads={threads.data}
        projectId={project.id}
        projectBase={projectBase}
        selectedId={threadId}
        mayWrite={mayWrite}
        onSelect={select}
        onNew={newThread}
        creating={createThread.isPending}
        onDeleted={(id) => id === threadId && select(null)}
      />
      {!threadId ? (
        <section aria-label="Conversation" className="min-w-0 flex-1">
          <EmptyState icon={Sparkles} title="No conversations yet" description="Ask the assistant about this project: start a conversation." action={mayWrite ? <Button onClick={newThread}>Start a conversation</Button> : undefined} />
        </section>
      ) : (
        <div className="flex min-w-0 flex-1 flex-col gap-4 lg:flex-row-reverse">
          <aside aria-label="Artifacts" className={cn("lg:w-72 lg:shrink-0", panelOpen ? "" : "lg:w-auto")}>
            <button
              type="button"
              aria-expanded={panelOpen}
              aria-controls="assistant-artifacts"
              onClick={() => setPanelOpen((o) => !o)}
              className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-semibold text-zinc-900 hover:bg-zinc-100"
            >
              <FileText className="size-4" aria-hidden /> Artifacts{artifactCount !== undefined ? ` (${artifactCount})` : ""}
              <span className="sr-only">{panelOpen ? "(hide)" : "(show)"}</span>
            </button>
            {panelOpen ? (
              <div id="assistant-artifacts" className="mt-2 rounded-lg bg-zinc-50 p-2 ring-1 ring-zinc-200">
                <ArtifactsPanel projectId={project.id} threadId={threadId} projectBase={projectBase} />
              </div>
            ) : null}
          </aside>
          <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col gap-3">
            {thread ? <h2 className="truncate text-base font-semibold text-zinc-900">{thread.title}</h2> : null}
            {messages.hasNextPage ? (
              <Button size="sm" variant="secondary" className="self-center" loading={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
                Load older messages
              </Button>
            ) : null}
            {messages.isError ? <ErrorState error={messages.error} onRetry={() => void messages.refetch()} title="Couldn't load the messages" /> : null}
            <ul className="flex flex-col gap-2" aria-live="polite">
              {messages.isPending ? <li className="text-sm text-zinc-500">Loading messages…</li> : null}
              {!messages.isPending && !messages.isError && !shown.length && !live ? <li className="text-sm text-zinc-500">No messages yet. Ask a question below.</li> : null}
              {shown.map((m: Message) => (
                <Bubble key={m.id} role={m.role}>
                  {m.role === "user" ? (
                    <p className="whitespace-pre-wrap">{m.content}</p>
                  ) : (
                    <>
                      <ToolChips calls={m.toolCalls} projectBase={projectBase} />
                      {m.content ? <Answer source={m.content} tools={m.toolCalls} projectBase={projectBase} /> : null}
                    </>
                  )}
                  {m.status === "stopped" ? <p className="mt-1 text-xs text-zinc-500">Stopped</p> : null}
                  {m.status === "failed" ? (
                    <div className="mt-1 text-xs text-red-700" role="alert">
                      The answer failed: {m.error?.message ?? "the AI provider did not answer."} {nextStep(m.error?.code)}{" "}
                      {m.error?.code !== "AI_BUDGET_EXCEEDED" && workspace.role === "OWNER" ? (
                        <Link to={`/w/${workspace.id}/settings/ai`} className="underline">
                          AI settings
                        </Link>
                      ) : null}
                    </div>
                  ) : null}
                  {mayWrite && (m.status === "failed" || m.status === "stopped") && m.replyToId && latestAnswer.get(m.replyToId) === m.id ? (
                    <Button size="sm" variant="secondary" className="mt-2" disabled={busy} onClick={() => retry(m.id)} icon={<RotateCcw className="size-3.5" aria-hidden />}>
                      Retry
                    </Button>
                  ) : null}
                </Bubble>
              ))}
              {live ? (
                <Bubble role="assistant">
                  <ToolChips calls={live.tools} projectBase={projectBase} runningIds={live.running} />
                  {live.text ? <Answer source={live.text} tools={live.tools} projectBase={projectBase} /> : !live.error ? <p className="text-zinc-500">Thinking…</p> : null}
                  {live.error ? (
                    <p className="mt-1 text-xs text-red-700" role="alert">
                      {live.error}
                    </p>
                  ) : null}
                </Bubble>
              ) : null}
            </ul>
            {mayWrite ? (
              <form onSubmit={send} className="flex flex-col gap-2 sm:flex-row sm:items-start" noValidate>
                <div className="flex-1">
                  <label htmlFor="assistant-question" className="sr-only">
                    Your question
                  </label>
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
                  {draftError ? (
                    <p id="assistant-question-error" className="mt-1 text-sm text-red-700">
                      {draftError}
                    </p>
                  ) : null}
                </div>
                {live?.messageId && !live.error ? (
                  <Button type="button" variant="secondary" onClick={() => void stopAnswer(live.messageId!)}>
                    <Square className="size-4" aria-hidden /> Stop
                  </Button>
                ) : (
                  <Button type="submit" disabled={busy}>
                    <Send className="size-4" aria-hidden /> Send
                  </Button>
                )}
              </form>
            ) : null}
          </section>
        </div>
      )}
    </div>
  );
}
