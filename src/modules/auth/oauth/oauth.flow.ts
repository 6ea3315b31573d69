import crypto from "node:crypto";
import type { Request, Response } from "express";
import type { AppContext } from "../../../http/context";
import type { ProviderId } from "./oauth.providers";

/**
 * The state of one sign-in attempt between the redirect to the provider and the
 * callback: state, PKCE verifier, nonce and what the attempt is for. It lives in
 * an encrypted, httpOnly cookie of this browser only (AES-256-GCM with a key
 * derived from the JWT secret), for FLOW_TTL_MS, and is cleared by the callback,
 * so a callback from another browser, a second use or a late one finds nothing.
 */
export interface OAuthFlow {
  provider: ProviderId;
  state: string;
  codeVerifier: string;
  nonce?: string;
  /** Set when a signed-in user is connecting another account. */
  connectUserId?: string;
  /** Same-origin path to land on after sign-in (e.g. /invite/<token>). */
  next?: string;
  expiresAt: number;
}

export const FLOW_COOKIE = "tf_oauth";
const FLOW_COOKIE_PATH = "/api/v1/auth/oauth";
export const FLOW_TTL_MS = 10 * 60_000;

function key(ctx: AppContext, purpose: string) {
  return crypto.createHash("sha256").update(`teamflow:${purpose}:`).update(ctx.secrets.jwtSecret).digest();
}

/** Encrypts a small JSON value for `purpose` (the flow cookie, connect tickets). */
export function seal(ctx: AppContext, purpose: string, value: unknown): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(ctx, purpose), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The value sealed for `purpose`, or null when it was tampered with, is for another purpose or is garbage. */
export function unseal<T>(ctx: AppContext, purpose: string, sealed: string | undefined): T | null {
  if (!sealed || sealed.length > 4096) return null;
  try {
    const raw = Buffer.from(sealed, "base64url");
    if (raw.length < 29) return null;
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(ctx, purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

const cookieOptions = (ctx: AppContext) => ({ httpOnly: true, sameSite: "lax" as const, secure: ctx.config.isProduction, path: FLOW_COOKIE_PATH });

export function writeFlow(ctx: AppContext, res: Response, flow: OAuthFlow) {
  res.cookie(FLOW_COOKIE, seal(ctx, "oauth-flow", flow), { ...cookieOptions(ctx), maxAge: FLOW_TTL_MS });
}

/** Reads and clears this browser's flow; null when there is none, it expired or it is not for `provider`. */
export function takeFlow(ctx: AppContext, req: Request, res: Response, provider: ProviderId): OAuthFlow | null {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[FLOW_COOKIE];
  res.clearCookie(FLOW_COOKIE, cookieOptions(ctx));
  const flow = unseal<OAuthFlow>(ctx, "oauth-flow", typeof value === "string" ? value : undefined);
  if (!flow || flow.provider !== provider || typeof flow.state !== "string" || flow.expiresAt < ctx.now().getTime()) return null;
  return flow;
}

/** Constant-time comparison of the returned `state` with the one this browser sent. */
export function sameState(expected: string, received: unknown): boolean {
  if (typeof received !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
