import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/**
 * Who may do what with attachments. Each rule also needs access to the
 * attachment's entity exactly as the entity's own GET decides (loadEntity).
 * Services enforce these with `enforce()`.
 */
export const canReadAttachments = (role: WorkspaceRole) => can(role, "attachment:read");
export const canUploadAttachment = (role: WorkspaceRole) => can(role, "attachment:create");
/** Owners and admins delete anyone's; the uploader may always delete their own. */
export const canDeleteAttachment = (role: WorkspaceRole, attachment: { uploaderId: string | null }, userId: string) =>
  attachment.uploaderId === userId || can(role, "attachment:delete");
