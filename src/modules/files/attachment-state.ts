import type { Attachment, Prisma } from "../../generated/prisma/client";
import { withEvents } from "../../events/unit-of-work";
import type { AppContext } from "../../http/context";
import { attachmentEventOf, emitAttachment, type AttachmentEventData } from "./files.events";

/** What attachment events say about a row (the task of a comment attachment is looked up: its drawer's room). */
export async function attachmentEventData(ctx: AppContext, a: Attachment): Promise<AttachmentEventData> {
  let taskId: string | null = null;
  if (a.entityType === "TASK") taskId = a.entityId;
  if (a.entityType === "COMMENT") taskId = (await ctx.db.comment.findUnique({ where: { id: a.entityId }, select: { taskId: true } }))?.taskId ?? null;
  return attachmentEventOf(a, taskId);
}

/**
 * A job's decision about an attachment (scan verdict, thumbnail): written only
 * while the row is still as the job found it (`still`), so two runs of the same
 * job, or a delete in between, never decide twice; `attachment.updated` is
 * emitted when the row changed. Resolves to whether it did.
 */
export async function decideAttachment(
  ctx: AppContext,
  a: Attachment,
  still: Prisma.AttachmentWhereInput,
  data: Prisma.AttachmentUpdateManyMutationInput,
  extra: Partial<AttachmentEventData> = {},
): Promise<boolean> {
  const event = { ...(await attachmentEventData(ctx, a)), ...extra };
  return withEvents(ctx, async ({ emit }) => {
    const { count } = await ctx.db.attachment.updateMany({ where: { ...still, id: a.id }, data });
    if (count) emitAttachment(emit, "attachment.updated", null, event);
    return count > 0;
  });
}
