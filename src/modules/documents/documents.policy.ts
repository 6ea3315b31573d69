import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with a project's documents (reading them is reading the project). */
export const canCreateDocument = (role: WorkspaceRole) => can(role, "document:create");
/** Anyone's document; the uploader may always delete their own. */
export const canDeleteDocument = (role: WorkspaceRole, doc: { createdById: string | null }, userId: string) => can(role, "document:delete") || (doc.createdById === userId && can(role, "document:create"));
