import crypto from "node:crypto";
import type { AppContext } from "../../http/context";
import { unauthorized } from "../../lib/errors";

/**
 * Signed links to an attachment's bytes: `<img src>` and `<a href>` cannot send
 * the Bearer header. The signature (HMAC-SHA256, with a key derived from the
 * JWT secret for this use only) covers the attachment, the variant, the user
 * and the expiry. A link stands in for authentication only: the download still
 * checks that this user may read the attachment's entity now.
 */
export type LinkVariant = "download" | "inline" | "thumbnail";

export interface SignedQuery {
  u?: string;
  exp?: number;
  sig?: string;
}

const keys = new Map<string, Buffer>();
function linkKey(ctx: AppContext): Buffer {
  const secret = ctx.secrets.jwtSecret;
  let key = keys.get(secret);
  if (!key) {
    key = crypto.createHmac("sha256", secret).update("teamflow:attachment-links:v1").digest();
    keys.set(secret, key);
  }
  return key;
}

const signature = (ctx: AppContext, id: string, variant: LinkVariant, userId: string, exp: number) =>
  crypto.createHmac("sha256", linkKey(ctx)).update(`${id}\n${variant}\n${userId}\n${exp}`).digest("base64url");

/** A relative signed path for the caller, valid DOWNLOAD_URL_TTL_SECONDS (rounded up to the minute, so links stay the same for a while and caches work). */
export function signedPath(ctx: AppContext, id: string, variant: LinkVariant, userId: string): string {
  const now = Math.ceil(ctx.now().getTime() / 60_000) * 60;
  const exp = now + ctx.config.DOWNLOAD_URL_TTL_SECONDS;
  const query = new URLSearchParams({ ...(variant === "inline" ? { inline: "1" } : {}), u: userId, exp: String(exp), sig: signature(ctx, id, variant, userId, exp) });
  return `/api/v1/attachments/${id}${variant === "thumbnail" ? "/thumbnail" : ""}?${query}`;
}

/** The user a signed link was made for; 401 when it is incomplete, tampered with, for another attachment or variant, or expired. */
export function verifySignedQuery(ctx: AppContext, id: string, variant: LinkVariant, q: SignedQuery): string {
  if (!q.u || q.exp === undefined || !q.sig) throw unauthorized("Sign in, or use a signed link (u, exp and sig): Authorization: Bearer <token>");
  const expected = Buffer.from(signature(ctx, id, variant, q.u, q.exp));
  const given = Buffer.from(q.sig);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw unauthorized("This link is not valid for this file. Open the attachment again for a fresh link.");
  if (q.exp * 1000 < ctx.now().getTime()) throw unauthorized("This link has expired. Open the attachment again for a fresh link.");
  return q.u;
}
