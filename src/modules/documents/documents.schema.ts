import { paginationMeta, paginationLinks, paginationQuery, text, uuid, versionField, z } from "../../lib/zod";

export const documentStatus = z.enum(["pending", "extracting", "ready", "failed"]).openapi("DocumentStatus");
export const documentSummary = z
  .object({
    id: uuid,
    projectId: uuid,
    name: z.string(),
    mimeType: z.string(),
    size: z.number().int(),
    status: documentStatus,
    progress: z.number().int().openapi({ description: "0–100 while extracting" }),
    errorDetail: z.string().nullable().openapi({ description: "Why extraction failed (e.g. a scanned PDF with no text layer, or found infected by the virus scanner); while it waits for the virus scan, why (clamd does not answer, or the file is too large for it)" }),
    waitingForScan: z.boolean().openapi({ description: "Not extracted yet because the virus scanner has not judged the file (errorDetail says why)" }),
    pageCount: z.number().int().nullable(),
    charCount: z.number().int().nullable(),
    createdById: uuid.nullable(),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Document");
export const passage = z.object({ id: uuid, ordinal: z.number().int(), start: z.number().int(), end: z.number().int(), text: z.string() }).openapi("DocumentPassage");
export const documentDetail = documentSummary
  .extend({ content: z.string().nullable().openapi({ description: "The decrypted text (null until ready)" }), passages: z.array(passage) })
  .openapi("DocumentWithContent");

export const documentList = z.object({ data: z.array(documentSummary), meta: paginationMeta, links: paginationLinks }).openapi("DocumentList");
export const listDocumentsQuery = z
  .object({ ...paginationQuery, status: documentStatus.optional(), q: text.trim().max(200).optional().openapi({ description: "Part of the name" }) })
  .strict();

export const createDocumentBody = z
  .object({
    name: text.trim().min(1, "must not be empty").max(255),
    content: text.refine((s) => s.trim().length > 0, "must not be empty"),
  })
  .strict()
  .openapi("CreateDocumentRequest");
export const documentUploadForm = z
  .object({ file: z.string().openapi({ format: "binary", description: "One .txt, .md, .pdf or .docx file, in a part named `file`" }) })
  .openapi("DocumentUpload");

export const searchQuery = z
  .object({ ...paginationQuery, q: text.trim().min(1, "must not be empty").max(200) })
  .strict();
export const searchHit = z
  .object({
    passageId: uuid,
    documentId: uuid,
    documentName: z.string(),
    ordinal: z.number().int(),
    start: z.number().int(),
    end: z.number().int(),
    rank: z.number(),
    highlight: z.string().openapi({ description: "The passage with the matched words between <mark> and </mark>; everything else is HTML-escaped" }),
  })
  .openapi("DocumentSearchHit");
export const searchResult = z.object({ data: z.array(searchHit), meta: paginationMeta, links: paginationLinks }).openapi("DocumentSearchResult");

export type CreateDocumentInput = z.infer<typeof createDocumentBody>;
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuery>;
