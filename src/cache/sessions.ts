import type { Redis } from "ioredis";
import type { AppContext } from "../http/context";
import { logger } from "../lib/logger";

/**
 * The access-token session check (is the JWT's session family still live?) served from memory for a
 * short TTL, so an authenticated request costs no database round trip for it. A revocation evicts
 * at once: locally from the `session.revoked` event (its handler runs synchronously when the
 * revocation commits, before the response is sent), and on every other instance through the Redis
 * channel below. The TTL bounds staleness only if a broadcast is lost (Redis down).
 */
export const SESSION_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const CHANNEL = "tf:session-revoked";

export interface SessionUser {
  id: string;
  email: string;
}

type Revoked = { familyIds?: string[]; userId?: string };

export class SessionCache {
  private readonly entries = new Map<string, { user: SessionUser; familyId: string; expires: number }>();
  /** Bumped on every revocation: a lookup that started before one must not store its answer. */
  private epoch = 0;
  private sub?: Redis;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly unsubscribe: () => void;
  hits = 0;
  misses = 0;

  constructor(ctx: AppContext) {
    this.unsubscribe = ctx.events.subscribe("session-cache", (event) => {
      if (event.type !== "session.revoked") return;
      this.evict(event.data);
      // Other instances: fire and forget (their TTL is the fallback if Redis is away).
      const sent = ctx.redis?.publish(CHANNEL, JSON.stringify(event.data)).catch((err: Error) => void logger.warn("session revocation broadcast failed", { err: err.message }));
      if (sent) {
        this.pending.add(sent);
        void sent.finally(() => this.pending.delete(sent));
      }
    });
    if (ctx.redis) {
      const sub = ctx.redis.duplicate({ lazyConnect: true, maxRetriesPerRequest: null, enableOfflineQueue: true, enableAutoPipelining: false });
      sub.on("error", () => {}); // reconnects by itself; the TTL covers the gap
      sub.on("message", (channel: string, message: string) => {
        if (channel !== CHANNEL) return;
        try {
          this.evict(JSON.parse(message) as Revoked);
        } catch {
          /* not ours */
        }
      });
      sub.connect().then(() => sub.subscribe(CHANNEL), () => {});
      this.sub = sub;
    }
  }

  /** The live session's user, from memory or from `load` (null: no live session; never cached). */
  async get(familyId: string, userId: string, load: () => Promise<SessionUser | null>): Promise<SessionUser | null> {
    const key = `${familyId}:${userId}`;
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) {
      this.hits++;
      return hit.user;
    }
    this.misses++;
    const epoch = this.epoch;
    const user = await load();
    if (user && epoch === this.epoch) {
      if (this.entries.size >= MAX_ENTRIES) this.prune(now);
      this.entries.delete(key);
      this.entries.set(key, { user, familyId, expires: Date.now() + SESSION_CACHE_TTL_MS });
    } else if (!user) this.entries.delete(key);
    return user;
  }

  /**
   * Waits (at most 1 s) until Redis has taken the revocations announced so far, i.e. has handed them to every
   * instance's subscriber: the revoking request awaits this before it answers, so the caller's next request
   * fails on whichever instance it reaches.
   */
  async broadcasted(): Promise<void> {
    if (!this.pending.size) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => (timer = setTimeout(r, 1000)))]);
    clearTimeout(timer);
  }

  evict(data: Revoked): void {
    this.epoch++;
    const families = new Set(data.familyIds ?? []);
    for (const [key, e] of this.entries) if (families.has(e.familyId) || (data.userId && e.user.id === data.userId)) this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [key, e] of this.entries) if (e.expires <= now) this.entries.delete(key);
    // Still full: drop the oldest (Map keeps insertion order).
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }

  /** Subscribed to Redis and ready to hear other instances' revocations (tests). */
  async ready(): Promise<void> {
    const sub = this.sub;
    if (!sub) return;
    for (let i = 0; i < 200 && !(sub.status === "ready" && (sub as unknown as { condition?: { subscriber?: unknown } }).condition?.subscriber); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.entries.clear();
    const sub = this.sub;
    this.sub = undefined;
    if (sub) await (sub.status === "ready" ? sub.quit().catch(() => sub.disconnect()) : Promise.resolve(sub.disconnect()));
  }
}

const caches = new WeakMap<AppContext, SessionCache>();

/** One session cache per context (an instance), made on first use. */
export function sessionCache(ctx: AppContext): SessionCache {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new SessionCache(ctx)));
  return cache;
}

/** Closes the context's session cache, if it made one (server shutdown). */
export async function closeSessionCache(ctx: AppContext): Promise<void> {
  const cache = caches.get(ctx);
  caches.delete(ctx);
  await cache?.close();
}
