import type { Redis } from "ioredis";
import type { AppContext } from "../../http/context";

/**
 * Where a generation's stream events live while it runs and for a grace period
 * after, so any tab or app instance can replay or follow them (SPEC §4.6).
 * Event ids are the sequence 1, 2, 3… of one message: `Last-Event-ID: n`
 * resumes with event n + 1. Redis Streams when Redis is configured (entry id
 * `n-0`, XREAD BLOCK to follow), an in-memory log otherwise (embedded mode).
 */

export type StreamEventType = "start" | "chunk" | "tool_call" | "tool_result" | "artifact" | "complete" | "error";

export interface StreamEvent {
  id: number;
  type: StreamEventType;
  data: Record<string, unknown>;
}

export const isTerminal = (e: StreamEvent) => e.type === "complete" || e.type === "error";

export interface EventLogReader {
  /** Events after `after`, waiting up to `waitMs` for the next one; [] when none came. `undefined` when the log does not exist (never written or expired). */
  read(after: number, waitMs: number): Promise<StreamEvent[] | undefined>;
  close(): void;
}

export interface EventLog {
  append(messageId: string, event: StreamEvent): Promise<void>;
  /** The log has its last event: keep it `graceSeconds` more. */
  finish(messageId: string, graceSeconds: number): Promise<void>;
  reader(messageId: string): EventLogReader;
  /** The id of the last event and when it was written (ms since the epoch); `undefined` when the log does not exist. */
  lastEvent(messageId: string): Promise<{ id: number; at: number } | undefined>;
}

/** A running log expires after this even if its generator died without finishing it. */
const RUNNING_TTL_SECONDS = 6 * 60 * 60;
const key = (messageId: string) => `tf:assistant:stream:${messageId}`;

class RedisEventLog implements EventLog {
  constructor(private readonly redis: Redis) {}

  async append(messageId: string, event: StreamEvent): Promise<void> {
    await this.redis.multi().xadd(key(messageId), `${event.id}-0`, "e", JSON.stringify(event), "t", String(Date.now())).expire(key(messageId), RUNNING_TTL_SECONDS).exec();
  }

  async finish(messageId: string, graceSeconds: number): Promise<void> {
    await this.redis.expire(key(messageId), graceSeconds);
  }

  async lastEvent(messageId: string): Promise<{ id: number; at: number } | undefined> {
    const [entry] = (await this.redis.xrevrange(key(messageId), "+", "-", "COUNT", 1)) as Array<[string, string[]]>;
    if (!entry) return undefined;
    const [, fields] = entry;
    const at = Number(fields[fields.indexOf("t") + 1]);
    return { id: Number(entry[0].split("-")[0]), at: Number.isFinite(at) && fields.includes("t") ? at : 0 };
  }

  reader(messageId: string): EventLogReader {
    // XREAD BLOCK holds its connection: each follower gets its own, closed with the stream.
    let blocking: Redis | undefined;
    const redis = this.redis;
    const parse = (entries: Array<[string, string[]]>) => entries.map(([, fields]) => JSON.parse(fields[1]!) as StreamEvent);
    return {
      async read(after, waitMs) {
        const now = (await redis.xrange(key(messageId), `(${after}-0`, "+")) as Array<[string, string[]]>;
        if (now.length) return parse(now);
        if (!(await redis.exists(key(messageId)))) return undefined;
        blocking ??= redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, enableAutoPipelining: false });
        const res = (await blocking.xread("BLOCK", Math.max(1, waitMs), "STREAMS", key(messageId), `${after}-0`)) as Array<[string, Array<[string, string[]]>]> | null;
        return res ? parse(res[0]![1]) : [];
      },
      close() {
        blocking?.disconnect();
      },
    };
  }
}

interface MemoryEntry {
  events: StreamEvent[];
  lastAt: number;
  expiresAt: number;
  waiters: Set<() => void>;
}

class MemoryEventLog implements EventLog {
  private readonly logs = new Map<string, MemoryEntry>();

  private live(messageId: string): MemoryEntry | undefined {
    const now = Date.now();
    for (const [id, entry] of this.logs) if (entry.expiresAt <= now) this.logs.delete(id);
    return this.logs.get(messageId);
  }

  async append(messageId: string, event: StreamEvent): Promise<void> {
    const entry = this.live(messageId) ?? { events: [], lastAt: 0, expiresAt: 0, waiters: new Set() };
    entry.events.push(event);
    entry.lastAt = Date.now();
    entry.expiresAt = Date.now() + RUNNING_TTL_SECONDS * 1000;
    this.logs.set(messageId, entry);
    for (const wake of entry.waiters) wake();
    entry.waiters.clear();
  }

  async finish(messageId: string, graceSeconds: number): Promise<void> {
    const entry = this.logs.get(messageId);
    if (entry) entry.expiresAt = Date.now() + graceSeconds * 1000;
  }

  async lastEvent(messageId: string): Promise<{ id: number; at: number } | undefined> {
    const entry = this.live(messageId);
    const last = entry?.events.at(-1);
    return entry && last ? { id: last.id, at: entry.lastAt } : undefined;
  }

  reader(messageId: string): EventLogReader {
    return {
      read: async (after, waitMs) => {
        const entry = this.live(messageId);
        if (!entry) return undefined;
        const next = () => entry.events.filter((e) => e.id > after);
        if (next().length) return next();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            entry.waiters.delete(wake);
            resolve();
          }, waitMs);
          const wake = () => {
            clearTimeout(timer);
            resolve();
          };
          entry.waiters.add(wake);
        });
        return next();
      },
      close() {},
    };
  }
}

const logs = new WeakMap<AppContext, EventLog>();

export function eventLog(ctx: AppContext): EventLog {
  let log = logs.get(ctx);
  if (!log) {
    log = ctx.redis ? new RedisEventLog(ctx.redis) : new MemoryEventLog();
    logs.set(ctx, log);
  }
  return log;
}
