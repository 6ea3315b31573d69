import type { Attachment } from "../../generated/prisma/client";
import type { Emitter } from "../../events/unit-of-work";

/**
 * What attachment events carry: the ids a client needs to refetch the entity's
 * list. Never the signed links (they are per user).
 */
export interface AttachmentEventData {
  id: string;
  workspaceId: string;
  entityType: "task" | "comment" | "project" | "booking";
  entityId: string;
  projectId: string | null;
  /** The task of a task or comment attachment (its drawer's room). */
  taskId: string | null;
  uploaderId: string | null;
  /** On the `attachment.updated` of a scan that found a virus: what to tell the uploader (the bytes are already deleted). */
  infected?: { fileName: string; signature: string };
}

declare module "../../events/catalogue" {
  interface EventCatalogue {
    "attachment.created": AttachmentEventData;
    /** The scan verdict or the thumbnail changed. */
    "attachment.updated": AttachmentEventData;
    "attachment.deleted": AttachmentEventData;
  }
}

/** What attachment events say about a row; `taskId` is the task whose drawer shows it (a comment's task, looked up by the caller). */
export function attachmentEventOf(a: Attachment, taskId: string | null): AttachmentEventData {
  return {
    id: a.id,
    workspaceId: a.workspaceId,
    entityType: a.entityType.toLowerCase() as AttachmentEventData["entityType"],
    entityId: a.entityId,
    projectId: a.projectId,
    taskId,
    uploaderId: a.uploaderId,
  };
}

/** Where an attachment's events go: the rooms of the screens that show its entity. */
export function attachmentRooms(a: AttachmentEventData): string[] {
  if (a.entityType === "booking") return [`workspace:${a.workspaceId}`];
  if (a.entityType === "project") return [`project:${a.entityId}`];
  // A task's or a comment's: the task drawer, and the board when the task has a project (a personal task has only its owner).
  if (a.projectId) return [`project:${a.projectId}`, ...(a.taskId ? [`task:${a.taskId}`] : [])];
  return a.uploaderId ? [`user:${a.uploaderId}`] : [];
}

type AttachmentEventType = "attachment.created" | "attachment.updated" | "attachment.deleted";

export function emitAttachment(emit: Emitter["emit"], type: AttachmentEventType, actorId: string | null, data: AttachmentEventData): void {
  emit({ type, workspaceId: data.workspaceId, actorId, data, rooms: attachmentRooms(data) });
}
