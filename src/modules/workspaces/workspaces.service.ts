import crypto from "node:crypto";
import { conflict, notFound } from "../../lib/errors";
import type { Db, Prisma } from "../../db/client";
import type { AppContext } from "../../http/context";
import type { Page } from "../../http/pagination";
import { skipTake } from "../../http/pagination";
import type { User, WorkspaceRole } from "../../generated/prisma/client";
import { escapeLike } from "../../lib/zod";
import { recordActivity } from "../activity";
import { enforce, JOINED_FIRST, requireMembership, roleDenies } from "../../access/permissions";
import { staleVersion, updateVersioned } from "../../db/versioned";
import { inTransaction, withEvents } from "../../events/unit-of-work";
import { canDeleteWorkspace, canManageMembers, canReadMembers, canChangeWorkspaceSettings, canTouchOwnerRole, canUpdateWorkspace } from "./workspaces.policy";
import { presentMember, presentWorkspace } from "./workspaces.presenter";

type Tx = Prisma.TransactionClient;

/** A user may own at most this many workspaces. */
export const MAX_OWNED_WORKSPACES = 50;

function slugFor(name: string) {
  const base = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // drop the accents NFKD split off ("Zürich" → "zurich", not "zu-rich")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${base || "workspace"}-${crypto.randomBytes(3).toString("hex")}`;
}

async function createWithOwner(tx: Tx, name: string, ownerId: string) {
  return tx.workspace.create({ data: { name, slug: slugFor(name), memberships: { create: { userId: ownerId, role: "OWNER" } } } });
}

/** Serialises membership changes of one workspace (last-owner checks must not race). */
async function lockWorkspace(tx: Tx, workspaceId: string) {
  await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${workspaceId}::uuid FOR UPDATE`;
}

/**
 * Called inside the registration transaction: the very first account of an
 * install gets a workspace. The advisory lock makes two simultaneous first
 * registrations agree on which one is first.
 */
export async function createFirstWorkspaceIfFreshInstall(tx: Tx, user: User) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7420001)`;
  const others = await tx.user.count({ where: { id: { not: user.id } } });
  if (others === 0) await createWithOwner(tx, `${user.name}'s workspace`, user.id);
}

export async function listMyWorkspaces(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { workspace: true },
    orderBy: JOINED_FIRST,
  });
  return memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, slug: m.workspace.slug, role: m.role }));
}

export async function listWorkspaces(ctx: AppContext, userId: string, page: Page) {
  const where = { userId };
  const [total, rows] = await ctx.db.$transaction([
    ctx.db.membership.count({ where }),
    ctx.db.membership.findMany({ where, include: { workspace: true }, orderBy: JOINED_FIRST, ...skipTake(page) }),
  ]);
  return { total, rows };
}

export async function createWorkspace(ctx: AppContext, userId: string, name: string) {
  return ctx.db.$transaction(async (tx) => {
    const owned = await tx.membership.count({ where: { userId, role: "OWNER" } });
    if (owned >= MAX_OWNED_WORKSPACES) throw conflict(`You already own ${MAX_OWNED_WORKSPACES} workspaces; delete one first.`);
    return createWithOwner(tx, name, userId);
  });
}

export async function getWorkspace(ctx: AppContext, userId: string, workspaceId: string) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  const workspace = await ctx.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  const memberCount = await ctx.db.membership.count({ where: { workspaceId } });
  return { workspace, role, memberCount };
}

/** Renames; with `version` (body or If-Match), a stale version answers 409 with the current workspace. */
/** Renames (owner) and/or sets the default hold length (admin+); each field checks its own permission. */
export async function updateWorkspace(ctx: AppContext, userId: string, workspaceId: string, input: { name?: string; holdExpiryHours?: number | null; version?: number }) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  if (input.name !== undefined) enforce(canUpdateWorkspace(role), roleDenies(role, "renaming the workspace"));
  if (input.holdExpiryHours !== undefined) enforce(canChangeWorkspaceSettings(role), roleDenies(role, "changing how long holds last"));
  if (input.name === undefined && input.holdExpiryHours === undefined) {
    // Nothing to change: answer the workspace as it is (to whoever may change something in it).
    enforce(canUpdateWorkspace(role) || canChangeWorkspaceSettings(role), roleDenies(role, "changing the workspace"));
    const w = await ctx.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    if (input.version !== undefined && input.version !== w.version) throw staleVersion("workspace", presentWorkspace(w, role));
    return { workspace: w, role };
  }
  const workspace = await inTransaction(ctx, async ({ tx, emit }) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true, holdExpiryHours: true } });
    await updateVersioned({
      resource: "workspace",
      expected: input.version,
      claim: (version) =>
        tx.workspace.updateMany({ where: { id: workspaceId, ...version }, data: { name: input.name, holdExpiryHours: input.holdExpiryHours, version: { increment: 1 } } }),
      current: async () => presentWorkspace(await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } }), role),
    });
    if (input.name !== undefined && before.name !== input.name) {
      await recordActivity(tx, [{ workspaceId, actorId: userId, entityType: "workspace", entityId: workspaceId, action: "updated", field: "name", before: before.name, after: input.name }]);
    }
    if (input.holdExpiryHours !== undefined && before.holdExpiryHours !== input.holdExpiryHours) {
      const hours = (h: number | null) => (h === null ? "never" : String(h));
      await recordActivity(tx, [{ workspaceId, actorId: userId, entityType: "workspace", entityId: workspaceId, action: "updated", field: "holdExpiryHours", before: hours(before.holdExpiryHours), after: hours(input.holdExpiryHours) }]);
    }
    const w = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    emit({ type: "workspace.updated", workspaceId, actorId: userId, data: { id: w.id, name: w.name, slug: w.slug, version: w.version } });
    return w;
  });
  return { workspace, role };
}

export async function deleteWorkspace(ctx: AppContext, userId: string, workspaceId: string) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canDeleteWorkspace(role), roleDenies(role, "deleting the workspace"));
  await withEvents(ctx, async ({ emit }) => {
    await ctx.db.workspace.delete({ where: { id: workspaceId } });
    emit({ type: "workspace.deleted", workspaceId, actorId: userId, data: { id: workspaceId } });
  });
}

// ---- members ---------------------------------------------------------------

export async function listMembers(
  ctx: AppContext,
  userId: string,
  workspaceId: string,
  query: Page & { q?: string; role?: WorkspaceRole; sort: string },
) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canReadMembers(role), roleDenies(role, "listing members"));
  // Prisma passes `contains` into ILIKE unescaped: make % _ \ match literally.
  const q = query.q ? escapeLike(query.q) : undefined;
  const where: Prisma.MembershipWhereInput = {
    workspaceId,
    ...(query.role ? { role: query.role } : {}),
    ...(q
      ? { user: { OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q, mode: "insensitive" } }] } }
      : {}),
  };
  const direction = query.sort.startsWith("-") ? "desc" : "asc";
  const orderBy: Prisma.MembershipOrderByWithRelationInput =
    query.sort.endsWith("name") ? { user: { name: direction } } : { createdAt: direction };
  const [total, rows] = await ctx.db.$transaction([
    ctx.db.membership.count({ where }),
    ctx.db.membership.findMany({ where, include: { user: { select: { name: true, email: true } } }, orderBy: [orderBy, { userId: "asc" }], ...skipTake(query) }),
  ]);
  return { total, rows };
}

const LAST_OWNER = "A workspace needs at least one owner. Make another member an owner first.";

/** Changes a member's role. Only owners grant or take away OWNER; the last owner stays an owner. */
export async function changeRole(ctx: AppContext, actorId: string, workspaceId: string, targetId: string, newRole: WorkspaceRole) {
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockWorkspace(tx, workspaceId); // first: the actor's role must be read under the lock, not before it
    const actorRole = await requireMembership(tx, workspaceId, actorId);
    enforce(canManageMembers(actorRole), roleDenies(actorRole, "managing members"));
    const target = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: targetId } } });
    if (!target) throw notFound("Member");
    if (target.role === "OWNER" || newRole === "OWNER") enforce(canTouchOwnerRole(actorRole), "Only an owner can grant or change the owner role.");
    if (target.role === "OWNER" && newRole !== "OWNER") {
      const owners = await tx.membership.count({ where: { workspaceId, role: "OWNER" } });
      if (owners <= 1) throw conflict(LAST_OWNER);
    }
    if (target.role !== newRole) {
      await recordActivity(tx, [{ workspaceId, actorId, entityType: "member", entityId: targetId, action: "updated", field: "role", before: target.role, after: newRole }]);
    }
    const updated = await tx.membership.update({
      where: { workspaceId_userId: { workspaceId, userId: targetId } },
      data: { role: newRole },
      include: { user: { select: { name: true, email: true } } },
    });
    emit({ type: "member.updated", workspaceId, actorId, data: presentMember(updated) });
    return updated;
  });
}

/** Removes a member, or lets a member leave (target = self). The last owner cannot leave. */
export async function removeMember(ctx: AppContext, actorId: string, workspaceId: string, targetId: string) {
  await inTransaction(ctx, async ({ tx, emit }) => {
    await lockWorkspace(tx, workspaceId); // first: the actor's role must be read under the lock, not before it
    const actorRole = await requireMembership(tx, workspaceId, actorId);
    const target = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: targetId } } });
    if (!target) throw notFound("Member");
    if (targetId !== actorId) {
      enforce(canManageMembers(actorRole), roleDenies(actorRole, "managing members"));
      if (target.role === "OWNER") enforce(canTouchOwnerRole(actorRole), "Only an owner can remove an owner.");
    }
    if (target.role === "OWNER") {
      const owners = await tx.membership.count({ where: { workspaceId, role: "OWNER" } });
      if (owners <= 1) throw conflict(LAST_OWNER);
    }
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId, userId: targetId } } });
    await recordActivity(tx, [
      { workspaceId, actorId, entityType: "member", entityId: targetId, action: targetId === actorId ? "left" : "removed", before: target.role },
    ]);
    emit({ type: "member.removed", workspaceId, actorId, data: { userId: targetId } });
  });
}
