import { AppError, notFound } from "../../lib/errors";
import { sha256 } from "../../lib/crypto";
import type { AppContext } from "../../http/context";
import type { AuthContext } from "../../http/route";
import { newApiToken } from "./tokens";
import { presentScope } from "./auth.presenter";

/** A user may hold this many active tokens; more is almost certainly a leak or a script bug. */
export const MAX_ACTIVE_TOKENS = 50;
/** lastUsedAt is written at most this often per token, so reads stay reads. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function listTokens(ctx: AppContext, userId: string) {
  return ctx.db.apiToken.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: "desc" } });
}

/** Creates a token; the plain secret is returned here and never stored. */
export async function createToken(ctx: AppContext, userId: string, input: { name: string; scope: "read" | "read-write"; expiresInDays?: number }) {
  const active = await ctx.db.apiToken.count({ where: { userId, revokedAt: null } });
  if (active >= MAX_ACTIVE_TOKENS) {
    throw new AppError("CONFLICT", `You already have ${MAX_ACTIVE_TOKENS} active API tokens; revoke one first.`);
  }
  const secret = newApiToken();
  const expiresAt = input.expiresInDays ? new Date(ctx.now().getTime() + input.expiresInDays * 86400_000) : null;
  const row = await ctx.db.apiToken.create({
    data: {
      userId,
      name: input.name,
      prefix: secret.prefix,
      tokenHash: secret.hash,
      scope: input.scope === "read" ? "READ" : "READ_WRITE",
      expiresAt,
    },
  });
  return { row, token: secret.token };
}

export async function revokeToken(ctx: AppContext, userId: string, tokenId: string) {
  const result = await ctx.db.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: ctx.now() } });
  if (result.count === 0) throw notFound("API token");
}

/** Resolves a `tf_` bearer token to the caller, or null when unknown, revoked or expired. */
export async function authenticateApiToken(ctx: AppContext, token: string): Promise<AuthContext | null> {
  const row = await ctx.db.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: { select: { email: true } } } });
  const now = ctx.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await ctx.db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { userId: row.userId, email: row.user.email, kind: "token", tokenId: row.id, scope: presentScope(row.scope) };
}
