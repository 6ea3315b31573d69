import type { Redis } from "ioredis";

/**
 * Where cached reads live: raw bytes with a TTL, and generation counters that writes bump.
 * Redis in production (shared by every instance), memory in embedded mode (one process, no Redis).
 * Every method may reject (Redis away): callers then bypass the cache, never serve from it.
 */
export interface ReadCacheStore {
  /** The generations of `genKeys` (0 when never bumped) and the raw value of `key`, in one round trip. */
  lookup(genKeys: string[], key: string): Promise<{ generations: number[]; raw: Buffer | null }>;
  set(key: string, raw: Buffer, ttlSeconds: number): Promise<void>;
  bump(genKeys: string[]): Promise<void>;
}

/** Generations outlive every value stamped with them (values live TTL seconds). */
const GENERATION_TTL_SECONDS = 86_400;
/** A Redis call slower than this is treated as a failure: the read goes to the database instead. */
const REDIS_TIMEOUT_MS = 250;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("read cache: Redis timed out")), REDIS_TIMEOUT_MS)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export class RedisReadCacheStore implements ReadCacheStore {
  constructor(private readonly redis: Redis) {}

  private ready(): void {
    // Not connected: fail at once rather than queue behind a reconnect.
    if (this.redis.status !== "ready") throw new Error(`read cache: Redis is ${this.redis.status}`);
  }

  async lookup(genKeys: string[], key: string) {
    this.ready();
    // Bytes, not strings: a hit goes to the socket as it came (ioredis' string conversion of a
    // 1 MB calendar was the largest cost of a hit).
    const values = await withTimeout(this.redis.mgetBuffer(...genKeys, key));
    return { generations: values.slice(0, genKeys.length).map((v) => Number(v?.toString("latin1") ?? 0)), raw: values[genKeys.length] ?? null };
  }

  async set(key: string, raw: Buffer, ttlSeconds: number) {
    this.ready();
    await withTimeout(this.redis.set(key, raw, "EX", ttlSeconds));
  }

  async bump(genKeys: string[]) {
    this.ready();
    const multi = this.redis.multi();
    for (const k of genKeys) multi.incr(k).expire(k, GENERATION_TTL_SECONDS);
    const results = await withTimeout(multi.exec());
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error("read cache: bump discarded");
  }
}

const MAX_MEMORY_ENTRIES = 5_000;

export class MemoryReadCacheStore implements ReadCacheStore {
  private readonly values = new Map<string, { raw: Buffer; expires: number }>();
  private readonly generations = new Map<string, number>();

  async lookup(genKeys: string[], key: string) {
    const entry = this.values.get(key);
    const live = entry && entry.expires > Date.now() ? entry.raw : null;
    if (entry && !live) this.values.delete(key);
    return { generations: genKeys.map((k) => this.generations.get(k) ?? 0), raw: live };
  }

  async set(key: string, raw: Buffer, ttlSeconds: number) {
    if (this.values.size >= MAX_MEMORY_ENTRIES) this.prune();
    this.values.delete(key); // re-inserted last: Map order is the eviction order
    this.values.set(key, { raw, expires: Date.now() + ttlSeconds * 1000 });
  }

  async bump(genKeys: string[]) {
    for (const k of genKeys) this.generations.set(k, (this.generations.get(k) ?? 0) + 1);
  }

  private prune(): void {
    const now = Date.now();
    for (const [k, e] of this.values) if (e.expires <= now) this.values.delete(k);
    for (const k of this.values.keys()) {
      if (this.values.size < MAX_MEMORY_ENTRIES) break;
      this.values.delete(k);
    }
  }
}
