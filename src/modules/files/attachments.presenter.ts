import type { Attachment } from "../../generated/prisma/client";
import { kindOf } from "./file-types";

export interface AttachmentLinks {
  download: string;
  preview: string | null;
  thumbnail: string | null;
}

export const isDownloadable = (a: Pick<Attachment, "scanStatus">) => a.scanStatus === "SKIPPED" || a.scanStatus === "CLEAN";

/** An attachment as the API shows it, for one caller (whether they may delete it, their signed links). */
export const presentAttachment = (a: Attachment, forCaller: { uploader: { id: string; name: string } | null; canDelete: boolean; urls: AttachmentLinks }) => ({
  id: a.id,
  workspaceId: a.workspaceId,
  entityType: a.entityType.toLowerCase() as "task" | "comment" | "project" | "booking",
  entityId: a.entityId,
  projectId: a.projectId,
  fileName: a.fileName,
  mimeType: a.mimeType,
  size: Number(a.size),
  sha256: a.sha256,
  kind: kindOf(a.mimeType),
  scanStatus: a.scanStatus.toLowerCase() as "skipped" | "pending" | "clean" | "infected",
  downloadable: isDownloadable(a),
  scanDetail: a.scanStatus === "PENDING" || a.scanStatus === "INFECTED" ? a.scanDetail : null,
  thumbnail: a.thumbnail.toLowerCase() as "none" | "pending" | "ready" | "failed",
  width: a.width,
  height: a.height,
  uploader: forCaller.uploader,
  canDelete: forCaller.canDelete,
  createdAt: a.createdAt.toISOString(),
  urls: forCaller.urls,
});

export type PresentedAttachment = ReturnType<typeof presentAttachment>;
