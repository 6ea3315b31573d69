import type { Request, RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type RateLimitInfo, type Store } from "express-rate-limit";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import type { AppContext } from "./context";
import { sendError } from "./errors";

const WINDOW_MS = 60_000;

function store(ctx: AppContext, prefix: string): Store | undefined {
  const redis = ctx.redis;
  if (!redis) return undefined; // express-rate-limit's memory store
  return new RedisStore({
    prefix,
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
  });
}

interface LimiterSpec {
  name: string;
  limit: number;
  keyGenerator: (req: Request) => string;
  /** Count failed requests (status >= 400) only. */
  failuresOnly?: boolean;
  /** Window length; default one minute. */
  windowMs?: number;
}

function limiter(ctx: AppContext, spec: LimiterSpec, prefix: string): RequestHandler {
  return rateLimit({
    windowMs: spec.windowMs ?? WINDOW_MS,
    limit: spec.limit,
    skipSuccessfulRequests: spec.failuresOnly ?? false,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    store: store(ctx, `${prefix}${spec.name}:`),
    // A Redis outage must not take the API down: requests pass while the store errors.
    passOnStoreError: true,
    keyGenerator: spec.keyGenerator,
    handler: (req, res) => {
      // The time until this window's counter resets, not the whole window: clients wait exactly that long.
      const resetAt = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime?.getTime();
      const seconds = Math.max(1, Math.ceil(((resetAt ?? Date.now() + (spec.windowMs ?? WINDOW_MS)) - Date.now()) / 1000));
      res.setHeader("Retry-After", String(seconds));
      sendError(req, res, 429, "RATE_LIMITED", `Too many requests. Try again in ${seconds} seconds.`);
    },
  });
}

/** The rate limits of SPEC §3, by the name routes use in `rateLimit` (the general one is `api`). */
export interface RateLimiters {
  /** Credential endpoints (login, register, change password): per client IP, failed attempts only. */
  credentials: RequestHandler;
  /** Token refresh: per client IP, generous (a refresh token is a 256-bit secret; a NAT'd office shares one IP). */
  session: RequestHandler;
  /** The rest of the API, logout and me included: per user when signed in, else per IP. */
  api: RequestHandler;
  /** Uploads (SPEC §3: 30 per hour per user), after authentication. */
  upload: RequestHandler;
  /** The public job listing page and its form (no account): per client IP, per hour. */
  publicForm: RequestHandler;
}

export function createRateLimiters(ctx: AppContext, prefix = "tf:rl:"): RateLimiters {
  const byIp = (req: Request) => ipKeyGenerator(req.ip ?? "unknown");
  const byUser = (req: Request) => (req.auth ? `u:${req.auth.userId}` : `ip:${byIp(req)}`);
  const { config } = ctx;
  return {
    credentials: limiter(ctx, { name: "auth", limit: config.RATE_LIMIT_AUTH_PER_MINUTE, keyGenerator: byIp, failuresOnly: true }, prefix),
    session: limiter(ctx, { name: "session", limit: config.RATE_LIMIT_SESSION_PER_MINUTE, keyGenerator: byIp }, prefix),
    api: limiter(ctx, { name: "api", limit: config.RATE_LIMIT_API_PER_MINUTE, keyGenerator: byUser }, prefix),
    upload: limiter(ctx, { name: "upload", limit: config.RATE_LIMIT_UPLOADS_PER_HOUR, keyGenerator: byUser, windowMs: 60 * WINDOW_MS }, prefix),
    publicForm: limiter(ctx, { name: "public", limit: config.RATE_LIMIT_PUBLIC_PER_HOUR, keyGenerator: byIp, windowMs: 60 * WINDOW_MS }, prefix),
  };
}
