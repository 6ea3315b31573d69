import { Readable } from "node:stream";
import type { AppContext } from "../../http/context";
import { AppError } from "../../lib/errors";
import { logger } from "../../lib/logger";
import { decideAttachment } from "./attachment-state";
import { thumbnailKey } from "./storage";

/** Image types that get a thumbnail (what sharp reads and browsers show). */
export const THUMBNAIL_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff"]);

/** Thumbnails fit in this box (CSS pixels × 2 for sharp screens at the grid's 240 px tiles); never enlarged. */
export const THUMBNAIL_BOX = 480;

/**
 * Larger images are refused before they are decoded: a 10 MB PNG can claim
 * 100,000 × 100,000 pixels (a decompression bomb, 40 GB once decoded). 50 MP
 * covers every camera photo people attach (a 48 MP phone saves 12–24 MP).
 */
export const MAX_INPUT_PIXELS = 50_000_000;

export type ThumbnailOutcome = "ready" | "failed" | "skipped";

/**
 * Makes the WebP thumbnail of one attachment: EXIF orientation applied
 * (`rotate()`), fitted into 480 × 480, metadata stripped (sharp writes none
 * unless asked), stored under `thumbnailKey`. Records the original's width and
 * height as seen (after orientation) and emits `attachment.updated`.
 *
 * Runs only for an image whose thumbnail is PENDING and that may be shown
 * (scan SKIPPED or CLEAN): anything else is left alone, so a second run does
 * nothing. An image sharp cannot read (corrupt, too many pixels) → FAILED, not
 * retried; a storage failure throws so the queue retries it.
 */
export async function makeThumbnail(ctx: AppContext, attachmentId: string): Promise<ThumbnailOutcome> {
  const a = await ctx.db.attachment.findUnique({ where: { id: attachmentId } });
  if (!a || a.thumbnail !== "PENDING" || (a.scanStatus !== "SKIPPED" && a.scanStatus !== "CLEAN")) return "skipped";
  const still = { thumbnail: "PENDING" as const, scanStatus: { in: ["SKIPPED" as const, "CLEAN" as const] } };
  const fail = async (why: string) => {
    logger.warn("thumbnail failed", { attachmentId, mimeType: a.mimeType, err: why });
    await decideAttachment(ctx, a, still, { thumbnail: "FAILED" });
    return "failed" as const;
  };
  if (!THUMBNAIL_TYPES.has(a.mimeType)) return fail(`no thumbnails for ${a.mimeType}`);

  let source: Readable;
  try {
    source = await ctx.storage.get(a.storageKey);
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") return fail("the stored file is gone");
    throw err; // the store is unreachable: retried
  }

  let thumbnail: Buffer;
  let width: number;
  let height: number;
  let readError: Error | undefined;
  source.once("error", (err) => (readError = err));
  try {
    const { default: sharp } = await import("sharp"); // loaded by the first thumbnail, not at startup
    const image = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", animated: false })
      .rotate()
      .resize(THUMBNAIL_BOX, THUMBNAIL_BOX, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 });
    source.once("error", (err) => image.destroy(err));
    source.pipe(image);
    const [meta, out] = await Promise.all([image.metadata(), image.toBuffer()]);
    thumbnail = out;
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
  } catch (err) {
    source.destroy();
    if (readError) throw readError; // the store failed mid-read: retried
    return fail((err as Error).message); // sharp could not read the image: FAILED, no retry storm
  }

  const key = thumbnailKey(a.workspaceId, a.id);
  await ctx.storage.put(key, Readable.from([thumbnail]), { contentType: "image/webp" });
  const done = await decideAttachment(ctx, a, still, { thumbnail: "READY", thumbnailKey: key, width, height });
  if (!done) {
    // Deleted, or decided by another run meanwhile: the thumbnail we wrote belongs to nobody.
    const now = await ctx.db.attachment.findUnique({ where: { id: a.id }, select: { thumbnailKey: true } });
    if (now?.thumbnailKey !== key) await ctx.storage.delete(key);
    return "skipped";
  }
  return "ready";
}
