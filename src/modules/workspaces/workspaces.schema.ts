import { paginationQuery, text, uuid, z } from "../../lib/zod";
import { email } from "../../lib/zod";

export const role = z.enum(["OWNER", "ADMIN", "MEMBER", "VIEWER"]).openapi("WorkspaceRole");
const workspaceName = text.trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

export const createWorkspaceBody = z.object({ name: workspaceName }).strict().openapi("CreateWorkspaceRequest");
/** Hours a new hold lasts by default; null = holds never expire unless given holdExpiresAt. */
export const holdExpiryHours = z
  .number()
  .int("must be a whole number of hours")
  .min(1, "must be at least 1 hour")
  .max(8760, "must be at most 8760 hours (a year)")
  .nullable()
  .openapi({ description: "How long a hold lasts when it is created (or goes back to HOLD) without holdExpiresAt, in hours; null = holds do not expire by default. New workspaces: 72.", example: 72 });

export const updateWorkspaceBody = z
  .object({
    name: workspaceName.optional().openapi({ description: "The workspace's name (owner)" }),
    holdExpiryHours: holdExpiryHours.optional(),
    version: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict()
  .openapi("UpdateWorkspaceRequest", { description: "Renaming needs an owner; holdExpiryHours an admin or owner. A body with neither changes nothing." });

/** The permission keys (src/modules/workspaces/permissions.ts) the caller's role grants in the workspace. */
export const permissions = z
  .array(z.string())
  .openapi({ description: "The permission keys the caller's role grants here, e.g. task:update; the client offers what is listed", example: ["workspace:read", "task:read"] });

export const workspace = z
  .object({
    id: uuid,
    name: z.string(),
    slug: z.string(),
    role,
    permissions,
    holdExpiryHours: z.number().int().nullable().openapi({ description: "Default hold length in hours (null = holds never expire by default)" }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Workspace");

export const workspaceDetail = workspace.extend({ memberCount: z.number().int() }).openapi("WorkspaceDetail");

export const listWorkspacesQuery = z.object({ ...paginationQuery }).strict();

export const workspaceParams = z.object({ id: uuid }).strict();
export const memberParams = z.object({ id: uuid, userId: uuid }).strict();
export const tokenParams = z.object({ token: text.min(10).max(200) }).strict();

export const listMembersQuery = z
  .object({
    ...paginationQuery,
    q: text.trim().max(100).optional().openapi({ description: "Filter by name or email" }),
    role: role.optional(),
    sort: z.enum(["name", "-name", "joinedAt", "-joinedAt"]).default("joinedAt"),
  })
  .strict();

export const member = z
  .object({ userId: uuid, name: z.string(), email: z.string(), role, joinedAt: z.string() })
  .openapi("Member");

export const updateMemberBody = z.object({ role }).strict().openapi("UpdateMemberRequest");

export const createInvitationBody = z.object({ email, role }).strict().openapi("CreateInvitationRequest");

export const invitationStatus = z.enum(["pending", "accepted", "declined", "revoked", "expired"]);

export const invitation = z
  .object({
    id: uuid,
    email: z.string(),
    role,
    status: invitationStatus,
    expiresAt: z.string(),
    createdAt: z.string(),
    invitedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  })
  .openapi("Invitation");

export const createdInvitation = invitation
  .extend({ acceptUrl: z.string().openapi({ description: "Link to share when email is not configured; shown only here" }) })
  .openapi("CreatedInvitation");

export const listInvitationsQuery = z
  .object({ ...paginationQuery, status: z.enum(["pending", "all"]).default("pending") })
  .strict();

export const invitationPreview = z
  .object({
    workspace: z.object({ id: uuid, name: z.string() }),
    email: z.string(),
    role,
    invitedBy: z.object({ id: uuid, name: z.string() }).nullable(),
    expiresAt: z.string(),
    status: invitationStatus,
  })
  .openapi("InvitationPreview");

export const acceptedInvitation = z
  .object({ workspace: z.object({ id: uuid, name: z.string(), slug: z.string(), role }) })
  .openapi("AcceptedInvitation");
