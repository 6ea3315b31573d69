import type { AppContext } from "../../http/context";
import { defineJob, type JobDefinition } from "../../jobs/job";
import { AppError } from "../../lib/errors";
import { logger } from "../../lib/logger";
import { uuid, z } from "../../lib/zod";
import { decideAttachment } from "./attachment-state";
import { sweepOrphans } from "./orphans";
import { scanStream, ScanTooLargeError, type ScanVerdict } from "./scanner";
import { makeThumbnail } from "./thumbnails";

const HOUR = 60 * 60_000;
const byId = z.object({ attachmentId: uuid }).strict();

/** BullMQ refuses custom job ids with one ':' (it keeps those for repeat jobs), so dedupe ids use '-'. */
const scanJobId = (id: string) => `scan-${id}`;
const thumbnailJobId = (id: string) => `thumbnail-${id}`;

/**
 * The virus scan of one attachment (when CLAMAV_HOST is set): streams the
 * stored bytes to clamd. Clean → CLEAN (then the thumbnail of an image);
 * infected → bytes and thumbnail deleted, INFECTED with the signature, the
 * uploader told (notifications subscriber). clamd down, slow or erroring →
 * throws, so the queue retries with backoff; the attachment stays PENDING (not
 * downloadable) and `scanDetail` says why. A decided attachment is left alone.
 */
export async function scanAttachment(ctx: AppContext, attachmentId: string): Promise<"clean" | "infected" | "skipped"> {
  const a = await ctx.db.attachment.findUnique({ where: { id: attachmentId } });
  if (a?.scanStatus === "INFECTED") {
    await ctx.storage.delete(a.storageKey); // a retry after the delete below failed: the bytes must go (a no-op when they are gone)
    return "skipped";
  }
  if (!a || a.scanStatus !== "PENDING") return "skipped";
  const pending = { scanStatus: "PENDING" as const };
  const host = ctx.config.CLAMAV_HOST;
  if (!host) throw new Error(`attachment ${a.id} waits for a virus scan but CLAMAV_HOST is not set`);

  let verdict: ScanVerdict;
  try {
    const body = await ctx.storage.get(a.storageKey);
    verdict = await scanStream({ host, port: ctx.config.CLAMAV_PORT, timeoutMs: ctx.config.CLAMAV_TIMEOUT_MS }, body);
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") {
      logger.warn("scan: the stored file is gone", { attachmentId });
      return "skipped"; // deleted meanwhile; the orphan sweep removes a row left behind
    }
    if (err instanceof ScanTooLargeError) {
      // Retrying with backoff would only repeat the refusal; the hourly requeue tries again, so the
      // file becomes downloadable once clamd accepts streams this big. Until then it stays pending.
      const detail = `Too large for the virus scanner: clamd refuses streams of ${a.size} bytes (raise StreamMaxLength in clamd.conf to at least UPLOAD_MAX_FILE_MB). It is scanned again within the hour.`;
      await ctx.db.attachment.updateMany({ where: { id: a.id, ...pending }, data: { scanDetail: detail.slice(0, 500) } });
      logger.warn("scan: file larger than clamd accepts", { attachmentId, size: a.size });
      return "skipped";
    }
    await ctx.db.attachment.updateMany({ where: { id: a.id, ...pending }, data: { scanDetail: `Not scanned yet: ${(err as Error).message}`.slice(0, 500) } });
    throw err;
  }

  if (!verdict.infected) {
    const decided = await decideAttachment(ctx, a, pending, { scanStatus: "CLEAN", scannedAt: ctx.now(), scanDetail: null });
    if (decided && a.thumbnail === "PENDING") await ctx.jobs.enqueue(thumbnailJob(ctx), { attachmentId: a.id }, { jobId: thumbnailJobId(a.id) });
    return decided ? "clean" : "skipped";
  }

  // Infected: nobody may get the bytes. The row is marked first (downloads refuse INFECTED at once), then the bytes go.
  const decided = await decideAttachment(
    ctx,
    a,
    pending,
    { scanStatus: "INFECTED", scanDetail: verdict.signature, scannedAt: ctx.now(), thumbnail: "NONE", thumbnailKey: null },
    { infected: { fileName: a.fileName, signature: verdict.signature } },
  );
  if (!decided) return "skipped";
  logger.warn("scan: infected file deleted", { attachmentId, signature: verdict.signature, workspaceId: a.workspaceId });
  await ctx.storage.delete(a.storageKey);
  if (a.thumbnailKey) await ctx.storage.delete(a.thumbnailKey);
  return "infected";
}

export const scanJob = (ctx: AppContext) =>
  defineJob({
    name: "files.scan",
    queue: "files",
    schema: byId,
    // clamd restarts (signature updates) take a minute or two: 5 s doubling over 8 tries waits about 10 minutes in all.
    attempts: 8,
    backoffMs: 5000,
    perform: ({ attachmentId }) => scanAttachment(ctx, attachmentId),
  });

export const thumbnailJob = (ctx: AppContext) =>
  defineJob({
    name: "files.thumbnail",
    queue: "files",
    schema: byId,
    attempts: 3,
    backoffMs: 5000,
    perform: ({ attachmentId }) => makeThumbnail(ctx, attachmentId),
  });

/** Work that should have finished long ago: its job was lost (an in-process queue restarted) or used up its tries. */
const STUCK_AFTER_MS = 15 * 60_000;

/**
 * Queues again the scans and thumbnails still PENDING a quarter of an hour
 * after the upload. Without Redis a restart loses queued jobs, and a scan that
 * used up its tries while clamd was down would otherwise wait forever. The job
 * id carries the hour, so each hourly sweep queues at most one more try.
 */
export async function requeueStuck(ctx: AppContext): Promise<{ scans: number; thumbnails: number }> {
  const before = new Date(ctx.now().getTime() - STUCK_AFTER_MS);
  const hour = Math.floor(ctx.now().getTime() / HOUR);
  const scans = ctx.config.CLAMAV_HOST ? await ctx.db.attachment.findMany({ where: { scanStatus: "PENDING", createdAt: { lt: before } }, select: { id: true }, take: 500 }) : [];
  for (const { id } of scans) await ctx.jobs.enqueue(scanJob(ctx), { attachmentId: id }, { jobId: `${scanJobId(id)}-${hour}` });
  const thumbnails = await ctx.db.attachment.findMany({ where: { thumbnail: "PENDING", scanStatus: { in: ["SKIPPED", "CLEAN"] }, createdAt: { lt: before } }, select: { id: true }, take: 500 });
  for (const { id } of thumbnails) await ctx.jobs.enqueue(thumbnailJob(ctx), { attachmentId: id }, { jobId: `${thumbnailJobId(id)}-${hour}` });
  return { scans: scans.length, thumbnails: thumbnails.length };
}

/** Hourly: the orphan sweep, and another try for stuck scans and thumbnails. */
export const sweepOrphansJob = (ctx: AppContext) =>
  defineJob({
    name: "files.sweep-orphans",
    queue: "files",
    schema: z.object({}).strict(),
    perform: async () => ({ ...(await sweepOrphans(ctx)), requeued: await requeueStuck(ctx) }),
  });

/** The jobs of the files module: virus scan, thumbnail, orphan sweep. */
export function fileJobs(ctx: AppContext): JobDefinition<any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return [scanJob(ctx), thumbnailJob(ctx), sweepOrphansJob(ctx)];
}

/** Recurring file jobs (the orphan sweep, hourly). */
export async function scheduleFileJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.schedule(sweepOrphansJob(ctx), {}, HOUR);
}

/**
 * What happens after attachments are committed: a scan each when CLAMAV_HOST
 * is set (the scan queues the thumbnail once clean), else a thumbnail for the
 * images waiting for one. Deduplicated by job id.
 */
export async function afterUpload(ctx: AppContext, attachmentIds: string[]): Promise<void> {
  if (!attachmentIds.length) return;
  if (ctx.config.CLAMAV_HOST) {
    for (const id of attachmentIds) await ctx.jobs.enqueue(scanJob(ctx), { attachmentId: id }, { jobId: scanJobId(id) });
    return;
  }
  const images = await ctx.db.attachment.findMany({ where: { id: { in: attachmentIds }, thumbnail: "PENDING" }, select: { id: true } });
  for (const { id } of images) await ctx.jobs.enqueue(thumbnailJob(ctx), { attachmentId: id }, { jobId: thumbnailJobId(id) });
}
