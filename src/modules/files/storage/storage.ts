import type { Readable } from "node:stream";

/** What a driver needs to know to store an object. */
export interface PutOptions {
  contentType: string;
}

/** How a presigned download should present the file (S3 `response-content-*`). */
export interface DownloadPresentation {
  /** The full Content-Disposition header value (inline or attachment, RFC 5987 name). */
  contentDisposition: string;
  contentType: string;
}

/**
 * Where the bytes of attachments live: local disk (default) or an S3-compatible
 * store. Keys are ours (`<workspaceId>/<attachmentId>`, `thumbnails/<id>.webp`),
 * never a user's file name. Every method rejects on failure; none buffers a
 * whole file in memory.
 */
export interface FileStorage {
  readonly driver: "local" | "s3";
  /** Streams `body` to `key`. On failure nothing is left under `key`. */
  put(key: string, body: Readable, options: PutOptions): Promise<void>;
  /** A stream of the object's bytes; rejects with a NOT_FOUND AppError when it does not exist. */
  get(key: string): Promise<Readable>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Every key under `prefix` with its last-modified time (the orphan sweep). */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
  /**
   * A short-lived URL the browser downloads from directly, or undefined when
   * downloads must stream through the server (local disk, S3_PROXY_DOWNLOADS).
   */
  presignedGetUrl(key: string, presentation: DownloadPresentation, expiresInSeconds: number): Promise<string | undefined>;
  /** Readiness: resolves when the store answers and is writable, rejects with a message naming what to fix. */
  check(): Promise<void>;
}
