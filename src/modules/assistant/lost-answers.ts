import type { Prisma } from "../../generated/prisma/client";
import { withEvents } from "../../events/unit-of-work";
import type { AppContext } from "../../http/context";
import { logger } from "../../lib/logger";
import { emitMessageCompleted } from "./assistant.events";
import { eventLog } from "./event-log";
import { isRunningHere } from "./stop";

/**
 * Answers whose generator died with its process (a restart mid-answer) would
 * stay `streaming` for ever. An answer not being generated on this instance is
 * taken as lost when its event log is gone (embedded mode keeps it in memory;
 * Redis drops it after its TTL) or has had no event for longer than
 * ASSISTANT_STREAM_GRACE_SECONDS (a live generator writes at least every few
 * seconds, from any instance). It is marked failed with AI_INTERRUPTED, which
 * the UI shows with a Retry button; a log still there gets the `error` event
 * too, so a stream following it ends. Checked on start-up and whenever a
 * thread's messages or an answer are read.
 */

export const INTERRUPTED = { code: "AI_INTERRUPTED", message: "The answer was interrupted (the server restarted while writing it). Retry it." } as const;

/** A message younger than this may be between its row and its first event: never judged. */
const START_MS = 30_000;

export async function reapLostAnswers(ctx: AppContext, where: Prisma.AssistantMessageWhereInput = {}): Promise<number> {
  const rows = await ctx.db.assistantMessage.findMany({
    where: { ...where, role: "assistant", status: "streaming", createdAt: { lt: new Date(ctx.now().getTime() - START_MS) } },
    select: { id: true, threadId: true, workspaceId: true, createdById: true, thread: { select: { projectId: true } } },
    take: 100,
  });
  let reaped = 0;
  for (const m of rows) {
    if (isRunningHere(ctx, m.id)) continue;
    let last: { id: number; at: number } | undefined;
    try {
      last = await eventLog(ctx).lastEvent(m.id);
    } catch {
      continue; // the log is unreachable (Redis down): no verdict now
    }
    if (last && Date.now() - last.at <= ctx.config.ASSISTANT_STREAM_GRACE_SECONDS * 1000) continue;
    const marked = await withEvents(ctx, async ({ emit }) => {
      const { count } = await ctx.db.assistantMessage.updateMany({
        where: { id: m.id, status: "streaming" },
        data: { status: "failed", finishReason: "error", error: { ...INTERRUPTED }, completedAt: ctx.now() },
      });
      if (count) emitMessageCompleted(emit, m.createdById, m.workspaceId, { id: m.id, threadId: m.threadId, projectId: m.thread.projectId, status: "failed" });
      return count;
    });
    if (!marked) continue;
    reaped++;
    if (last) {
      await eventLog(ctx)
        .append(m.id, { id: last.id + 1, type: "error", data: { messageId: m.id, ...INTERRUPTED } })
        .then(() => eventLog(ctx).finish(m.id, ctx.config.ASSISTANT_STREAM_GRACE_SECONDS))
        .catch(() => undefined);
    }
  }
  if (reaped) logger.warn("assistant: answers lost with their process marked failed", { count: reaped });
  return reaped;
}

/** On start-up: every lost answer of every workspace (in pages of 100). */
export async function recoverLostAnswers(ctx: AppContext): Promise<void> {
  try {
    for (let i = 0; i < 50 && (await reapLostAnswers(ctx)) === 100; i++);
  } catch (err) {
    logger.warn("assistant: recovering lost answers failed", { err: (err as Error).message });
  }
}
