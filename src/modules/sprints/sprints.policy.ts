import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with sprints (reading them is reading the project). Services enforce these with `enforce()`. */
export const canCreateSprint = (role: WorkspaceRole) => can(role, "sprint:create");
/** Rename, dates, goal, start and complete. */
export const canUpdateSprint = (role: WorkspaceRole) => can(role, "sprint:update");
export const canDeleteSprint = (role: WorkspaceRole) => can(role, "sprint:delete");
