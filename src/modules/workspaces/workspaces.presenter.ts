import type { Invitation, Membership, User, Workspace, WorkspaceRole } from "../../generated/prisma/client";
import { permissionsOf } from "../../access/permissions";

export const presentWorkspace = (w: Workspace, role: WorkspaceRole) => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  role,
  permissions: permissionsOf(role),
  holdExpiryHours: w.holdExpiryHours,
  version: w.version,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

export const presentMember = (m: Membership & { user: Pick<User, "name" | "email"> }) => ({
  userId: m.userId,
  name: m.user.name,
  email: m.user.email,
  role: m.role,
  joinedAt: m.createdAt.toISOString(),
});

export function invitationStatus(i: Invitation, now: Date) {
  if (i.acceptedAt) return "accepted" as const;
  if (i.declinedAt) return "declined" as const;
  if (i.revokedAt) return "revoked" as const;
  if (i.expiresAt <= now) return "expired" as const;
  return "pending" as const;
}

export const presentInvitation = (i: Invitation & { invitedBy: Pick<User, "id" | "name"> | null }, now: Date) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: invitationStatus(i, now),
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
  invitedBy: i.invitedBy ? { id: i.invitedBy.id, name: i.invitedBy.name } : null,
});
