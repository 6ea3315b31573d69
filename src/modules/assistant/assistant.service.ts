import type { AssistantMessage, AssistantThread, WorkspaceRole } from "../../generated/prisma/client";
import { enforce, roleDenies } from "../../access/permissions";
import { updateVersioned } from "../../db/versioned";
import { inTransaction, withEvents } from "../../events/unit-of-work";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { AppError, conflict, notFound } from "../../lib/errors";
import { requireAi } from "../ai";
import { loadProject } from "../projects";
import { listArtifacts, type ArtifactFilter } from "../artifacts";
import { startGeneration } from "./generation";
import { canReadThreads, canUseAssistant } from "./assistant.policy";
import { presentMessage, presentThread, type PresentedMessage, type PresentedThread } from "./assistant.presenter";
import type { CreateThreadInput, UpdateThreadInput } from "./assistant.schema";
import { requestStop } from "./stop";
import { emitThread, emitThreadDeleted } from "./assistant.events";
import { reapLostAnswers } from "./lost-answers";

/** Threads and messages of the project assistant (SPEC §4.6, seed 003); the answers themselves are generation.ts. */

/** A streaming answer older than this is taken as lost (its instance went away) and no longer blocks the thread. */
const LOST_ANSWER_MS = 15 * 60 * 1000;

const DEFAULT_TITLE = { chat: "New conversation", blueprint: "System blueprint" } as const;

/** A thread the caller may see (a member of its project's workspace); 404 otherwise, also for other workspaces. */
async function loadThread(ctx: AppContext, userId: string, threadId: string): Promise<{ thread: AssistantThread; role: WorkspaceRole }> {
  const thread = await ctx.db.assistantThread.findUnique({ where: { id: threadId } });
  if (!thread) throw notFound("Thread");
  const { role } = await loadProject(ctx, userId, thread.projectId).catch(() => {
    throw notFound("Thread");
  });
  enforce(canReadThreads(role), roleDenies(role, "reading assistant threads"));
  return { thread, role };
}

const mayWrite = (role: WorkspaceRole) => enforce(canUseAssistant(role), roleDenies(role, "using the assistant"));

export async function listThreads(ctx: AppContext, userId: string, projectId: string, query: Page & { mode?: "chat" | "blueprint" }): Promise<{ rows: PresentedThread[]; total: number }> {
  const { role } = await loadProject(ctx, userId, projectId);
  enforce(canReadThreads(role), roleDenies(role, "reading assistant threads"));
  const where = { projectId, ...(query.mode ? { mode: query.mode } : {}) };
  const [rows, total] = await Promise.all([ctx.db.assistantThread.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], ...skipTake(query) }), ctx.db.assistantThread.count({ where })]);
  return { rows: rows.map(presentThread), total };
}

export async function createThread(ctx: AppContext, userId: string, projectId: string, input: CreateThreadInput): Promise<PresentedThread> {
  const { project, role } = await loadProject(ctx, userId, projectId);
  mayWrite(role);
  return withEvents(ctx, async ({ emit }) => {
    const thread = presentThread(await ctx.db.assistantThread.create({ data: { projectId, workspaceId: project.workspaceId, title: input.title ?? DEFAULT_TITLE[input.mode], mode: input.mode, createdById: userId } }));
    emitThread(emit, "assistant.thread_created", userId, project.workspaceId, thread);
    return thread;
  });
}

/** The artifacts made in a thread (by its create_artifact tool, or linked to it), newest change first. */
export async function listThreadArtifacts(ctx: AppContext, userId: string, threadId: string, query: Page & { type?: ArtifactFilter["type"]; q?: string }) {
  const { thread } = await loadThread(ctx, userId, threadId);
  return listArtifacts(ctx.db, { ...query, workspaceId: thread.workspaceId, projectId: thread.projectId, threadId: thread.id });
}

export async function getThread(ctx: AppContext, userId: string, threadId: string): Promise<PresentedThread> {
  return presentThread((await loadThread(ctx, userId, threadId)).thread);
}

export async function updateThread(ctx: AppContext, userId: string, threadId: string, input: UpdateThreadInput): Promise<PresentedThread> {
  const { thread, role } = await loadThread(ctx, userId, threadId);
  mayWrite(role);
  await withEvents(ctx, async ({ emit }) => {
    await updateVersioned({
      resource: "thread",
      expected: input.version,
      claim: (version) => ctx.db.assistantThread.updateMany({ where: { id: threadId, ...version }, data: { title: input.title, version: { increment: 1 } } }),
      current: async () => presentThread(await ctx.db.assistantThread.findUniqueOrThrow({ where: { id: threadId } })),
    });
    emitThread(emit, "assistant.thread_updated", userId, thread.workspaceId, presentThread(await ctx.db.assistantThread.findUniqueOrThrow({ where: { id: threadId } })));
  });
  return presentThread(await ctx.db.assistantThread.findUniqueOrThrow({ where: { id: threadId } }));
}

/** Deletes the thread and its messages; a generation still running is stopped first. */
export async function deleteThread(ctx: AppContext, userId: string, threadId: string): Promise<void> {
  const { thread, role } = await loadThread(ctx, userId, threadId);
  mayWrite(role);
  const running = await ctx.db.assistantMessage.findMany({ where: { threadId, status: "streaming" }, select: { id: true } });
  await Promise.all(running.map((m) => requestStop(ctx, m.id)));
  await withEvents(ctx, async ({ emit }) => {
    await ctx.db.assistantThread.delete({ where: { id: threadId } });
    emitThreadDeleted(emit, userId, thread.workspaceId, { id: threadId, projectId: thread.projectId });
  });
}

/** A page of messages, newest last; `before` (a message id of the thread) pages to older ones. */
export async function listMessages(ctx: AppContext, userId: string, threadId: string, query: { limit: number; before?: string }): Promise<{ data: PresentedMessage[]; meta: { hasMore: boolean; nextBefore: string | null } }> {
  await loadThread(ctx, userId, threadId);
  await reapLostAnswers(ctx, { threadId });
  let cursor: { createdAt: Date; id: string } | undefined;
  if (query.before) {
    const before = await ctx.db.assistantMessage.findFirst({ where: { id: query.before, threadId }, select: { createdAt: true, id: true } });
    if (!before) throw new AppError("VALIDATION_ERROR", "`before` is not a message of this thread", [{ field: "before", message: "is not a message of this thread" }]);
    cursor = before;
  }
  const rows = await ctx.db.assistantMessage.findMany({
    where: { threadId, ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit).reverse();
  return { data: page.map(presentMessage), meta: { hasMore, nextBefore: hasMore ? page[0]!.id : null } };
}

export interface Sent {
  thread: AssistantThread;
  userMessageId: string;
  messageId: string;
  /** The user message the answer is for. */
  asked: PresentedMessage;
}

/** Opens the assistant message answering `userMessageId` and starts its generation. */
async function answer(ctx: AppContext, userId: string, thread: AssistantThread, userMessageId: string, create: (tx: Parameters<Parameters<typeof inTransaction>[1]>[0]["tx"]) => Promise<unknown>): Promise<Sent> {
  await reapLostAnswers(ctx, { threadId: thread.id });
  const assistant = await inTransaction(ctx, async ({ tx }) => {
    // One answer at a time per thread: the thread row is the lock.
    await tx.$queryRaw`SELECT id FROM assistant_threads WHERE id = ${thread.id}::uuid FOR UPDATE`;
    const busy = await tx.assistantMessage.findFirst({ where: { threadId: thread.id, status: "streaming", createdAt: { gt: new Date(ctx.now().getTime() - LOST_ANSWER_MS) } }, select: { id: true } });
    if (busy) throw conflict("An answer is still being generated in this thread; stop it or wait for it to finish.", [{ message: "streaming message", messageId: busy.id }]);
    await create(tx);
    await tx.assistantThread.update({ where: { id: thread.id }, data: { updatedAt: ctx.now() } });
    return tx.assistantMessage.create({ data: { threadId: thread.id, workspaceId: thread.workspaceId, role: "assistant", status: "streaming", replyToId: userMessageId, createdById: userId, createdAt: new Date(ctx.now().getTime() + 1) } });
  });
  await startGeneration(ctx, { workspaceId: thread.workspaceId, projectId: thread.projectId, threadId: thread.id, userId, userMessageId, messageId: assistant.id });
  const asked = presentMessage(await ctx.db.assistantMessage.findUniqueOrThrow({ where: { id: userMessageId } }));
  return { thread, userMessageId, messageId: assistant.id, asked };
}

/**
 * Saves the user message first (it stays when the provider fails), opens the
 * assistant message and starts the answer. 503 AI_NOT_CONFIGURED before
 * anything is saved when no provider is configured.
 */
export async function sendMessage(ctx: AppContext, userId: string, threadId: string, content: string): Promise<Sent> {
  const { thread, role } = await loadThread(ctx, userId, threadId);
  mayWrite(role);
  requireAi(ctx);
  const userMessage = { id: crypto.randomUUID(), createdAt: ctx.now() };
  return answer(ctx, userId, thread, userMessage.id, (tx) =>
    tx.assistantMessage.create({ data: { id: userMessage.id, threadId, workspaceId: thread.workspaceId, role: "user", content, status: "complete", createdById: userId, createdAt: userMessage.createdAt, completedAt: userMessage.createdAt } }),
  );
}

/** The assistant message by its id or the id of the user message it answers (the latest answer); 404 unless the caller may read its thread. */
export async function resolveMessage(ctx: AppContext, userId: string, id: string, threadId?: string): Promise<{ message: AssistantMessage; thread: AssistantThread; role: WorkspaceRole }> {
  await reapLostAnswers(ctx, { OR: [{ id }, { replyToId: id }] });
  let message = await ctx.db.assistantMessage.findUnique({ where: { id } });
  if (message?.role === "user") message = await ctx.db.assistantMessage.findFirst({ where: { replyToId: message.id }, orderBy: { createdAt: "desc" } });
  if (!message || message.role !== "assistant" || (threadId && message.threadId !== threadId)) throw notFound("Message");
  const { thread, role } = await loadThread(ctx, userId, message.threadId).catch(() => {
    throw notFound("Message");
  });
  return { message, thread, role };
}

/** Asks the generation to stop (from any instance); it ends with `complete` finishReason "stopped", keeping the partial answer. */
export async function stopMessage(ctx: AppContext, userId: string, id: string): Promise<PresentedMessage> {
  const { message, role } = await resolveMessage(ctx, userId, id);
  mayWrite(role);
  if (message.status === "streaming") await requestStop(ctx, message.id);
  return presentMessage(message);
}

/** Answers the same user message again, in a new assistant message (after a failure or a stop). */
export async function retryMessage(ctx: AppContext, userId: string, id: string): Promise<Sent> {
  const { message, thread, role } = await resolveMessage(ctx, userId, id);
  mayWrite(role);
  requireAi(ctx);
  if (message.status === "streaming" && ctx.now().getTime() - message.createdAt.getTime() < LOST_ANSWER_MS) throw conflict("This answer is still being generated; stop it first.");
  if (!message.replyToId) throw conflict("This message answers no user message.");
  return answer(ctx, userId, thread, message.replyToId, async () => undefined);
}
