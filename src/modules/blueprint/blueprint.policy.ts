import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** The wizard works on assistant threads: read by every member, written (answers, recommendations) by the roles that may use the assistant. */
export const canReadBlueprint = (role: WorkspaceRole) => can(role, "assistant:read");
export const canWriteBlueprint = (role: WorkspaceRole) => can(role, "assistant:write");
