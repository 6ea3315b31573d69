import type { AppContext } from "../../http/context";

/**
 * Stopping a generation from any instance: the generator on this instance is
 * aborted at once; with Redis a stop key is set too, which the generator on
 * another instance polls (every STOP_POLL_MS) while it runs.
 */

const STOP_POLL_MS = 150;
const STOP_TTL_SECONDS = 600;
const stopKey = (messageId: string) => `tf:assistant:stop:${messageId}`;

const running = new WeakMap<AppContext, Map<string, AbortController>>();
const local = (ctx: AppContext) => {
  let map = running.get(ctx);
  if (!map) running.set(ctx, (map = new Map()));
  return map;
};

export async function requestStop(ctx: AppContext, messageId: string): Promise<void> {
  local(ctx).get(messageId)?.abort();
  if (ctx.redis) await ctx.redis.set(stopKey(messageId), "1", "EX", STOP_TTL_SECONDS);
}

/** The abort signal of one generation, until `release()`. */
export function watchStop(ctx: AppContext, messageId: string): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  local(ctx).set(messageId, controller);
  const redis = ctx.redis;
  const timer = redis
    ? setInterval(() => {
        redis
          .exists(stopKey(messageId))
          .then((n) => n && controller.abort())
          .catch(() => undefined); // Redis down: a local stop still works
      }, STOP_POLL_MS)
    : undefined;
  return {
    signal: controller.signal,
    release: () => {
      if (timer) clearInterval(timer);
      local(ctx).delete(messageId);
    },
  };
}

/** Whether this instance is generating the message now (its generator holds a stop watch). */
export const isRunningHere = (ctx: AppContext, messageId: string) => local(ctx).has(messageId);
