import { can, type Permitted } from "./permissions";
import { ROLES, type Role } from "./types";

// Roles as the UI shows them. What a role may do comes from the server
// (`permissions` of the workspace, see permissions.ts); only the role
// hierarchy of membership changes (SPEC §4.2: only an owner hands out or
// takes away ownership) is applied here, on top of member:manage.

const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

export const ROLE_LABEL: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
  VIEWER: "Viewer",
};

export const ROLE_DESCRIPTION: Record<Role, string> = {
  OWNER: "Full control, including renaming and deleting the workspace",
  ADMIN: "Manages members, invitations and all projects",
  MEMBER: "Creates and works on projects and tasks",
  VIEWER: "Read-only access",
};

/** My role and what the server lets me do, in the current workspace. */
type Actor = Permitted & { role: Role };

/**
 * Roles I may hand out: invite with (`invitation:manage`) or change someone to
 * (`member:manage`, the default). The owner role only by an owner.
 */
export function assignableRoles(actor: Actor, via: "member:manage" | "invitation:manage" = "member:manage"): Role[] {
  if (!can(actor, via)) return [];
  return actor.role === "OWNER" ? [...ROLES] : ROLES.filter((r) => r !== "OWNER");
}

/** Whether I may change the role of, or remove, a member holding `target` (an owner only by an owner). */
export function canManageMember(actor: Actor, target: Role): boolean {
  if (!can(actor, "member:manage")) return false;
  return target !== "OWNER" || actor.role === "OWNER";
}

export function compareRoles(a: Role, b: Role): number {
  return RANK[b] - RANK[a];
}

/** "an" or "a", for the role's label. */
export function roleArticle(role: Role): "an" | "a" {
  return role === "OWNER" || role === "ADMIN" ? "an" : "a";
}

/** "an Owner", "a Member". */
export function roleWithArticle(role: Role): string {
  return `${roleArticle(role)} ${ROLE_LABEL[role]}`;
}
