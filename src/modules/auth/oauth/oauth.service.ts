import { conflict, notFound } from "../../../lib/errors";
import type { AppContext } from "../../../http/context";
import type { User } from "../../../generated/prisma/client";
import { createFirstWorkspaceIfFreshInstall } from "../../workspaces";
import type { ProviderProfile } from "./oauth.providers";

/** A sign-in that the provider completed but TeamFlow refuses; the message is shown on the sign-in page. */
export class OAuthRefusal extends Error {}

const DEFAULT_NAMES: Record<string, string> = { google: "Google", microsoft: "Microsoft", github: "GitHub", oidc: "Single sign-on" };
export const providerName = (ctx: AppContext, id: string) => (id === "oidc" ? ctx.config.OIDC_NAME : DEFAULT_NAMES[id] ?? id);

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * The user a provider sign-in belongs to: the one already linked to this
 * provider account; else the account with the same email, linked now, but only
 * when the provider verified the email; else a new account without a password
 * (the first account of an install also gets a workspace, as at registration).
 * An unverified email neither links nor creates an account.
 */
export async function signInWithProvider(ctx: AppContext, profile: ProviderProfile): Promise<User> {
  const name = providerName(ctx, profile.provider);
  return ctx.db.$transaction(async (tx) => {
    const now = ctx.now();
    const identity = await tx.userIdentity.findUnique({
      where: { provider_subject: { provider: profile.provider, subject: profile.subject } },
      include: { user: true },
    });
    if (identity) {
      await tx.userIdentity.update({
        where: { id: identity.id },
        data: { lastUsedAt: now, email: profile.email ? normaliseEmail(profile.email) : identity.email, emailVerified: profile.emailVerified },
      });
      return identity.user;
    }
    if (!profile.email) {
      throw new OAuthRefusal(`${name} did not share an email address with TeamFlow. Allow access to your email address at ${name} and try again.`);
    }
    const email = normaliseEmail(profile.email);
    if (!profile.emailVerified) {
      throw new OAuthRefusal(
        `${name} has not verified ${email}, so TeamFlow cannot use it to sign you in. Verify the address at ${name}, or sign in with your password and connect ${name} under Profile → Connected accounts.`,
      );
    }
    let user = await tx.user.findUnique({ where: { email } });
    if (!user) {
      const displayName = profile.name?.trim().slice(0, 100) || email.split("@")[0]!.slice(0, 100);
      user = await tx.user.create({ data: { email, name: displayName, passwordHash: null } });
      await createFirstWorkspaceIfFreshInstall(tx, user);
    }
    await tx.userIdentity.create({ data: { userId: user.id, provider: profile.provider, subject: profile.subject, email, emailVerified: true } });
    return user;
  });
}

/** Links a provider account to the signed-in user (any email: the user proved both accounts). */
export async function connectIdentity(ctx: AppContext, userId: string, profile: ProviderProfile): Promise<void> {
  const name = providerName(ctx, profile.provider);
  await ctx.db.$transaction(async (tx) => {
    const identity = await tx.userIdentity.findUnique({ where: { provider_subject: { provider: profile.provider, subject: profile.subject } } });
    if (identity && identity.userId !== userId) {
      throw new OAuthRefusal(`This ${name} account is already connected to another TeamFlow account. Disconnect it there first.`);
    }
    const data = { email: profile.email ? normaliseEmail(profile.email) : null, emailVerified: profile.emailVerified, lastUsedAt: ctx.now() };
    if (identity) await tx.userIdentity.update({ where: { id: identity.id }, data });
    else await tx.userIdentity.create({ data: { ...data, userId, provider: profile.provider, subject: profile.subject } });
  });
}

/** The user's connected accounts, and whether they also have a password. */
export async function listIdentities(ctx: AppContext, userId: string) {
  const [user, identities] = await Promise.all([
    ctx.db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } }),
    ctx.db.userIdentity.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
  ]);
  return { identities, hasPassword: user.passwordHash !== null };
}

/** Unlinks a connected account; refused when it is the last way to sign in (no password, no other account). */
export async function disconnectIdentity(ctx: AppContext, userId: string, identityId: string): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    // Serialises concurrent disconnects of one user, so two requests cannot remove the last two accounts together.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
    const identity = await tx.userIdentity.findFirst({ where: { id: identityId, userId } });
    if (!identity) throw notFound("Connected account");
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
    const others = await tx.userIdentity.count({ where: { userId, NOT: { id: identityId } } });
    if (user.passwordHash === null && others === 0) {
      throw conflict(`This is your only way to sign in. Connect another account first, then disconnect ${providerName(ctx, identity.provider)}.`, [
        { field: "id", message: "is the last way to sign in" },
      ]);
    }
    await tx.userIdentity.delete({ where: { id: identityId } });
  });
}
