import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams } from "../../lib/zod";
import { createDocumentBody, documentDetail, documentList, documentSummary, documentUploadForm, listDocumentsQuery, searchQuery, searchResult } from "./documents.schema";
import * as documents from "./documents.service";
import { searchDocuments } from "./documents.search";
import { enqueueExtraction } from "./documents.jobs";

const tags = ["Documents"];

/** A project's documents for the assistant (Appendix B, AI). */
export function documentRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/projects/:id/documents",
      summary: "Documents of a project, newest first",
      description: "Filter by `status` and by part of the name (`q`). Visible to members of the project's workspace; another workspace's project → 404.",
      tags,
      auth: "required",
      request: { params: idParams, query: listDocumentsQuery },
      responses: { 200: { description: "Documents", schema: documentList } },
      handler: async ({ req, auth, params, query }) => {
        const { items, total } = await documents.listDocuments(ctx, auth.userId, params.id, query);
        return { status: 200, body: { data: items, ...pageMeta(req, query, total) } };
      },
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/documents",
      summary: "Add a document: upload a file (multipart) or send its text (JSON)",
      description:
        "multipart/form-data with one part `file` (.txt, .md, .pdf, .docx; the type is decided on the bytes; streamed through the files pipeline: UPLOAD_MAX_FILE_MB at most and the workspace quota → 413, the upload rate limit → 429; stored encrypted until extracted): answered 201 with status `pending`; the text is extracted by a job (progress and the outcome arrive as `document.progress`, `document.ready` or `document.failed` events in the project's room). Or JSON `{name, content}`: ready at once. The text is encrypted at rest (AES-256-GCM); its passages' full-text index is not. Owners, admins and members; a viewer → 403.",
      tags,
      auth: "required",
      rateLimit: "upload",
      request: { params: idParams, body: createDocumentBody },
      multipart: documentUploadForm,
      responses: {
        201: { description: "The document", schema: envelope(documentSummary) },
        400: { description: "No file part, an empty file, a bad name or content (VALIDATION_ERROR)" },
        403: { description: "A viewer (FORBIDDEN)" },
        413: { description: "Larger than UPLOAD_MAX_FILE_MB, or over the workspace's UPLOAD_WORKSPACE_QUOTA_MB (attachments and documents count) (PAYLOAD_TOO_LARGE)" },
        429: { description: "Over RATE_LIMIT_UPLOADS_PER_HOUR multipart uploads (the attachments' limit, per user)" },
        415: { description: "Not .txt/.md/.pdf/.docx on its bytes, or neither JSON nor multipart (UNSUPPORTED_MEDIA_TYPE)" },
      },
      handler: async ({ req, res, auth, params, body }) =>
        created(req.is("multipart/form-data") ? await documents.uploadDocument(ctx, req, res, auth.userId, params.id, (id) => enqueueExtraction(ctx, id)) : await documents.createFromText(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "get",
      path: "/projects/:id/documents/search",
      summary: "Full-text search of a project's ready documents, best passages first",
      description: "PostgreSQL full-text search (web search syntax: words, \"a phrase\", -word, or). Each hit is a passage with `highlight`: HTML-escaped text with the matches in <mark>.",
      tags,
      auth: "required",
      request: { params: idParams, query: searchQuery },
      responses: { 200: { description: "Passages", schema: searchResult } },
      handler: async ({ req, auth, params, query }) => {
        const { items, total } = await searchDocuments(ctx, auth.userId, params.id, query);
        return { status: 200, body: { data: items, ...pageMeta(req, query, total) } };
      },
    }),
    defineRoute({
      method: "get",
      path: "/documents/:id",
      summary: "A document with its decrypted text and its passages",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The document", schema: envelope(documentDetail) } },
      handler: async ({ auth, params }) => ok(await documents.getDocument(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "delete",
      path: "/documents/:id",
      summary: "Delete a document and its passages (owner, admin, or its uploader)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await documents.deleteDocument(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
  ];
}
