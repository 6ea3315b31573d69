import { Readable } from "node:stream";
import type { Document, Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { inTransaction, withEvents } from "../../events/unit-of-work";
import { defineJob, type JobDefinition } from "../../jobs/job";
import { logger } from "../../lib/logger";
import { uuid, z } from "../../lib/zod";
import { scanStream, ScannerUnavailableError, ScanTooLargeError, type ScanVerdict } from "../files";
import { emitDocument } from "./documents.events";
import { documentEventOf, WAITING_FOR_SCAN } from "./documents.presenter";
import { decryptSource, removeSource, storeText } from "./documents.service";
import { ExtractionFailure, extractText } from "./extract";

const byId = z.object({ documentId: uuid }).strict();
const HOUR = 60 * 60_000;

/** errorDetail of a document whose bytes clamd has not judged yet because it does not answer (the library shows it under its badge). */
export const WAITING_FOR_CLAMD = `${WAITING_FOR_SCAN}: the scanner does not answer yet. The text is extracted once the file is found clean.`;

/**
 * The virus scan of the decrypted upload (when CLAMAV_HOST is set), before
 * anything is extracted from it. Infected → the failed path. clamd down, slow
 * or erroring → errorDetail says so and the error is rethrown (the queue
 * retries). Too large for clamd → the document waits (see below).
 */
async function scanSource(ctx: AppContext, doc: Document, bytes: Buffer): Promise<"clean" | "infected" | "too-large"> {
  const host = ctx.config.CLAMAV_HOST;
  if (!host) return "clean";
  let verdict: ScanVerdict;
  try {
    verdict = await scanStream({ host, port: ctx.config.CLAMAV_PORT, timeoutMs: ctx.config.CLAMAV_TIMEOUT_MS }, Readable.from([bytes]));
  } catch (err) {
    if (err instanceof ScanTooLargeError) {
      // As attachments: retrying with backoff would only repeat the refusal, so the job ends and the
      // hourly requeue tries again; the document waits (pending) until clamd accepts streams this big.
      const detail = `${WAITING_FOR_SCAN}: too large for the virus scanner (clamd refuses streams of ${bytes.length} bytes; raise StreamMaxLength in clamd.conf to at least UPLOAD_MAX_FILE_MB). It is scanned again within the hour.`;
      await markWaiting(ctx, doc, detail);
      logger.warn("document scan: file larger than clamd accepts", { documentId: doc.id, size: bytes.length });
      return "too-large";
    }
    if (err instanceof ScannerUnavailableError) {
      await markWaiting(ctx, doc, WAITING_FOR_CLAMD);
      logger.warn("document scan: clamd unavailable, retried", { documentId: doc.id, err: err.message });
    }
    throw err;
  }
  if (!verdict.infected) return "clean";
  logger.warn("document scan: infected file deleted", { documentId: doc.id, signature: verdict.signature, workspaceId: doc.workspaceId });
  await failDocument(ctx, doc, `Found infected by the virus scanner (${verdict.signature}); the file was deleted`);
  return "infected";
}

/** Says why a pending document waits (only when the detail changes: one event, not one per retry). */
async function markWaiting(ctx: AppContext, doc: Document, detail: string): Promise<void> {
  await withEvents(ctx, async ({ emit }) => {
    const rows = await ctx.db.document.updateManyAndReturn({ where: { id: doc.id, status: { in: ["pending", "extracting"] }, OR: [{ errorDetail: null }, { errorDetail: { not: detail } }] }, data: { errorDetail: detail.slice(0, 500) } });
    if (rows[0]) emitDocument(emit, "document.progress", null, doc.workspaceId, documentEventOf(rows[0]));
  });
}

/**
 * The failed path: status failed with the reason, the upload's encrypted copy removed, document.failed.
 * `onlyIf` narrows the update (the sweep fails only what is still abandoned when it writes).
 */
async function failDocument(ctx: AppContext, doc: Document, reason: string, onlyIf: Prisma.DocumentWhereInput = {}): Promise<"failed" | "skipped"> {
  const failed = await withEvents(ctx, async ({ emit }) => {
    const rows = await ctx.db.document.updateManyAndReturn({ where: { id: doc.id, ...onlyIf }, data: { status: "failed", errorDetail: reason.slice(0, 500), source: null, sourceKeyId: null, sourceStorageKey: null, version: { increment: 1 } } });
    if (rows[0]) emitDocument(emit, "document.failed", null, doc.workspaceId, documentEventOf(rows[0]));
    return rows.length > 0;
  });
  if (!failed) return "skipped";
  await removeSource(ctx, doc.sourceStorageKey);
  return "failed";
}

/**
 * Extracts a document's text (queue `files`): scanned first when CLAMAV_HOST
 * is set (infected → failed, nothing extracted), then pending → extracting
 * (progress) → ready, or failed with the reason (no text layer, too many
 * pages, timeout, unreadable). A failure the user can act on is final;
 * anything else (clamd or the database away) throws so the queue retries.
 */
export async function extractDocument(ctx: AppContext, documentId: string): Promise<"ready" | "failed" | "skipped"> {
  const doc = await ctx.db.document.findUnique({ where: { id: documentId } });
  if (!doc || doc.status === "ready" || doc.status === "failed") return "skipped";
  const bytes = await decryptSource(ctx, doc);
  if (!bytes) return "skipped";
  const scan = await scanSource(ctx, doc, bytes);
  if (scan === "infected") return "failed";
  if (scan === "too-large") return "skipped";
  let reported = -1;
  const progress = async (percent: number) => {
    if (percent - reported < 10 && percent < 100) return; // at most ten updates
    reported = percent;
    await withEvents(ctx, async ({ emit }) => {
      // errorDetail: a clean scan ends the wait for it.
      const rows = await ctx.db.document.updateManyAndReturn({ where: { id: doc.id, status: { in: ["pending", "extracting"] } }, data: { status: "extracting", progress: percent, errorDetail: null } });
      if (rows[0]) emitDocument(emit, "document.progress", null, doc.workspaceId, documentEventOf(rows[0]));
    });
  };
  await progress(0);
  try {
    const { text, pageCount } = await extractText(bytes, doc.mimeType, ctx.config, progress);
    await progress(90);
    return await inTransaction(ctx, async ({ tx, emit }) => {
      const current = await tx.document.findUnique({ where: { id: doc.id } });
      if (!current) return "skipped" as const; // deleted meanwhile
      const ready = await storeText(ctx, tx, current, text, pageCount);
      emitDocument(emit, "document.ready", null, ready.workspaceId, documentEventOf(ready));
      return "ready" as const;
    }).then(async (outcome) => {
      // The text is stored (encrypted): the upload's encrypted copy goes.
      await removeSource(ctx, doc.sourceStorageKey);
      return outcome;
    });
  } catch (err) {
    if (!(err instanceof ExtractionFailure)) throw err;
    logger.info("document extraction failed", { documentId, reason: err.message });
    return failDocument(ctx, doc, err.message);
  }
}

export const extractDocumentJob = (ctx: AppContext): JobDefinition<z.infer<typeof byId>> =>
  defineJob({
    name: "documents.extract",
    queue: "files",
    schema: byId,
    // As the attachments' scan: clamd restarts take a minute or two, and 5 s doubling over 8 tries waits about 10 minutes.
    attempts: 8,
    backoffMs: 5000,
    perform: ({ documentId }) => extractDocument(ctx, documentId),
  });

const extractJobId = (documentId: string) => `extract-${documentId}`;

export const enqueueExtraction = (ctx: AppContext, documentId: string) => ctx.jobs.enqueue(extractDocumentJob(ctx), { documentId }, { jobId: extractJobId(documentId) });

/** Work that should have started long ago: its job was lost (an in-process queue restarted) or used up its tries. */
const STUCK_AFTER_MS = 15 * 60_000;

/** What the sweep says of an extraction that stopped: by then no try of it can still be running (DOCUMENT_EXTRACT_TIMEOUT_MS is at most 10 minutes). */
export const EXTRACTION_ABANDONED = "The extraction stopped before it finished (the server restarted during it, or its tries ran out). Upload the file again.";

/**
 * Queues again the documents still pending a quarter of an hour after the
 * upload: waiting for a virus scan whose tries ran out while clamd was down,
 * too large for clamd, or their job lost. Extraction has not begun for them
 * (it sets "extracting"), so a file that crashes the extractor is not retried
 * hourly. The job id carries the hour: each sweep queues at most one more try.
 *
 * A document left "extracting" for as long (its last progress a quarter of an
 * hour ago: an in-process queue lost its job in a restart, or its tries ran out
 * on errors that were not the file's) is failed with a reason the uploader can
 * act on, rather than shown "Extracting n %" for good or retried forever.
 */
export async function requeueStuckDocuments(ctx: AppContext): Promise<{ documents: number; abandoned: number }> {
  const before = new Date(ctx.now().getTime() - STUCK_AFTER_MS);
  const hour = Math.floor(ctx.now().getTime() / HOUR);
  const stuck = await ctx.db.document.findMany({ where: { status: "pending", createdAt: { lt: before } }, select: { id: true }, take: 500 });
  for (const { id } of stuck) await ctx.jobs.enqueue(extractDocumentJob(ctx), { documentId: id }, { jobId: `${extractJobId(id)}-${hour}` });
  const stopped = { status: "extracting", updatedAt: { lt: before } } satisfies Prisma.DocumentWhereInput;
  let abandoned = 0;
  for (const doc of await ctx.db.document.findMany({ where: stopped, take: 500 })) {
    if ((await failDocument(ctx, doc, EXTRACTION_ABANDONED, stopped)) === "failed") abandoned++;
  }
  if (abandoned) logger.warn("documents: extractions that stopped were failed", { abandoned });
  return { documents: stuck.length, abandoned };
}

export const requeueStuckDocumentsJob = (ctx: AppContext) =>
  defineJob({ name: "documents.requeue-stuck", queue: "files", schema: z.object({}).strict(), perform: () => requeueStuckDocuments(ctx) });

export const documentJobs = (ctx: AppContext) => [extractDocumentJob(ctx), requeueStuckDocumentsJob(ctx)];

/** Recurring document jobs (the requeue of stuck ones, hourly). */
export async function scheduleDocumentJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.schedule(requeueStuckDocumentsJob(ctx), {}, HOUR);
}
