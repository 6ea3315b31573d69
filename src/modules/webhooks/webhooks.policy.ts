import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Webhooks carry the workspace's data to another service and hold a secret: owners and admins only, reading included. */
export const canManageWebhooks = (role: WorkspaceRole) => can(role, "webhook:manage");
