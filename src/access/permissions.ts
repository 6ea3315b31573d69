import { forbidden, notFound } from "../lib/errors";
import type { Db, Prisma } from "../db/client";
import type { WorkspaceRole } from "../generated/prisma/client";

const ALL: WorkspaceRole[] = ["OWNER", "ADMIN", "MEMBER", "VIEWER"];
const CONTRIBUTORS: WorkspaceRole[] = ["OWNER", "ADMIN", "MEMBER"];
const MANAGERS: WorkspaceRole[] = ["OWNER", "ADMIN"];
const OWNERS: WorkspaceRole[] = ["OWNER"];

/**
 * The permission table (seed 001), the one place that says which role may do
 * what. Each resource has its own keys; later modules add their rows here.
 * Rules that also look at the resource (the creator of a task, the author of a
 * comment) are named functions in the module's `<module>.policy.ts`, built on
 * `can()`, and services enforce them with `enforce()`: there is no other way.
 */
export const PERMISSIONS = {
  "workspace:read": ALL,
  "workspace:update": OWNERS,
  /** Workspace settings other than the name (the default hold length). */
  "workspace:settings": MANAGERS,
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
  "comment:create": CONTRIBUTORS,
  "comment:moderate": MANAGERS,
  "sprint:read": ALL,
  "sprint:create": CONTRIBUTORS,
  "sprint:update": CONTRIBUTORS,
  "sprint:delete": MANAGERS,
  /** Assistant artifacts (SPEC §4.6): project content, written by members and up. */
  "artifact:read": ALL,
  "artifact:create": CONTRIBUTORS,
  "artifact:update": CONTRIBUTORS,
  "artifact:delete": CONTRIBUTORS,
  /** Job listings and their applications (SPEC §4.5). */
  "job_listing:read": CONTRIBUTORS,
  "job_listing:manage": MANAGERS,
  /** Open listings, read only, for applying from inside: any role, but only for a user linked to an artist of the workspace (job-listings.policy canBrowseOpenListings). */
  "job_listing:apply": ALL,
  /** The project timeline: phases, dependencies and milestones (reading them is reading the project). */
  "timeline:read": ALL,
  "timeline:edit": CONTRIBUTORS,
  "label:read": ALL,
  "label:create": CONTRIBUTORS,
  "label:update": CONTRIBUTORS,
  "label:delete": MANAGERS,
  "artist:read": ALL,
  "artist:manage": MANAGERS,
  "booking:read": ALL,
  "booking:create": CONTRIBUTORS,
  "booking:update": CONTRIBUTORS,
  /** Attachments also need access to the entity they are on (its project, or bookings). */
  "document:read": ALL,
  "document:create": CONTRIBUTORS,
  /** Delete anyone's document; the uploader may always delete their own. */
  "document:delete": MANAGERS,
  "attachment:read": ALL,
  "attachment:create": CONTRIBUTORS,
  /** Delete anyone's attachment; the uploader may always delete their own. */
  "attachment:delete": MANAGERS,
  "stats:read": ALL,
  "integration:manage": MANAGERS,
  /** Webhooks: read, create, change, test, redeliver, delete (they hold a secret and carry workspace data out). */
  "webhook:manage": MANAGERS,
  /** Call AI features (task breakdown…). */
  "ai:use": CONTRIBUTORS,
  /** See the workspace's AI usage, spend and budget. */
  "ai:usage": ALL,
  /** Set the workspace's monthly AI budget. */
  "ai:budget": OWNERS,
  /** Read a project's assistant threads and messages. */
  "assistant:read": ALL,
  /** Create, rename, delete threads and send, stop, retry messages (it sends text to a model, like ai:use). */
  "assistant:write": CONTRIBUTORS,
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

/**
 * The one way a service enforces a policy rule: 403 with `why` (what the caller
 * would need) unless the rule allowed it.
 */
export function enforce(allowed: boolean, why: string): void {
  if (!allowed) throw forbidden(why);
}

/** "Your role (VIEWER) does not allow changing tasks.": the message of a rule that only looks at the role. */
export const roleDenies = (role: WorkspaceRole, doing: string) => `Your role (${role}) does not allow ${doing}.`;

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
