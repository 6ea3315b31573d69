import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with projects (seed 001). Services enforce these with `enforce()`. */
export const canCreateProject = (role: WorkspaceRole) => can(role, "project:create");
export const canUpdateProject = (role: WorkspaceRole) => can(role, "project:update");
export const canDeleteProject = (role: WorkspaceRole) => can(role, "project:delete");
