import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with AI. Services enforce these with `enforce()`. */
export const canUseAi = (role: WorkspaceRole) => can(role, "ai:use");
export const canSeeAiUsage = (role: WorkspaceRole) => can(role, "ai:usage");
export const canSetAiBudget = (role: WorkspaceRole) => can(role, "ai:budget");
