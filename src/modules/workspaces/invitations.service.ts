import { AppError, conflict, forbidden, notFound } from "../../lib/errors";
import { randomToken, sha256 } from "../../lib/crypto";
import type { Db } from "../../db/client";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import type { WorkspaceRole } from "../../generated/prisma/client";
import { recordActivity } from "../activity";
import { enforce, requireMembership, roleDenies, roleIn } from "../../access/permissions";
import { inTransaction } from "../../events/unit-of-work";
import { canManageInvitations, canTouchOwnerRole } from "./workspaces.policy";
import { invitationStatus, presentMember } from "./workspaces.presenter";

/** Pending invitations one workspace may have at once. */
export const MAX_PENDING_INVITATIONS = 200;

const withInviter = { invitedBy: { select: { id: true, name: true } } } as const;

/** Creates an invitation; the plain token only exists in the returned accept link. */
export async function createInvitation(ctx: AppContext, actorId: string, workspaceId: string, input: { email: string; role: WorkspaceRole }) {
  const actorRole = await requireMembership(ctx.db, workspaceId, actorId);
  enforce(canManageInvitations(actorRole), roleDenies(actorRole, "managing invitations"));
  if (input.role === "OWNER") enforce(canTouchOwnerRole(actorRole), "Only an owner can invite someone as owner.");
  const now = ctx.now();
  const token = randomToken(32);
  const acceptUrl = `${ctx.config.APP_URL}/invite/${token}`;
  const invitation = await inTransaction(ctx, async ({ tx, emit }) => {
    const [workspace] = await tx.$queryRaw<Array<{ name: string }>>`SELECT name FROM workspaces WHERE id = ${workspaceId}::uuid FOR UPDATE`;
    const member = await tx.membership.findFirst({ where: { workspaceId, user: { email: input.email } }, select: { userId: true } });
    if (member) throw conflict(`${input.email} is already a member of this workspace.`, [{ field: "email", message: "is already a member" }]);
    const pendingWhere = { workspaceId, acceptedAt: null, declinedAt: null, revokedAt: null, expiresAt: { gt: now } };
    const existing = await tx.invitation.findFirst({ where: { ...pendingWhere, email: input.email }, select: { id: true } });
    if (existing) {
      throw conflict(`${input.email} already has a pending invitation. Revoke it to send a new one.`, [
        { field: "email", message: "already invited", invitationId: existing.id },
      ]);
    }
    const pending = await tx.invitation.count({ where: pendingWhere });
    if (pending >= MAX_PENDING_INVITATIONS) throw conflict(`This workspace already has ${MAX_PENDING_INVITATIONS} pending invitations; revoke some first.`);
    const created = await tx.invitation.create({
      data: {
        workspaceId,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        invitedById: actorId,
        expiresAt: new Date(now.getTime() + ctx.config.INVITATION_TTL_DAYS * 86400_000),
      },
      include: withInviter,
    });
    // Not broadcast (rooms: []): notifications turns it into an in-app notification and/or email.
    emit({
      type: "invitation.created",
      workspaceId,
      actorId,
      rooms: [],
      data: {
        email: created.email,
        role: created.role,
        workspaceName: workspace.name,
        inviterName: created.invitedBy?.name ?? "Someone",
        acceptUrl,
        expiresAt: created.expiresAt.toISOString(),
      },
    });
    return created;
  });
  return { invitation, acceptUrl };
}

export async function listInvitations(ctx: AppContext, actorId: string, workspaceId: string, query: Page & { status: "pending" | "all" }) {
  const actorRole = await requireMembership(ctx.db, workspaceId, actorId);
  enforce(canManageInvitations(actorRole), roleDenies(actorRole, "managing invitations"));
  const where =
    query.status === "pending"
      ? { workspaceId, acceptedAt: null, declinedAt: null, revokedAt: null, expiresAt: { gt: ctx.now() } }
      : { workspaceId };
  const [total, rows] = await ctx.db.$transaction([
    ctx.db.invitation.count({ where }),
    ctx.db.invitation.findMany({ where, include: withInviter, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...skipTake(query) }),
  ]);
  return { total, rows };
}

/** Revokes an invitation. Ids of workspaces the caller is not in answer 404. */
export async function revokeInvitation(ctx: AppContext, actorId: string, invitationId: string) {
  const invitation = await ctx.db.invitation.findUnique({ where: { id: invitationId } });
  if (!invitation) throw notFound("Invitation");
  const role = await roleIn(ctx.db, invitation.workspaceId, actorId);
  if (!role) throw notFound("Invitation");
  enforce(canManageInvitations(role), roleDenies(role, "managing invitations"));
  const status = invitationStatus(invitation, ctx.now());
  if (status !== "pending") throw conflict(`This invitation is already ${status}.`);
  await ctx.db.invitation.update({ where: { id: invitationId }, data: { revokedAt: ctx.now() } });
}

async function findByToken(db: Db, token: string) {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: sha256(token) }, include: { ...withInviter, workspace: true } });
  if (!invitation) throw notFound("Invitation");
  return invitation;
}

/** What the accept page shows; the token itself is the credential. */
export async function previewInvitation(ctx: AppContext, token: string) {
  const invitation = await findByToken(ctx.db, token);
  return { invitation, status: invitationStatus(invitation, ctx.now()) };
}

async function assertRespondable(ctx: AppContext, token: string, userEmail: string) {
  const invitation = await findByToken(ctx.db, token);
  const status = invitationStatus(invitation, ctx.now());
  if (status !== "pending" && status !== "accepted") {
    throw new AppError("CONFLICT", `This invitation is ${status}. Ask a workspace admin for a new one.`);
  }
  if (invitation.email !== userEmail) {
    throw forbidden(`This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`);
  }
  return { invitation, status };
}

/** Joins the workspace. Accepting twice is harmless (the member keeps their role). */
export async function acceptInvitation(ctx: AppContext, userId: string, userEmail: string, token: string) {
  const { invitation } = await assertRespondable(ctx, token, userEmail);
  return inTransaction(ctx, async ({ tx, emit }) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, declinedAt: null, revokedAt: null },
      data: { acceptedAt: ctx.now() },
    });
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId } } });
    if (existing) return { workspace: invitation.workspace, role: existing.role };
    if (claimed.count === 0) throw conflict("This invitation was already used.");
    const m = await tx.membership.create({
      data: { workspaceId: invitation.workspaceId, userId, role: invitation.role },
      include: { user: { select: { name: true, email: true } } },
    });
    await recordActivity(tx, [
      { workspaceId: invitation.workspaceId, actorId: userId, entityType: "member", entityId: userId, action: "joined", after: m.role },
    ]);
    emit({ type: "member.joined", workspaceId: invitation.workspaceId, actorId: userId, data: presentMember(m) });
    return { workspace: invitation.workspace, role: m.role };
  });
}

export async function declineInvitation(ctx: AppContext, userEmail: string, token: string) {
  const { invitation, status } = await assertRespondable(ctx, token, userEmail);
  if (status === "accepted") throw conflict("This invitation was already accepted.");
  await ctx.db.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { declinedAt: ctx.now() } });
}
