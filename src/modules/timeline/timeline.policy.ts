import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with a project's timeline (phases, dependencies, milestones). Services enforce these with `enforce()`. */
export const canReadTimeline = (role: WorkspaceRole) => can(role, "timeline:read");
/** Create, change, reorder and delete phases and milestones. */
export const canEditTimeline = (role: WorkspaceRole) => can(role, "timeline:edit");
