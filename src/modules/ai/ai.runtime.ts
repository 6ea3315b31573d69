import type { AppContext } from "../../http/context";
import { priceTable, type Price } from "./ai.prices";
import { providersFromConfig, type ConfiguredProviders } from "./providers";

const CACHE_TTL_MS = 60 * 60 * 1000;
const MEMORY_CACHE_MAX = 500;
const HOUR_MS = 60 * 60 * 1000;

export interface ProviderStatus {
  role: "primary" | "fallback";
  kind: string;
  model: string;
  baseUrl: string;
  reachable: boolean | null;
  checkedAt: string | null;
  error?: string;
}

/**
 * What the AI module keeps per app context: the configured providers, the
 * price table, and the memory stores used without Redis (response cache, rate
 * counters) plus the short-lived reachability cache of /ai/status.
 */
export interface AiRuntime {
  providers?: ConfiguredProviders;
  prices: Record<string, Price>;
  memoryCache: Map<string, { value: string; expiresAt: number }>;
  memoryCounters: Map<string, { count: number; expiresAt: number }>;
  status?: { at: number; providers: ProviderStatus[] };
}

const runtimes = new WeakMap<AppContext, AiRuntime>();

export function aiRuntime(ctx: AppContext): AiRuntime {
  let runtime = runtimes.get(ctx);
  if (!runtime) {
    runtime = { providers: providersFromConfig(ctx.config), prices: priceTable(ctx.config), memoryCache: new Map(), memoryCounters: new Map() };
    runtimes.set(ctx, runtime);
  }
  return runtime;
}

/** The response cache: Redis when configured (1 hour), memory otherwise. */
export async function cacheGet(ctx: AppContext, key: string): Promise<string | undefined> {
  if (ctx.redis) return (await ctx.redis.get(`tf:ai:cache:${key}`).catch(() => null)) ?? undefined;
  const entry = aiRuntime(ctx).memoryCache.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now()) {
    aiRuntime(ctx).memoryCache.delete(key);
    return undefined;
  }
  return entry.value;
}

export async function cacheSet(ctx: AppContext, key: string, value: string): Promise<void> {
  if (ctx.redis) {
    await ctx.redis.set(`tf:ai:cache:${key}`, value, "PX", CACHE_TTL_MS).catch(() => undefined);
    return;
  }
  const cache = aiRuntime(ctx).memoryCache;
  if (cache.size >= MEMORY_CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, { value, expiresAt: Date.now() + CACHE_TTL_MS });
}

/**
 * Counts one AI call of the workspace in the current hour (a fixed window:
 * Redis INCR when configured, memory otherwise). Returns the seconds until the
 * window ends when the limit is already used up, else undefined.
 */
export async function takeAiCall(ctx: AppContext, workspaceId: string, limit: number): Promise<number | undefined> {
  const now = ctx.now().getTime();
  const window = Math.floor(now / HOUR_MS);
  const endsAt = (window + 1) * HOUR_MS;
  const retryAfter = Math.max(1, Math.ceil((endsAt - now) / 1000));
  const key = `tf:ai:rl:${workspaceId}:${window}`;
  let count: number;
  if (ctx.redis) {
    try {
      const [[, incr]] = (await ctx.redis.multi().incr(key).pexpire(key, HOUR_MS + 60_000).exec()) as [[unknown, number]];
      count = incr;
    } catch {
      return undefined; // a Redis outage must not take AI down (as with the other limits)
    }
  } else {
    const counters = aiRuntime(ctx).memoryCounters;
    for (const [k, v] of counters) if (v.expiresAt <= now) counters.delete(k);
    const entry = counters.get(key) ?? { count: 0, expiresAt: endsAt };
    entry.count += 1;
    counters.set(key, entry);
    count = entry.count;
  }
  return count > limit ? retryAfter : undefined;
}
