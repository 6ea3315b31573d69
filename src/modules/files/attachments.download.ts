import { pipeline } from "node:stream/promises";
import contentDisposition from "content-disposition";
import type { Request, Response } from "express";
import type { Attachment } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { logger } from "../../lib/logger";
import { isInlineType } from "./file-types";

/**
 * How attachment bytes are served so that nothing uploaded can run in
 * another user's browser: never text/html, `nosniff`, a sandboxing CSP, and
 * inline only for images and PDF (everything else is a download).
 */

/** The Content-Type sent: text as text/plain UTF-8; anything that is markup (never stored, but never served as such either) as bytes. */
export function servedType(mimeType: string): string {
  if (/html|xml|svg|javascript|ecmascript/i.test(mimeType)) return "application/octet-stream";
  if (mimeType.startsWith("text/")) return "text/plain; charset=utf-8";
  return mimeType;
}

const SANDBOX = "sandbox; default-src 'none'";
/**
 * The CSP of a served file: nothing in it may run. An inline image may show
 * itself; a PDF needs nothing more (Chromium's viewer renders it under this
 * policy, top-level and in a same-origin iframe: checked with the system
 * Chromium). Inline files may be framed by the web app only.
 */
export function servedCsp(mimeType: string, inline: boolean): string {
  if (!inline) return SANDBOX;
  if (mimeType === "application/pdf") return `${SANDBOX}; frame-ancestors 'self'`;
  return `${SANDBOX}; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'`;
}

/** RFC 6266/5987: an ASCII `filename` for old clients and the exact name as `filename*=UTF-8''…`. */
export function dispositionOf(fileName: string, inline: boolean): string {
  const ascii = fileName.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return contentDisposition(fileName, { type: inline ? "inline" : "attachment", fallback: ascii });
}

export interface Served {
  key: string;
  fileName: string;
  mimeType: string;
  size?: number;
  etag: string;
  inline: boolean;
}

export function servedFile(a: Attachment, inlineRequested: boolean): Served {
  const inline = inlineRequested && isInlineType(a.mimeType);
  return { key: a.storageKey, fileName: a.fileName, mimeType: a.mimeType, size: Number(a.size), etag: `"${a.sha256}"`, inline };
}

export function servedThumbnail(a: Attachment): Served {
  const base = a.fileName.replace(/\.[^.]*$/, "") || "thumbnail";
  return { key: a.thumbnailKey!, fileName: `${base}.webp`, mimeType: "image/webp", etag: `"${a.sha256}-thumb"`, inline: true };
}

/** Streams the file (or redirects to a presigned URL of the store), with the headers of a safe download. */
export async function sendFile(ctx: AppContext, req: Request, res: Response, file: Served): Promise<void> {
  const type = servedType(file.mimeType);
  const disposition = dispositionOf(file.fileName, file.inline);
  const ttl = ctx.config.DOWNLOAD_URL_TTL_SECONDS;
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Security-Policy", servedCsp(file.mimeType, file.inline));
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  res.setHeader("Referrer-Policy", "no-referrer");

  const presigned = await ctx.storage.presignedGetUrl(file.key, { contentDisposition: disposition, contentType: type }, ttl);
  if (presigned) {
    res.setHeader("Cache-Control", "private, no-store");
    res.redirect(302, presigned);
    return;
  }
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Disposition", disposition);
  // no-transform: compression must not drop Content-Length or touch the bytes.
  res.setHeader("Cache-Control", `private, max-age=${ttl}, no-transform`);
  res.setHeader("ETag", file.etag);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const body = await ctx.storage.get(file.key);
  if (file.size !== undefined) res.setHeader("Content-Length", String(file.size));
  res.status(200);
  if (req.method === "HEAD") {
    body.destroy();
    res.end();
    return;
  }
  try {
    await pipeline(body, res);
  } catch (err) {
    if (!res.writableFinished) logger.warn("download interrupted", { key: file.key, err: (err as Error).message });
  }
}
