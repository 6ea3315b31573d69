import { API_BASE, expireSession, getAccessToken, refreshAccessToken } from "../../lib/api";
import type { Attachment, AttachmentEntity, UploadLimits } from "./attachments.api";

/**
 * One file to the API (`POST /attachments`, multipart: `entityType` and
 * `entityId` first so the server checks them before any byte is stored, then
 * the file). XMLHttpRequest, because fetch reports no upload progress. The
 * access token goes as api.ts sends it, and a 401 refreshes it once and sends
 * the file again. Every failure becomes an `UploadError` with a sentence for
 * the person, never a spinner that waits forever.
 */

export type UploadErrorKind = "too-large" | "quota" | "proxy" | "type" | "network" | "rate-limited" | "cancelled" | "other";

export class UploadError extends Error {
  readonly kind: UploadErrorKind;
  readonly status: number;
  /** Seconds to wait (429). */
  readonly retryAfter: number | null;

  constructor(kind: UploadErrorKind, message: string, status = 0, retryAfter: number | null = null) {
    super(message);
    this.name = "UploadError";
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** TeamFlow's per-file limit when the list has not told us yet (UPLOAD_MAX_FILE_MB's default). */
export const DEFAULT_FILE_LIMIT_BYTES = 10 * 1024 * 1024;
/** No byte moving for this long (up or down) counts as a lost connection. */
const STALL_MS = 60_000;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  if (mb < 1024) return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, "") : Math.round(mb)} MB`;
  return `${(mb / 1024).toFixed(1).replace(/\.0$/, "")} GB`;
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

function waitText(seconds: number): string {
  return seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/** Refusals the browser can tell before sending anything (the server checks again). */
export function checkBeforeUpload(file: File, limits: UploadLimits | null): UploadError | null {
  const max = limits?.fileBytes ?? DEFAULT_FILE_LIMIT_BYTES;
  if (file.size > max) return new UploadError("too-large", `${file.name} is larger than the ${megabytes(max)} limit per file (it is ${formatBytes(file.size)}).`);
  if (file.size === 0) return new UploadError("other", `${file.name} is empty.`);
  return null;
}

interface ErrorBody {
  error?: { code?: string; message?: string; limit?: { kind?: string; bytes?: number } };
}

function parseJson(text: string): ErrorBody | null {
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === "object" ? (body as ErrorBody) : null;
  } catch {
    return null;
  }
}

/** The sentence for a refused upload, from the status and (when JSON) the API's error envelope. */
export function uploadErrorFrom(status: number, responseText: string, retryAfterHeader: string | null, fileName: string, limits: UploadLimits | null): UploadError {
  const error = parseJson(responseText)?.error;
  const message = error?.message;
  if (status === 413) {
    if (!error?.code) {
      const limit = megabytes(limits?.fileBytes ?? DEFAULT_FILE_LIMIT_BYTES);
      return new UploadError(
        "proxy",
        `The server's proxy refused this file as too large (its limit is below TeamFlow's ${limit}). Ask your admin to raise client_max_body_size.`,
        status,
      );
    }
    const kind = error.limit?.kind;
    if (kind === "entity" || kind === "workspace") {
      const where = kind === "workspace" ? "The workspace's storage quota is full" : "This item has no room left for files";
      return new UploadError("quota", message ?? `${where}.`, status);
    }
    return new UploadError("too-large", message ?? `${fileName} is too large.`, status);
  }
  if (status === 415) return new UploadError("type", message ?? `${fileName} is not a file type TeamFlow accepts.`, status);
  if (status === 429) {
    const seconds = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : null;
    // The server's own "Try again in N seconds" gives way to the wait in words.
    const base = (message ?? "Too many uploads").replace(/\s*try again in [^.]*\.?\s*$/i, "").replace(/\.?$/, ".");
    return new UploadError("rate-limited", seconds ? `${base} Try again in ${waitText(seconds)}.` : `${base} Try again later.`, status, seconds);
  }
  if (message) return new UploadError("other", message, status);
  if (status >= 500) return new UploadError("other", "The server ran into a problem with this upload. Please try again.", status);
  return new UploadError("other", `The upload failed (${status}).`, status);
}

export interface UploadHandle {
  /** The stored attachment, or an UploadError. */
  done: Promise<Attachment>;
  /** xhr.abort(): `done` rejects with kind "cancelled". */
  cancel: () => void;
}

/** Sends `file` to `entity`; `onProgress` gets 0..1 of the bytes sent. */
export function uploadFile(entity: AttachmentEntity, file: File, opts: { limits: UploadLimits | null; onProgress?: (fraction: number) => void }): UploadHandle {
  let current: XMLHttpRequest | null = null;
  let cancelled = false;

  const attempt = (token: string | null) =>
    new Promise<{ status: number; text: string; retryAfter: string | null }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      current = xhr;
      let stall: ReturnType<typeof setTimeout> | undefined;
      const lost = () => reject(new UploadError("network", "Connection lost — retry"));
      const alive = () => {
        clearTimeout(stall);
        stall = setTimeout(() => {
          xhr.onabort = null;
          xhr.abort();
          lost();
        }, STALL_MS);
      };
      const finish = () => clearTimeout(stall);
      xhr.open("POST", `${API_BASE}/attachments`);
      xhr.withCredentials = true;
      xhr.setRequestHeader("Accept", "application/json");
      if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        alive();
        if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total);
      };
      xhr.onprogress = alive;
      xhr.onload = () => {
        finish();
        resolve({ status: xhr.status, text: xhr.responseText, retryAfter: xhr.getResponseHeader("Retry-After") });
      };
      xhr.onerror = () => {
        finish();
        lost();
      };
      xhr.ontimeout = xhr.onerror;
      xhr.onabort = () => {
        finish();
        reject(new UploadError("cancelled", "Cancelled"));
      };
      const form = new FormData();
      // The entity first: the server checks it (and the caller's rights) before it stores a byte.
      form.append("entityType", entity.type);
      form.append("entityId", entity.id);
      form.append("file", file, file.name);
      alive();
      xhr.send(form);
    });

  const run = async (): Promise<Attachment> => {
    opts.onProgress?.(0);
    let res = await attempt(getAccessToken());
    if (res.status === 401 && !cancelled) {
      const token = await refreshAccessToken().catch(() => {
        throw new UploadError("network", "Connection lost — retry");
      });
      if (!token) {
        expireSession();
        throw new UploadError("other", "Your session has ended. Sign in again to upload.", 401);
      }
      if (cancelled) throw new UploadError("cancelled", "Cancelled");
      opts.onProgress?.(0);
      res = await attempt(token);
    }
    if (res.status === 201 || res.status === 200) {
      const body = parseJson(res.text) as { data?: Attachment[] } | null;
      const stored = body?.data?.[0];
      if (stored) return stored;
      throw new UploadError("other", "The server answered without the stored file. Please reload.", res.status);
    }
    throw uploadErrorFrom(res.status, res.text, res.retryAfter, file.name, opts.limits);
  };

  return {
    done: run(),
    cancel: () => {
      cancelled = true;
      current?.abort();
    },
  };
}
