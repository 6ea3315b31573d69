import type { Request, Response } from "express";
import type { Attachment, AttachmentEntity, Prisma, WorkspaceRole } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { enforce, roleDenies } from "../../access/permissions";
import { inTransaction, type UnitOfWork } from "../../events/unit-of-work";
import { AppError, notFound } from "../../lib/errors";
import { logger } from "../../lib/logger";
import { recordActivity } from "../activity";
import { loadBooking } from "../bookings";
import { loadProject } from "../projects";
import { loadTask } from "../tasks";
import { signedPath } from "./attachments.links";
import { canDeleteAttachment, canReadAttachments, canUploadAttachment } from "./attachments.policy";
import { isDownloadable, presentAttachment, type PresentedAttachment } from "./attachments.presenter";
import { uploadFields } from "./attachments.schema";
import { attachmentEventOf, emitAttachment } from "./files.events";
import { isInlineType } from "./file-types";
import { configuredLimits, receiveUpload } from "./upload.service";

/** Attachments on tasks, comments, projects and bookings (Appendix B, Files). */

export type EntityName = "task" | "comment" | "project" | "booking";
const ENTITY: Record<EntityName, AttachmentEntity> = { task: "TASK", comment: "COMMENT", project: "PROJECT", booking: "BOOKING" };

/** An entity the caller may read, as its own GET decides, with what attachments need to know of it. */
export interface EntityAccess {
  workspaceId: string;
  entityType: AttachmentEntity;
  entityId: string;
  projectId: string | null;
  /** The task whose drawer shows the files (task and comment attachments). */
  taskId: string | null;
  role: WorkspaceRole;
  /** Where activity entries go (bookings have their own history). */
  activity: { entityType: "task" | "project"; entityId: string } | null;
  /** The attachments counted together against the per-item limit: a task's and its comments'. */
  scope: Prisma.AttachmentWhereInput;
}

async function taskScope(ctx: AppContext, taskId: string): Promise<Prisma.AttachmentWhereInput> {
  const comments = await ctx.db.comment.findMany({ where: { taskId }, select: { id: true } });
  return { OR: [{ entityType: "TASK", entityId: taskId }, { entityType: "COMMENT", entityId: { in: comments.map((c) => c.id) } }] };
}

/**
 * The entity, if the caller may read it exactly as GET /tasks/:id (personal
 * tasks: their creator only), the comment's task, GET /projects/:id and
 * GET /bookings/:id decide; 404 for another workspace's.
 */
export async function loadEntity(ctx: AppContext, userId: string, entityType: AttachmentEntity, entityId: string): Promise<EntityAccess> {
  const base = { entityType, entityId };
  switch (entityType) {
    case "TASK": {
      const { task, role } = await loadTask(ctx, userId, entityId);
      return { ...base, workspaceId: task.workspaceId, projectId: task.projectId, taskId: task.id, role, activity: { entityType: "task", entityId: task.id }, scope: await taskScope(ctx, task.id) };
    }
    case "COMMENT": {
      const comment = await ctx.db.comment.findUnique({ where: { id: entityId }, select: { taskId: true } });
      if (!comment) throw notFound("Comment");
      const { task, role } = await loadTask(ctx, userId, comment.taskId).catch(() => {
        throw notFound("Comment");
      });
      return { ...base, workspaceId: task.workspaceId, projectId: task.projectId, taskId: task.id, role, activity: { entityType: "task", entityId: task.id }, scope: await taskScope(ctx, task.id) };
    }
    case "PROJECT": {
      const { project, role } = await loadProject(ctx, userId, entityId);
      return { ...base, workspaceId: project.workspaceId, projectId: project.id, taskId: null, role, activity: { entityType: "project", entityId: project.id }, scope: base };
    }
    case "BOOKING": {
      const { booking, role } = await loadBooking(ctx, userId, entityId);
      return { ...base, workspaceId: booking.workspaceId, projectId: booking.projectId, taskId: null, role, activity: null, scope: base };
    }
  }
}

/** An attachment the caller may see (its entity readable now); 404 otherwise, whatever the reason. */
export async function loadAttachment(ctx: AppContext, userId: string, id: string): Promise<{ attachment: Attachment; access: EntityAccess }> {
  const attachment = await ctx.db.attachment.findUnique({ where: { id } });
  if (!attachment) throw notFound("Attachment");
  const access = await loadEntity(ctx, userId, attachment.entityType, attachment.entityId).catch((err) => {
    throw err instanceof AppError && err.code === "FORBIDDEN" ? err : notFound("Attachment");
  });
  if (access.workspaceId !== attachment.workspaceId) throw notFound("Attachment");
  enforce(canReadAttachments(access.role), roleDenies(access.role, "seeing attachments"));
  return { attachment, access };
}

const eventData = attachmentEventOf;

/** Presents rows for the caller: uploader names, whether they may delete, their signed links. */
async function presentFor(ctx: AppContext, userId: string, role: WorkspaceRole, rows: Attachment[]): Promise<PresentedAttachment[]> {
  const uploaderIds = [...new Set(rows.map((r) => r.uploaderId).filter((v): v is string => Boolean(v)))];
  const users = uploaderIds.length ? await ctx.db.user.findMany({ where: { id: { in: uploaderIds } }, select: { id: true, name: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((a) => {
    const downloadable = isDownloadable(a);
    return presentAttachment(a, {
      uploader: a.uploaderId ? (byId.get(a.uploaderId) ?? null) : null,
      canDelete: canDeleteAttachment(role, a, userId),
      urls: {
        download: signedPath(ctx, a.id, "download", userId),
        preview: downloadable && isInlineType(a.mimeType) ? signedPath(ctx, a.id, "inline", userId) : null,
        thumbnail: downloadable && a.thumbnail === "READY" && a.thumbnailKey ? signedPath(ctx, a.id, "thumbnail", userId) : null,
      },
    });
  });
}

function fieldsOf(raw: Record<string, unknown>) {
  const parsed = uploadFields.safeParse(raw);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) =>
    i.code === "unrecognized_keys" ? { field: i.keys.join(", "), message: "unknown field of the upload" } : { field: i.path.join(".") || "body", message: `${i.message} (send entityType and entityId before the file parts)` },
  );
  throw new AppError("VALIDATION_ERROR", "Invalid upload fields", details);
}

/** POST /attachments: streams the files to storage, then the rows, the activity entries and the events, in one transaction. */
export async function uploadAttachments(ctx: AppContext, req: Request, res: Response, userId: string): Promise<PresentedAttachment[]> {
  let access: EntityAccess | undefined;
  const { rows } = await receiveUpload(ctx, req, res, {
    uploaderId: userId,
    async resolveTarget(raw) {
      const fields = fieldsOf(raw);
      access = await loadEntity(ctx, userId, ENTITY[fields.entityType], fields.entityId);
      enforce(canUploadAttachment(access.role), roleDenies(access.role, "attaching files"));
      return { ...access, limits: configuredLimits(ctx), entityScope: access.scope };
    },
    async onCommit(unit: UnitOfWork, inserted: Attachment[]) {
      const a = access!;
      if (a.activity) {
        await recordActivity(
          unit.tx,
          inserted.map((row) => ({ workspaceId: row.workspaceId, actorId: userId, ...a.activity!, action: "attachment_added", field: "attachment", after: { attachmentId: row.id, fileName: row.fileName, entityType: eventData(row, null).entityType, entityId: row.entityId } })),
        );
      }
      for (const row of inserted) emitAttachment(unit.emit, "attachment.created", userId, eventData(row, a.taskId));
    },
  });
  return presentFor(ctx, userId, access!.role, rows);
}

export interface AttachmentListMeta {
  total: number;
  totalBytes: number;
  limits: { fileBytes: number; entityBytes: number };
}

/** The attachments of an entity, newest first; a task's may include its comments'. */
export async function listAttachments(
  ctx: AppContext,
  userId: string,
  entity: EntityName,
  entityId: string,
  page: Page,
  opts: { includeComments?: boolean } = {},
): Promise<{ items: PresentedAttachment[]; meta: AttachmentListMeta }> {
  const access = await loadEntity(ctx, userId, ENTITY[entity], entityId);
  enforce(canReadAttachments(access.role), roleDenies(access.role, "seeing attachments"));
  const where: Prisma.AttachmentWhereInput = entity === "task" && opts.includeComments ? access.scope : { entityType: ENTITY[entity], entityId };
  const scoped = { ...where, workspaceId: access.workspaceId };
  const [rows, total, sum] = await Promise.all([
    ctx.db.attachment.findMany({ where: scoped, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(page) }),
    ctx.db.attachment.count({ where: scoped }),
    ctx.db.attachment.aggregate({ where: scoped, _sum: { size: true } }),
  ]);
  const limits = configuredLimits(ctx);
  return { items: await presentFor(ctx, userId, access.role, rows), meta: { total, totalBytes: Number(sum._sum.size ?? 0n), limits: { fileBytes: limits.fileBytes, entityBytes: limits.entityBytes } } };
}

export async function getAttachment(ctx: AppContext, userId: string, id: string): Promise<PresentedAttachment> {
  const { attachment, access } = await loadAttachment(ctx, userId, id);
  return (await presentFor(ctx, userId, access.role, [attachment]))[0];
}

/** An attachment whose bytes this user may have now: readable, and not waiting for (or failed) its virus scan. */
export async function openAttachment(ctx: AppContext, userId: string, id: string): Promise<Attachment> {
  const { attachment } = await loadAttachment(ctx, userId, id);
  if (attachment.scanStatus === "PENDING") throw new AppError("CONFLICT", `${attachment.fileName} is being scanned for viruses; try again in a minute`);
  if (attachment.scanStatus === "INFECTED") throw new AppError("CONFLICT", `${attachment.fileName} was found infected and deleted`);
  return attachment;
}

/** The uploader, or an owner/admin: the row goes in a transaction (with its activity entry), then the bytes and the thumbnail. */
export async function deleteAttachment(ctx: AppContext, userId: string, id: string): Promise<void> {
  const { attachment: a, access } = await loadAttachment(ctx, userId, id);
  enforce(canDeleteAttachment(access.role, a, userId), `Only the uploader, or an owner or admin, can delete ${a.fileName}.`);
  await inTransaction(ctx, async ({ tx, emit }) => {
    const gone = await tx.attachment.deleteMany({ where: { id: a.id } });
    if (!gone.count) throw notFound("Attachment");
    if (access.activity) {
      await recordActivity(tx, [{ workspaceId: a.workspaceId, actorId: userId, ...access.activity, action: "attachment_removed", field: "attachment", before: { attachmentId: a.id, fileName: a.fileName } }]);
    }
    emitAttachment(emit, "attachment.deleted", userId, eventData(a, access.taskId));
  });
  const keys = [a.storageKey, ...(a.thumbnailKey ? [a.thumbnailKey] : [])];
  const results = await Promise.allSettled(keys.map((key) => ctx.storage.delete(key)));
  for (const r of results) if (r.status === "rejected") logger.warn("attachment deleted, its bytes not yet (the orphan sweep will)", { attachmentId: a.id, err: (r.reason as Error)?.message });
}
