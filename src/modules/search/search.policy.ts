import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Every member searches; what they find is only what they may read (the query's own filter, search.service.ts). */
export const canSearch = (role: WorkspaceRole) => can(role, "task:read");
