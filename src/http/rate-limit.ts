import type { Request, RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type Store } from "express-rate-limit";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import type { AppContext } from "./context";
import { sendError } from "./errors";

function store(ctx: AppContext, prefix: string): Store | undefined {
  const redis = ctx.redis;
  if (!redis) return undefined; // express-rate-limit's memory store
  return new RedisStore({
    prefix,
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
  });
}

function limiter(ctx: AppContext, name: string, limit: number, keyGenerator: (req: Request) => string, prefix: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    store: store(ctx, `${prefix}${name}:`),
    // A Redis outage must not take the API down: requests pass while the store errors.
    passOnStoreError: true,
    keyGenerator,
    handler: (req, res, _next, options) => {
      res.setHeader("Retry-After", String(Math.ceil(options.windowMs / 1000)));
      sendError(req, res, 429, "RATE_LIMITED", `Too many requests. Try again in ${Math.ceil(options.windowMs / 1000)} seconds.`);
    },
  });
}

export interface RateLimiters {
  /** Auth endpoints: per client IP. */
  auth: RequestHandler;
  /** The rest of the API: per user when signed in, else per IP. */
  api: RequestHandler;
}

export function createRateLimiters(ctx: AppContext, prefix = "tf:rl:"): RateLimiters {
  const byIp = (req: Request) => ipKeyGenerator(req.ip ?? "unknown");
  return {
    auth: limiter(ctx, "auth", ctx.config.RATE_LIMIT_AUTH_PER_MINUTE, byIp, prefix),
    api: limiter(ctx, "api", ctx.config.RATE_LIMIT_API_PER_MINUTE, (req) => (req.auth ? `u:${req.auth.userId}` : `ip:${byIp(req)}`), prefix),
  };
}
