import type { Request, Response } from "express";
import type { AssistantMessage } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { logger } from "../../lib/logger";
import { eventLog, isTerminal, type StreamEvent } from "./event-log";
import { INTERRUPTED } from "./lost-answers";

/**
 * Serves one answer's stream as Server-Sent Events from the event log: the
 * events after `after`, then the new ones as they come, ending after
 * `complete` or `error`. Generation does not depend on this response: a
 * client that goes away only stops this reader. `Cache-Control: no-transform`
 * also keeps the compression middleware off the stream, and
 * `X-Accel-Buffering: no` keeps nginx from buffering it.
 */

/** How long one read waits before checking the heartbeat and the connection. */
const READ_WAIT_MS = 1000;

export function openSse(res: Response): void {
  res.status(200);
  res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
  res.setHeader("Cache-Control", "no-cache, no-transform");
  res.setHeader("X-Accel-Buffering", "no");
  res.setHeader("Connection", "keep-alive");
  res.flushHeaders();
  res.write("retry: 2000\n\n");
}

const format = (e: StreamEvent) => `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`;

/** The stored message as start + chunk + complete (or error): what a stream serves after its log expired. */
export function storedEvents(m: AssistantMessage): StreamEvent[] {
  const events: StreamEvent[] = [{ id: 1, type: "start", data: { userMessageId: m.replyToId, messageId: m.id } }];
  if (m.content) events.push({ id: 2, type: "chunk", data: { text: m.content } });
  const id = events.length + 1;
  if (m.status === "failed") {
    const error = (m.error as { code: string; message: string } | null) ?? { code: "AI_UNAVAILABLE", message: "The answer failed." };
    events.push({ id, type: "error", data: { messageId: m.id, ...error } });
  } else {
    events.push({ id, type: "complete", data: { messageId: m.id, finishReason: m.finishReason ?? (m.status === "stopped" ? "stopped" : "stop") } });
  }
  return events;
}

/** Last-Event-ID header, else the `lastEventId` query, else 0 (from the start). */
export function lastEventId(req: Request, fromQuery: number | undefined): number {
  const header = Number(req.get("last-event-id"));
  if (Number.isInteger(header) && header >= 0 && req.get("last-event-id")) return header;
  return fromQuery ?? 0;
}

/**
 * Streams the message's events after `after` to `res` until the terminal
 * event or the client leaves. `reload` reads the message row for when the
 * log is gone (expired, or a finished message of another era).
 */
export async function pipeEvents(ctx: AppContext, req: Request, res: Response, messageId: string, after: number, reload: () => Promise<AssistantMessage>): Promise<void> {
  if (!res.headersSent) openSse(res);
  let closed = false;
  req.on("close", () => (closed = true));
  res.on("close", () => (closed = true));
  const reader = eventLog(ctx).reader(messageId);
  const heartbeatMs = ctx.config.ASSISTANT_HEARTBEAT_MS;
  let lastWrite = Date.now();
  try {
    while (!closed) {
      let events = await reader.read(after, Math.min(READ_WAIT_MS, heartbeatMs));
      if (events === undefined) {
        const m = await reload();
        // Still streaming with no log: the generator's instance went away mid-answer. Serve what was stored.
        events = storedEvents(m.status === "streaming" ? { ...m, status: "failed", error: { ...INTERRUPTED } } : m).filter((e) => e.id > after);
        if (!events.length) events = [];
        for (const e of events) res.write(format(e));
        break;
      }
      if (closed) break;
      for (const e of events) {
        res.write(format(e));
        after = e.id;
        lastWrite = Date.now();
      }
      if (events.some(isTerminal)) break;
      if (Date.now() - lastWrite >= heartbeatMs) {
        res.write(": heartbeat\n\n");
        lastWrite = Date.now();
      }
    }
  } catch (err) {
    // The log is unreachable (Redis down): end this stream; the client resumes with Last-Event-ID when it is back.
    logger.warn("assistant: stream reader stopped", { messageId, err: (err as Error).message });
  } finally {
    reader.close();
    if (!res.writableEnded) res.end();
  }
}
