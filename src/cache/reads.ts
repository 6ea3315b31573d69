import crypto from "node:crypto";
import type { Response } from "express";
import type { AppContext } from "../http/context";
import type { Reply } from "../http/route";
import type { AnyDomainEvent, EventType } from "../events/bus";
import { logger } from "../lib/logger";
import { MemoryReadCacheStore, RedisReadCacheStore, type ReadCacheStore } from "./store";

/**
 * The read cache of hot GETs (task list/board, stats, calendar, availability): the serialised JSON body,
 * keyed by everything that changes the answer and stamped with the generations of the project/workspace
 * it reads. Every committed event that changes such an answer bumps those generations (subscriber below),
 * so the next read on any instance misses. The bump is awaited by the unit of work (`events.beforeReturning`):
 * it is done before the write's HTTP response is sent and before realtime tells clients, so a client that
 * reads right after either gets fresh data, here and (through the shared Redis store) on every instance. The generations are read (with the value, one round trip)
 * BEFORE the database query: a read racing a write stores its old body under the old stamp, never served.
 * Permission checks are the caller's, before `cachedReply`; the cached body never decides who may see it.
 */
export const READ_CACHE_TTL_SECONDS = 60;

/** Events that change no cached read (everything else with a workspace bumps: new event types are safe by default). */
const NO_CACHED_READ: ReadonlySet<string> = new Set<EventType>(["session.revoked", "notification.created", "webhook.disabled", "ai.budget_warning", "invitation.created", "assistant.thread_created", "assistant.thread_updated", "assistant.thread_deleted", "assistant.message_completed"]);

export const generationKey = {
  /** Reads of one project (task list, project stats). */
  project: (id: string) => `tf:gen:project:${id}`,
  /** Workspace-wide reads (dashboard, calendar, availability): bumped by every change in the workspace. */
  workspace: (id: string) => `tf:gen:workspace:${id}`,
  /** Changes in a workspace not tied to one project (members, labels, comments...): every project read depends on it. */
  workspaceShared: (id: string) => `tf:gen:workspace-shared:${id}`,
};

/** The generations a read of one project depends on. */
export const projectScopes = (workspaceId: string, projectId: string) => [generationKey.project(projectId), generationKey.workspaceShared(workspaceId)];
/** The generations a workspace-wide read depends on. */
export const workspaceScopes = (workspaceId: string) => [generationKey.workspace(workspaceId)];

function projectOf(event: AnyDomainEvent): string | null {
  const data = event.data as Record<string, unknown>;
  if (event.type.startsWith("project.")) return typeof data.id === "string" ? data.id : null;
  for (const holder of [data, data.task, data.booking]) {
    const id = (holder as { projectId?: unknown } | undefined)?.projectId;
    if (typeof id === "string") return id;
  }
  return null;
}

/** The generation keys an event bumps (none when it changes no cached read). */
export function generationsBumpedBy(event: AnyDomainEvent): string[] {
  if (!event.workspaceId || NO_CACHED_READ.has(event.type)) return [];
  const projectId = projectOf(event);
  const scoped = projectId ? generationKey.project(projectId) : generationKey.workspaceShared(event.workspaceId);
  return [generationKey.workspace(event.workspaceId), scoped];
}

export interface CachedRead {
  /** The read's name, e.g. "project-tasks". */
  name: string;
  /** Generation keys (projectScopes / workspaceScopes). */
  scopes: string[];
  /** Everything else that changes the answer: normalised query, role, user id when per user... */
  parts: unknown[];
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` name the same key. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A weak ETag of the body, in the shape Express's own has (`W/"<length>-<sha1>"`). */
function weakEtag(body: Buffer): string {
  return `W/"${body.length.toString(16)}-${crypto.createHash("sha1").update(body).digest("base64").slice(0, 27)}"`;
}

/** What is stored: `<generations>\n<etag>\n<json>`, as bytes. */
function storedValue(stamp: string, json: string): Buffer {
  const body = Buffer.from(json);
  return Buffer.concat([Buffer.from(`${stamp}${weakEtag(body)}\n`, "latin1"), body]);
}

/** The ETag and body of a stored value, when it carries the current generations; else null (stale). */
function storedBody(raw: Buffer, stamp: string): { etag: string; body: Buffer } | null {
  if (raw.length <= stamp.length || raw.toString("latin1", 0, stamp.length) !== stamp) return null;
  const newline = raw.indexOf(10, stamp.length);
  if (newline < 0) return null;
  return { etag: raw.toString("latin1", stamp.length, newline), body: raw.subarray(newline + 1) };
}

export class ReadCache {
  hits = 0;
  misses = 0;
  /** Lookups that went to the database because the store failed (Redis away). */
  bypassed = 0;
  /** After a failed bump this instance cannot trust what is stored: it bypasses until then. */
  private distrustUntil = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ReadCacheStore,
    private readonly ctx: AppContext,
  ) {
    this.unsubscribe = ctx.events.beforeReturning("read-cache", (events) => this.onCommit(events));
  }

  get enabled(): boolean {
    return this.ctx.config.CACHE_READS !== "off";
  }

  /** All the events of one commit: one bump (one Redis round trip) of the union of their generations. */
  private async onCommit(events: readonly AnyDomainEvent[]): Promise<void> {
    const keys = [...new Set(events.flatMap((e) => generationsBumpedBy(e)))];
    // Bumped even with CACHE_READS=off here: another instance sharing the Redis store may have it on.
    if (!keys.length) return;
    try {
      await this.store.bump(keys);
    } catch (err) {
      // The write stands; what is stored may now be stale, so nothing is served from it for a TTL
      // (set before the write answers: this instance's next read already bypasses).
      this.distrustUntil = Date.now() + READ_CACHE_TTL_SECONDS * 1000;
      logger.warn("read cache: generation bump failed, bypassing the cache", { events: events.map((e) => e.type).join(","), err: err instanceof Error ? err.message : String(err) });
    }
  }

  /**
   * Answers from the cache, or runs `compute` and stores its 200 body. Sends a hit itself
   * (`res.type("json").send(raw)`, no parse/stringify) and returns nothing; a miss returns the reply.
   */
  async reply(res: Response, read: CachedRead, compute: () => Promise<Reply>): Promise<Reply | void> {
    if (!this.enabled) return compute();
    if (Date.now() < this.distrustUntil) {
      this.bypassed++;
      return compute();
    }
    // The scopes name the workspace/project: two tenants asking the same query never share a key
    // (their generation stamps can be equal, e.g. both never bumped).
    const key = `tf:read:${read.name}:${crypto.createHash("sha1").update(stableJson([read.scopes, read.parts])).digest("base64url")}`;
    let stamp: string;
    try {
      const { generations, raw } = await this.store.lookup(read.scopes, key);
      stamp = `${generations.join(".")}\n`;
      const hit = raw && storedBody(raw, stamp);
      if (hit) {
        this.hits++;
        // The ETag was computed when the value was stored; with it set, Express neither hashes
        // the body again (the cost of a large hit) nor sends it to a client that has it (304).
        res.status(200).type("json").set("ETag", hit.etag).send(hit.body);
        return;
      }
    } catch {
      this.bypassed++;
      return compute();
    }
    this.misses++;
    const reply = await compute();
    if ((reply.status ?? 200) === 200 && reply.body !== undefined) {
      this.store.set(key, storedValue(stamp, JSON.stringify(reply.body)), READ_CACHE_TTL_SECONDS).catch(() => {}); // a lost store is a later miss
    }
    return reply;
  }

  /** For writes that publish no event (a job's snapshots): the next read of these scopes misses. */
  async invalidate(genKeys: string[]): Promise<void> {
    if (!genKeys.length) return;
    try {
      await this.store.bump(genKeys);
    } catch (err) {
      this.distrustUntil = Date.now() + READ_CACHE_TTL_SECONDS * 1000;
      logger.warn("read cache: invalidation failed, bypassing the cache", { err: err instanceof Error ? err.message : String(err) });
    }
  }

  close(): void {
    this.unsubscribe();
  }
}

const caches = new WeakMap<AppContext, ReadCache>();

/** The context's read cache: Redis when configured (shared by instances), else memory. */
export function readCache(ctx: AppContext): ReadCache {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new ReadCache(ctx.redis ? new RedisReadCacheStore(ctx.redis) : new MemoryReadCacheStore(), ctx)));
  return cache;
}

/** Subscribes the context's read cache to the events (src/context.ts: before any write). */
export function subscribeReadCache(ctx: AppContext): void {
  readCache(ctx);
}
