import type { Role } from "./types";

// Permission rules of SPEC §4.2 as the UI needs them. The server is the
// authority; these only decide what to offer so there are no dead buttons.

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

export function canManageMembers(role: Role | undefined): boolean {
  return role === "OWNER" || role === "ADMIN";
}

export function isOwner(role: Role | undefined): boolean {
  return role === "OWNER";
}

/** Roles `actor` may hand out (invite with, or change someone to). */
export function assignableRoles(actor: Role | undefined): Role[] {
  if (actor === "OWNER") return ["OWNER", "ADMIN", "MEMBER", "VIEWER"];
  if (actor === "ADMIN") return ["ADMIN", "MEMBER", "VIEWER"];
  return [];
}

/** Whether `actor` may change the role of, or remove, a member holding `target`. */
export function canManageMember(actor: Role | undefined, target: Role): boolean {
  if (!canManageMembers(actor)) return false;
  if (target === "OWNER") return actor === "OWNER";
  return true;
}

export function compareRoles(a: Role, b: Role): number {
  return RANK[b] - RANK[a];
}

/** "an Owner", "a Member". */
export function roleWithArticle(role: Role): string {
  return `${role === "OWNER" || role === "ADMIN" ? "an" : "a"} ${ROLE_LABEL[role]}`;
}
