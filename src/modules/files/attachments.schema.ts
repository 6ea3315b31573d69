import { paginationLinks, paginationMeta, uuid, z } from "../../lib/zod";

export const attachmentEntityType = z.enum(["task", "comment", "project", "booking"]).openapi("AttachmentEntityType");

export const attachment = z
  .object({
    id: uuid,
    workspaceId: uuid,
    entityType: attachmentEntityType,
    entityId: uuid,
    projectId: uuid.nullable(),
    fileName: z.string().openapi({ description: "The uploaded name, Unicode kept; directory parts and control characters removed" }),
    mimeType: z.string().openapi({ description: "Decided on the bytes, never taken from the client" }),
    size: z.number().int().openapi({ description: "Bytes" }),
    sha256: z.string().openapi({ description: "SHA-256 of the bytes, hex" }),
    kind: z.enum(["image", "pdf", "text", "other"]).openapi({ description: "What the web app can preview: image → lightbox, pdf → viewer" }),
    scanStatus: z.enum(["skipped", "pending", "clean", "infected"]),
    downloadable: z.boolean().openapi({ description: "scanStatus is skipped or clean" }),
    scanDetail: z.string().nullable().openapi({ description: "pending: why it is not scanned yet (scanner down, file too large for it); infected: the signature found" }),
    thumbnail: z.enum(["none", "pending", "ready", "failed"]),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    uploader: z.object({ id: uuid, name: z.string() }).nullable(),
    canDelete: z.boolean().openapi({ description: "Whether the caller may delete it" }),
    createdAt: z.string(),
    urls: z
      .object({
        download: z.string(),
        preview: z.string().nullable().openapi({ description: "inline=1; images (png, jpeg, gif, webp) and PDF that can be downloaded" }),
        thumbnail: z.string().nullable().openapi({ description: "When the thumbnail is ready" }),
      })
      .openapi({ description: "Signed relative links for the caller, valid DOWNLOAD_URL_TTL_SECONDS; they work without the Bearer header" }),
  })
  .openapi("Attachment");

/** The text fields of an upload, sent before the file parts. */
export const uploadFields = z.object({ entityType: attachmentEntityType, entityId: uuid }).strict();

/** The multipart body, for the OpenAPI document (the route reads it streaming). */
export const uploadForm = z
  .object({
    entityType: attachmentEntityType.openapi({ description: "Send before the file parts" }),
    entityId: uuid.openapi({ description: "Send before the file parts" }),
    file: z.array(z.string().openapi({ format: "binary" })).min(1).max(10).openapi({ description: "One to ten files, each a part named `file`" }),
  })
  .openapi("AttachmentUpload");

export const attachmentListQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100000).default(1).openapi({ description: "1-based page number" }),
    perPage: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: "Items per page (default 50, max 100)" }),
  })
  .strict();

export const taskAttachmentListQuery = attachmentListQuery
  .extend({ includeComments: z.enum(["true", "false"]).default("false").transform((v) => v === "true").openapi({ description: "Also the attachments of the task's comments" }) })
  .strict();

export const attachmentList = z
  .object({
    data: z.array(attachment),
    meta: paginationMeta.extend({
      totalBytes: z.number().int().openapi({ description: "Bytes of all the attachments the list covers (every page)" }),
      limits: z.object({ fileBytes: z.number().int(), entityBytes: z.number().int() }).openapi({ description: "The upload limits per file and per item, in bytes" }),
    }),
    links: paginationLinks,
  })
  .openapi("AttachmentList");

const signedQuery = {
  u: uuid.optional().openapi({ description: "Signed link: the user it was made for" }),
  exp: z.coerce.number().int().min(1).max(99_999_999_999).optional().openapi({ description: "Signed link: expiry (unix seconds)" }),
  sig: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "must be a signature (base64url)").optional().openapi({ description: "Signed link: signature" }),
};

export const downloadQuery = z
  .object({ inline: z.enum(["1", "0", "true", "false"]).optional().openapi({ description: "1: show inline (images and PDF only; everything else is always a download)" }), ...signedQuery })
  .strict();

export const thumbnailQuery = z.object(signedQuery).strict();

export type AttachmentListQuery = z.infer<typeof attachmentListQuery> & { includeComments?: boolean };
