import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams, z } from "../../lib/zod";
import { verifySignedQuery, type LinkVariant, type SignedQuery } from "./attachments.links";
import { sendFile, servedFile, servedThumbnail } from "./attachments.download";
import { attachment, attachmentList, attachmentListQuery, downloadQuery, taskAttachmentListQuery, thumbnailQuery, uploadForm } from "./attachments.schema";
import * as attachments from "./attachments.service";
import type { AuthContext } from "../../http/route";
import { notFound } from "../../lib/errors";

const tags = ["Attachments"];

const LIMITS_TEXT =
  "Limits (configuration): UPLOAD_MAX_FILE_MB per file, UPLOAD_MAX_ENTITY_MB for all the attachments of one item (a task counts with its comments), UPLOAD_WORKSPACE_QUOTA_MB per workspace; over one → 413 PAYLOAD_TOO_LARGE naming it, with `error.limit: {kind, bytes}`, even mid-stream.";

const listRoute = (ctx: AppContext, entity: attachments.EntityName, collection: string) =>
  defineRoute({
    method: "get",
    path: `/${collection}/:id/attachments`,
    summary: `Attachments of a ${entity}, newest first`,
    description: `The ${entity}'s attachments for the caller, with signed links (download, preview, thumbnail) that work without the Bearer header. Visible to whoever may read the ${entity} (GET /${collection}/{id}); another workspace's ${entity} → 404. \`meta.totalBytes\` is the size of everything listed (all pages), \`meta.limits\` the upload limits in bytes.${entity === "task" ? " `includeComments=true` adds the attachments of the task's comments." : ""}`,
    tags,
    auth: "required",
    request: { params: idParams, query: entity === "task" ? taskAttachmentListQuery : attachmentListQuery },
    responses: { 200: { description: "Attachments", schema: attachmentList } },
    handler: async ({ req, auth, params, query }) => {
      const { items, meta } = await attachments.listAttachments(ctx, auth.userId, entity, params.id, query, { includeComments: (query as { includeComments?: boolean }).includeComments });
      const page = pageMeta(req, query, meta.total);
      return { status: 200, body: { data: items, meta: { ...page.meta, totalBytes: meta.totalBytes, limits: meta.limits }, links: page.links } };
    },
  });

/** The user a download is for: the Bearer caller, else the signed link's. */
function downloader(ctx: AppContext, auth: AuthContext | undefined, id: string, variant: LinkVariant, query: SignedQuery): string {
  return auth?.userId ?? verifySignedQuery(ctx, id, variant, query);
}

const DOWNLOAD_ERRORS = {
  401: { description: "No Bearer token and no valid signed link (missing, tampered with, for another file, or expired) (UNAUTHORIZED)" },
  409: { description: "The file is being scanned for viruses, or was found infected and deleted (CONFLICT)" },
};

/** Upload, list, download, preview, thumbnail and delete attachments (Appendix B, Files). */
export function attachmentRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "post",
      path: "/attachments",
      summary: "Upload files to a task, comment, project or booking",
      description: `multipart/form-data: the text fields \`entityType\` (task|comment|project|booking) and \`entityId\` first (permission and entity are checked before any byte is stored), then one to ten parts named \`file\`. All or nothing: if one file is refused, nothing is stored. The type is decided on the bytes and must agree with the extension (images, PDF, Office/OpenDocument, ZIP, audio, video; .txt/.md/.csv/.json/.log/.srt/.vtt as UTF-8 text); HTML, SVG, XML, scripts and executables are refused whatever the name (415). File names keep their Unicode; directory parts and control characters are removed. ${LIMITS_TEXT} Rate limit: RATE_LIMIT_UPLOADS_PER_HOUR uploads per user and hour (429).`,
      tags,
      auth: "required",
      rateLimit: "upload",
      multipart: uploadForm,
      responses: {
        201: { description: "The stored attachments, in the order sent", schema: envelope(z.array(attachment)) },
        400: { description: "Missing or unknown entityType, bad entityId, no file part, more than ten files, an empty file, a truncated multipart body (VALIDATION_ERROR)" },
        403: { description: "The caller's role cannot attach files (a VIEWER) (FORBIDDEN)" },
        404: { description: "The entity does not exist or is in a workspace the caller is not in (NOT_FOUND)" },
        413: { description: "Over a limit: per file, per item or the workspace quota; `error.limit` says which (PAYLOAD_TOO_LARGE)" },
        415: { description: "Not multipart/form-data, a type that is not allowed, or bytes that disagree with the extension (UNSUPPORTED_MEDIA_TYPE)" },
      },
      handler: async ({ req, res, auth }) => created(await attachments.uploadAttachments(ctx, req, res, auth.userId)),
    }),
    listRoute(ctx, "task", "tasks"),
    listRoute(ctx, "comment", "comments"),
    listRoute(ctx, "project", "projects"),
    listRoute(ctx, "booking", "bookings"),
    defineRoute({
      method: "get",
      path: "/attachments/:id/details",
      summary: "One attachment, with fresh signed links",
      description: "What the web app uses to resolve `attachment:<id>` links in markdown. Visible to whoever may read the attachment's entity; otherwise 404.",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The attachment", schema: envelope(attachment) } },
      handler: async ({ auth, params }) => ok(await attachments.getAttachment(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/attachments/:id",
      summary: "Download an attachment's bytes (Bearer or signed link)",
      description:
        "Authenticated by the Bearer header or by the signed query (`u`, `exp`, `sig`) of the attachment's `urls`; either way the user must be able to read the attachment's entity now. `inline=1` shows images (png, jpeg, gif, webp) and PDF inline; everything else is always `Content-Disposition: attachment`. Text is served as text/plain; charset=utf-8, never text/html; always `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox; default-src 'none'` (plus what an image or the PDF viewer needs). ETag is the SHA-256 (If-None-Match → 304). With S3 and S3_PROXY_DOWNLOADS=false: 302 to a short-lived presigned URL with the same type and disposition.",
      tags,
      auth: "optional",
      request: { params: idParams, query: downloadQuery },
      responses: {
        200: { description: "The bytes (Content-Type of the file)" },
        302: { description: "Redirect to a presigned URL of the object store" },
        304: { description: "Not modified (If-None-Match)" },
        ...DOWNLOAD_ERRORS,
      },
      handler: async ({ req, res, params, query }) => {
        const inline = query.inline === "1" || query.inline === "true";
        const userId = downloader(ctx, req.auth, params.id, inline ? "inline" : "download", query);
        const a = await attachments.openAttachment(ctx, userId, params.id);
        await sendFile(ctx, req, res, servedFile(a, inline));
      },
    }),
    defineRoute({
      method: "get",
      path: "/attachments/:id/thumbnail",
      summary: "An image attachment's WebP thumbnail (Bearer or signed link)",
      description: "Same authentication and headers as the download, always inline; 404 while no thumbnail is ready (`thumbnail` is not \"ready\").",
      tags,
      auth: "optional",
      request: { params: idParams, query: thumbnailQuery },
      responses: { 200: { description: "The thumbnail (image/webp)" }, 304: { description: "Not modified (If-None-Match)" }, ...DOWNLOAD_ERRORS },
      handler: async ({ req, res, params, query }) => {
        const userId = downloader(ctx, req.auth, params.id, "thumbnail", query);
        const a = await attachments.openAttachment(ctx, userId, params.id);
        if (a.thumbnail !== "READY" || !a.thumbnailKey) throw notFound("Thumbnail");
        await sendFile(ctx, req, res, servedThumbnail(a));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/attachments/:id",
      summary: "Delete an attachment (its uploader, or an owner or admin)",
      description: "Removes the attachment (with an activity entry on its task or project), then its stored bytes and thumbnail. Others get 403; an attachment the caller cannot see, 404.",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await attachments.deleteAttachment(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
  ];
}
