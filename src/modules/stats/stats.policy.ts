import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Every member reads the dashboards, viewers included. Services enforce this with `enforce()`. */
export const canReadStats = (role: WorkspaceRole) => can(role, "stats:read");
