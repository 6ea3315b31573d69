import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with a workspace's labels (every member reads them). Services enforce these with `enforce()`. */
export const canCreateLabel = (role: WorkspaceRole) => can(role, "label:create");
export const canUpdateLabel = (role: WorkspaceRole) => can(role, "label:update");
/** Deleting takes the label off every task: owners and admins. */
export const canDeleteLabel = (role: WorkspaceRole) => can(role, "label:delete");
