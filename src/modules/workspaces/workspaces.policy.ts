import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with a workspace, its members and invitations (seed 001). Services enforce these with `enforce()`. */
export const canUpdateWorkspace = (role: WorkspaceRole) => can(role, "workspace:update");
/** Settings other than the name, e.g. how long holds last (ADMIN+). */
export const canChangeWorkspaceSettings = (role: WorkspaceRole) => can(role, "workspace:settings");
export const canDeleteWorkspace = (role: WorkspaceRole) => can(role, "workspace:delete");
export const canReadMembers = (role: WorkspaceRole) => can(role, "member:read");
export const canManageMembers = (role: WorkspaceRole) => can(role, "member:manage");
export const canManageInvitations = (role: WorkspaceRole) => can(role, "invitation:manage");

/** Only an owner hands out, changes or takes away the owner role (inviting as owner included). */
export const canTouchOwnerRole = (actorRole: WorkspaceRole) => actorRole === "OWNER";
