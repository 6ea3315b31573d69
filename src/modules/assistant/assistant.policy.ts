import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Reading threads is for every member; writing to them sends text to a model, so it follows the same roles as ai:use. */
export const canReadThreads = (role: WorkspaceRole) => can(role, "assistant:read");
export const canUseAssistant = (role: WorkspaceRole) => can(role, "assistant:write");
