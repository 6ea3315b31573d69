import { forbidden, notFound } from "../../lib/errors";
import type { Db, Prisma } from "../../db/client";
import type { WorkspaceRole } from "../../generated/prisma/client";

const ALL: WorkspaceRole[] = ["OWNER", "ADMIN", "MEMBER", "VIEWER"];
const CONTRIBUTORS: WorkspaceRole[] = ["OWNER", "ADMIN", "MEMBER"];
const MANAGERS: WorkspaceRole[] = ["OWNER", "ADMIN"];
const OWNERS: WorkspaceRole[] = ["OWNER"];

/**
 * The permission table (seed 001), the one place that says which role may do
 * what. Later modules add their rows here.
 */
export const PERMISSIONS = {
  "workspace:read": ALL,
  "workspace:update": OWNERS,
  "workspace:delete": OWNERS,
  "member:read": ALL,
  "member:manage": MANAGERS,
  "invitation:manage": MANAGERS,
  "project:create": CONTRIBUTORS,
  "project:read": ALL,
  "project:update": MANAGERS,
  "project:delete": MANAGERS,
  "task:create": CONTRIBUTORS,
  "task:read": ALL,
  "task:update": CONTRIBUTORS,
  "task:delete": MANAGERS,
  "integration:manage": MANAGERS,
} as const satisfies Record<string, readonly WorkspaceRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_RANK: Record<WorkspaceRole, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

/** The permission keys the role grants, in table order: what the client offers, so it never re-derives the rules. */
export function permissionsOf(role: WorkspaceRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(role, permission));
}

export function can(role: WorkspaceRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly WorkspaceRole[]).includes(role);
}

/** Throws 403 unless the role grants the permission. */
export function authorize(role: WorkspaceRole, permission: Permission): void {
  if (!can(role, permission)) throw forbidden(`Your role (${role}) does not allow this.`);
}

/**
 * The caller's role in the workspace. Non-members get 404, exactly as if the
 * workspace did not exist, so ids of other tenants leak nothing.
 */
export async function requireMembership(db: Pick<Db, "membership">, workspaceId: string, userId: string): Promise<WorkspaceRole> {
  const role = await roleIn(db, workspaceId, userId);
  if (!role) throw notFound("Workspace");
  return role;
}

/** Memberships in the order they were joined (ties by workspace id): what "the user's first workspace" means. */
export const JOINED_FIRST = [{ createdAt: "asc" }, { workspaceId: "asc" }] satisfies Prisma.MembershipOrderByWithRelationInput[];

/** The user's first workspace (the membership joined earliest) and their role there, or null when they belong to none. */
export async function firstMembership(db: Pick<Db, "membership">, userId: string): Promise<{ workspaceId: string; role: WorkspaceRole } | null> {
  return db.membership.findFirst({ where: { userId }, orderBy: JOINED_FIRST, select: { workspaceId: true, role: true } });
}

/** The user's role in the workspace, or null when they are not a member. */
export async function roleIn(db: Pick<Db, "membership">, workspaceId: string, userId: string): Promise<WorkspaceRole | null> {
  const membership = await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { role: true } });
  return membership?.role ?? null;
}
