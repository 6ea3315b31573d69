import type { AppContext } from "../../http/context";
import { inTransaction, withEvents } from "../../events/unit-of-work";
import { defineJob, type JobDefinition } from "../../jobs/job";
import { logger } from "../../lib/logger";
import { uuid, z } from "../../lib/zod";
import { emitDocument } from "./documents.events";
import { documentEventOf } from "./documents.presenter";
import { decryptSource, removeSource, storeText } from "./documents.service";
import { ExtractionFailure, extractText } from "./extract";

const byId = z.object({ documentId: uuid }).strict();

/**
 * Extracts a document's text (queue `files`): pending → extracting (progress) →
 * ready, or failed with the reason (no text layer, too many pages, timeout,
 * unreadable). A failure the user can act on is final; anything else (the
 * database away) throws so the queue retries.
 */
export async function extractDocument(ctx: AppContext, documentId: string): Promise<"ready" | "failed" | "skipped"> {
  const doc = await ctx.db.document.findUnique({ where: { id: documentId } });
  if (!doc || doc.status === "ready" || doc.status === "failed") return "skipped";
  const bytes = await decryptSource(ctx, doc);
  if (!bytes) return "skipped";
  let reported = -1;
  const progress = async (percent: number) => {
    if (percent - reported < 10 && percent < 100) return; // at most ten updates
    reported = percent;
    await withEvents(ctx, async ({ emit }) => {
      const rows = await ctx.db.document.updateManyAndReturn({ where: { id: doc.id, status: { in: ["pending", "extracting"] } }, data: { status: "extracting", progress: percent } });
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
    return withEvents(ctx, async ({ emit }) => {
      const rows = await ctx.db.document.updateManyAndReturn({ where: { id: doc.id }, data: { status: "failed", errorDetail: err.message.slice(0, 500), source: null, sourceKeyId: null, sourceStorageKey: null, version: { increment: 1 } } });
      if (rows[0]) emitDocument(emit, "document.failed", null, doc.workspaceId, documentEventOf(rows[0]));
      return "failed" as const;
    }).then(async (outcome) => {
      await removeSource(ctx, doc.sourceStorageKey);
      return outcome;
    });
  }
}

export const extractDocumentJob = (ctx: AppContext): JobDefinition<z.infer<typeof byId>> =>
  defineJob({ name: "documents.extract", queue: "files", schema: byId, attempts: 3, perform: ({ documentId }) => extractDocument(ctx, documentId) });

export const documentJobs = (ctx: AppContext) => [extractDocumentJob(ctx)];

export const enqueueExtraction = (ctx: AppContext, documentId: string) => ctx.jobs.enqueue(extractDocumentJob(ctx), { documentId }, { jobId: `extract-${documentId}` });
