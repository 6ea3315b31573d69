import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with artifacts: project content, read by every member, written by members and up. */
export const canReadArtifacts = (role: WorkspaceRole) => can(role, "artifact:read");
export const canCreateArtifact = (role: WorkspaceRole) => can(role, "artifact:create");
export const canUpdateArtifact = (role: WorkspaceRole) => can(role, "artifact:update");
export const canDeleteArtifact = (role: WorkspaceRole) => can(role, "artifact:delete");
