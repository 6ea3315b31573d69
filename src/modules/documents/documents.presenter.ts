import type { Document, DocumentPassage } from "../../generated/prisma/client";
import type { DocumentEventData } from "./documents.events";

/** How errorDetail begins while a document's bytes wait for clamd's verdict (it stays pending or extracting). */
export const WAITING_FOR_SCAN = "Waiting for the virus scan";

const waitsForScan = (d: Pick<Document, "status" | "errorDetail">) => (d.status === "pending" || d.status === "extracting") && !!d.errorDetail?.startsWith(WAITING_FOR_SCAN);

export const presentDocument = (d: Document) => ({
  id: d.id,
  projectId: d.projectId,
  name: d.name,
  mimeType: d.mimeType,
  size: d.size,
  status: d.status,
  progress: d.progress,
  errorDetail: d.errorDetail,
  waitingForScan: waitsForScan(d),
  pageCount: d.pageCount,
  charCount: d.charCount,
  createdById: d.createdById,
  version: d.version,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

export type PresentedDocument = ReturnType<typeof presentDocument>;

export const presentPassage = (p: Pick<DocumentPassage, "id" | "ordinal" | "start" | "end" | "text">) => ({ id: p.id, ordinal: p.ordinal, start: p.start, end: p.end, text: p.text });

export const documentEventOf = (d: Document): DocumentEventData => ({ id: d.id, projectId: d.projectId, name: d.name, status: d.status, progress: d.progress, errorDetail: d.errorDetail });
