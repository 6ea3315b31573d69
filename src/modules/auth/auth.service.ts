import crypto from "node:crypto";
import { AppError, unauthorized } from "../../lib/errors";
import { logger } from "../../lib/logger";
import type { AppContext } from "../../http/context";
import type { User } from "../../generated/prisma/client";
import { createFirstWorkspaceIfFreshInstall, listMyWorkspaces } from "../workspaces";
import { dummyPasswordHash, hashPassword, passwordProblems, verifyPassword } from "./password";
import { newRefreshToken, signAccessToken } from "./tokens";
import { sha256 } from "../../lib/crypto";
import { inTransaction, withEvents, type Emitter } from "../../events/unit-of-work";
import { sessionCache } from "../../cache/sessions";
import type { EventCatalogue } from "../../events/catalogue";

/** Tells realtime to drop the sockets of revoked sessions (on every instance), once the revocation is committed. */
function announceRevoked(emit: Emitter["emit"], data: EventCatalogue["session.revoked"], actorId: string | null) {
  emit({ type: "session.revoked", workspaceId: null, data, actorId, rooms: [] });
}

/** One generic message for every failed sign-in, so nothing reveals whether an account exists or is locked. */
export const LOGIN_FAILED_MESSAGE =
  "Invalid email or password. After 5 failed attempts the account is locked for 15 minutes.";

export interface ClientInfo {
  userAgent?: string;
  ip?: string;
}

export interface IssuedSession {
  user: User;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

function assertPasswordPolicy(password: string, email: string, field = "password") {
  const problems = passwordProblems(password, email);
  if (problems.length) {
    throw new AppError("VALIDATION_ERROR", "Password does not meet the rules", problems.map((message) => ({ field, message })));
  }
}

function accessTokenFor(ctx: AppContext, userId: string, familyId: string) {
  return signAccessToken({ sub: userId, sid: familyId }, ctx.secrets.jwtSecret, ctx.config.ACCESS_TOKEN_TTL_SECONDS);
}

/** Starts a new refresh-token family for the user and returns both tokens. */
async function startSession(ctx: AppContext, user: User, client: ClientInfo): Promise<IssuedSession> {
  const familyId = crypto.randomUUID();
  const refresh = newRefreshToken();
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.REFRESH_TOKEN_TTL_DAYS * 86400_000);
  await ctx.db.session.create({
    data: { userId: user.id, familyId, tokenHash: refresh.hash, expiresAt, userAgent: client.userAgent?.slice(0, 300), ip: client.ip },
  });
  return {
    user,
    accessToken: accessTokenFor(ctx, user.id, familyId),
    expiresIn: ctx.config.ACCESS_TOKEN_TTL_SECONDS,
    refreshToken: refresh.token,
    refreshExpiresAt: expiresAt,
  };
}

/** Creates an account; the first account of an install also gets a workspace. */
export async function register(ctx: AppContext, input: { email: string; password: string; name: string }, client: ClientInfo) {
  assertPasswordPolicy(input.password, input.email);
  const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
  const user = await ctx.db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", [
        { field: "email", message: "is already registered" },
      ]);
    }
    const created = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    await createFirstWorkspaceIfFreshInstall(tx, created);
    return created;
  });
  return startSession(ctx, user, client);
}

/**
 * Checks credentials with lockout: LOGIN_MAX_FAILURES consecutive failures lock
 * the account for LOGIN_LOCK_MINUTES. Unknown emails cost one bcrypt compare too.
 */
export async function verifyCredentials(ctx: AppContext, email: string, password: string): Promise<User | null> {
  const user = await ctx.db.user.findUnique({ where: { email } });
  if (!user) {
    await verifyPassword(password, await dummyPasswordHash(ctx.config.BCRYPT_COST));
    return null;
  }
  // No password (provider-only account): compare against the dummy hash, so timing does not tell, and fail.
  const passwordOk = (await verifyPassword(password, user.passwordHash ?? (await dummyPasswordHash(ctx.config.BCRYPT_COST)))) && user.passwordHash !== null;
  const now = ctx.now();
  if (user.lockedUntil && user.lockedUntil > now) return null;
  if (!passwordOk) {
    await recordFailedLogin(ctx, user.id);
    return null;
  }
  if (user.failedLoginCount > 0 || user.lockedUntil) {
    await ctx.db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
  }
  return user;
}

/** Counts a failure atomically (concurrent failures all count) and locks at the threshold. */
async function recordFailedLogin(ctx: AppContext, userId: string) {
  const max = ctx.config.LOGIN_MAX_FAILURES;
  const lockUntil = new Date(ctx.now().getTime() + ctx.config.LOGIN_LOCK_MINUTES * 60_000);
  const rows = await ctx.db.$queryRaw<Array<{ locked: boolean }>>`
    UPDATE users
       SET failed_login_count = CASE WHEN failed_login_count + 1 >= ${max} THEN 0 ELSE failed_login_count + 1 END,
           locked_until       = CASE WHEN failed_login_count + 1 >= ${max} THEN ${lockUntil} ELSE locked_until END
     WHERE id = ${userId}::uuid
 RETURNING (locked_until IS NOT NULL AND locked_until > now()) AS locked`;
  if (rows[0]?.locked) logger.warn("account locked after repeated failed logins", { userId });
}

export async function login(ctx: AppContext, user: User, client: ClientInfo) {
  return startSession(ctx, user, client);
}

/**
 * Rotates a refresh token. Presenting a token that was already rotated means it
 * leaked (or was replayed): the whole family is revoked and the caller must sign in.
 */
export async function refresh(ctx: AppContext, refreshToken: string | undefined, client: ClientInfo) {
  if (!refreshToken) throw unauthorized("No session. Sign in again.");
  const session = await ctx.db.session.findUnique({ where: { tokenHash: sha256(refreshToken) } });
  const now = ctx.now();
  if (!session || session.revokedAt || session.expiresAt <= now) throw unauthorized("Session expired. Sign in again.");
  // Only one caller can mark the token replaced; anyone else is presenting a rotated token.
  const claimed = await ctx.db.session.updateMany({
    where: { id: session.id, replacedAt: null, revokedAt: null },
    data: { replacedAt: now },
  });
  if (claimed.count === 0) {
    // Read again: the winner may have claimed it after our first read.
    const replacedAt = session.replacedAt ?? (await ctx.db.session.findUnique({ where: { id: session.id }, select: { replacedAt: true } }))?.replacedAt ?? null;
    if (!isRefreshRace({ ...session, replacedAt }, client, now)) {
      await revokeFamily(ctx, session.familyId);
      logger.warn("refresh token reuse detected; session family revoked", { userId: session.userId, familyId: session.familyId });
      throw unauthorized("Session expired. Sign in again.");
    }
    // A race, not a theft: this browser gets its own successor in the same family (below).
  }
  const next = newRefreshToken();
  const expiresAt = new Date(now.getTime() + ctx.config.REFRESH_TOKEN_TTL_DAYS * 86400_000);
  await ctx.db.session.create({
    data: {
      userId: session.userId,
      familyId: session.familyId,
      tokenHash: next.hash,
      expiresAt,
      userAgent: client.userAgent?.slice(0, 300),
      ip: client.ip,
    },
  });
  return {
    accessToken: accessTokenFor(ctx, session.userId, session.familyId),
    expiresIn: ctx.config.ACCESS_TOKEN_TTL_SECONDS,
    refreshToken: next.token,
    refreshExpiresAt: expiresAt,
  };
}

/** How long after a rotation the same browser may still present the old token without it counting as theft. */
const REFRESH_RACE_GRACE_MS = 10_000;

/**
 * The same browser may present a token it already rotated without anything
 * being stolen: two tabs refreshing at once where they cannot take turns (no
 * Web Locks outside HTTPS and localhost), or a refresh whose answer never
 * arrived because the page navigated away mid-request (the browser kept the
 * old cookie; answering that with 409 signed the user out, since the cookie
 * the "winner" received was lost with the page). Within seconds of the rotation
 * and from the browser the session was issued to (same user agent and
 * address), it is a race: that request gets its own successor in the same
 * family. Anything else that presents a rotated token is reuse.
 */
function isRefreshRace(session: { replacedAt: Date | null; userAgent: string | null; ip: string | null }, client: ClientInfo, now: Date): boolean {
  if (!session.replacedAt || now.getTime() - session.replacedAt.getTime() > REFRESH_RACE_GRACE_MS) return false;
  return session.userAgent === (client.userAgent?.slice(0, 300) ?? null) && session.ip === (client.ip ?? null);
}

async function revokeFamily(ctx: AppContext, familyId: string) {
  await withEvents(ctx, async ({ emit }) => {
    await ctx.db.session.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: ctx.now() } });
    announceRevoked(emit, { familyIds: [familyId] }, null);
  });
  await sessionCache(ctx).broadcasted();
}

/** Ends the session of the refresh cookie and/or of the access token. Idempotent. */
export async function logout(ctx: AppContext, refreshToken: string | undefined, familyId: string | undefined) {
  const families = new Set<string>();
  if (familyId) families.add(familyId);
  if (refreshToken) {
    const s = await ctx.db.session.findUnique({ where: { tokenHash: sha256(refreshToken) }, select: { familyId: true } });
    if (s) families.add(s.familyId);
  }
  for (const f of families) await revokeFamily(ctx, f);
}

/** Revokes every session of the user (all devices). */
export async function logoutEverywhere(ctx: AppContext, userId: string) {
  await withEvents(ctx, async ({ emit }) => {
    await ctx.db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: ctx.now() } });
    announceRevoked(emit, { userId }, userId);
  });
  await sessionCache(ctx).broadcasted();
}

/**
 * Changes the password and signs out every other session. An account made
 * through a sign-in provider has none: it sets its first one without a current
 * password (the signed-in session is the proof), and can then also sign in
 * with email and password.
 */
export async function changePassword(
  ctx: AppContext,
  userId: string,
  currentFamilyId: string | undefined,
  input: { currentPassword?: string; newPassword: string },
) {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.passwordHash !== null) {
    if (!input.currentPassword) throw new AppError("VALIDATION_ERROR", "Enter your current password", [{ field: "currentPassword", message: "is required" }]);
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      throw new AppError("VALIDATION_ERROR", "Current password is incorrect", [{ field: "currentPassword", message: "is incorrect" }]);
    }
  }
  assertPasswordPolicy(input.newPassword, user.email, "newPassword");
  if (input.currentPassword && user.passwordHash !== null && input.newPassword === input.currentPassword) {
    throw new AppError("VALIDATION_ERROR", "Choose a new password", [{ field: "newPassword", message: "must differ from the current password" }]);
  }
  const passwordHash = await hashPassword(input.newPassword, ctx.config.BCRYPT_COST);
  const now = ctx.now();
  const others = await ctx.db.session.findMany({
    where: { userId, revokedAt: null, ...(currentFamilyId ? { NOT: { familyId: currentFamilyId } } : {}) },
    select: { familyId: true },
    distinct: ["familyId"],
  });
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now, version: { increment: 1 } } });
    await tx.session.updateMany({
      where: { userId, revokedAt: null, ...(currentFamilyId ? { NOT: { familyId: currentFamilyId } } : {}) },
      data: { revokedAt: now },
    });
    if (others.length) announceRevoked(emit, { familyIds: others.map((o) => o.familyId) }, userId);
  });
  await sessionCache(ctx).broadcasted();
}

export async function me(ctx: AppContext, userId: string) {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: userId } });
  const workspaces = await listMyWorkspaces(ctx.db, userId);
  return { user, workspaces };
}

export async function updateProfile(ctx: AppContext, userId: string, input: { name?: string; timezone?: string }) {
  return ctx.db.user.update({ where: { id: userId }, data: { ...input, version: { increment: 1 } } });
}
