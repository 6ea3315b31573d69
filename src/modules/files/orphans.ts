import type { AppContext } from "../../http/context";
import { logger } from "../../lib/logger";
import type { AttachmentEntity } from "../../generated/prisma/client";

/** Rows and objects are looked at this many at a time. */
const BATCH = 500;

/** A stored object without a row is an upload that crashed only once it is this old (an upload takes seconds). */
export const STRAY_OBJECT_AGE_MS = 60 * 60_000;

/**
 * A deleted task can be restored (tasks.service `restoreTask`), so its files
 * stay while it is in the trash; once it has been deleted this long they go.
 */
export const TRASHED_TASK_GRACE_MS = 30 * 86400_000;

export interface SweepResult {
  /** Attachment rows whose task, comment, project or booking is gone (their bytes and thumbnails went too). */
  rows: number;
  /** Stored objects (files, thumbnails, half-written `.part` files) no row points at. */
  objects: number;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** The keys we write (keys.ts), and the local driver's temporary `<key>.<hex>.part`; anything else in the store is not ours. */
const FILE_KEY = new RegExp(`^${UUID}/${UUID}(\\.[0-9a-f]+\\.part)?$`);
const THUMBNAIL_KEY = new RegExp(`^thumbnails/${UUID}/${UUID}\\.webp(\\.[0-9a-f]+\\.part)?$`);

/**
 * The orphan sweep (hourly, job `files.sweep-orphans`):
 * 1. attachment rows whose entity is gone (a task deleted for good or in the
 *    trash for longer than the grace period, a deleted comment, project or
 *    booking) are deleted with their bytes and thumbnails, in batches;
 * 2. stored objects older than an hour that no row points at (an upload that
 *    crashed between storing and committing, a thumbnail of a deleted row,
 *    the files of a deleted workspace) are deleted.
 * Idempotent; a failure to delete bytes leaves them for the next run's second part.
 */
export async function sweepOrphans(ctx: AppContext, options: { trashGraceMs?: number; batchSize?: number } = {}): Promise<SweepResult> {
  const batchSize = options.batchSize ?? BATCH;
  const rows = await sweepRows(ctx, options.trashGraceMs ?? TRASHED_TASK_GRACE_MS, batchSize);
  const objects = await sweepObjects(ctx, batchSize);
  if (rows || objects) logger.info("orphan sweep", { rows, objects });
  return { rows, objects };
}

/** Of these entity ids, the ones that no longer exist (or, for tasks, are in the trash past the grace period). */
async function goneEntities(ctx: AppContext, type: AttachmentEntity, ids: string[], trashedBefore: Date): Promise<Set<string>> {
  if (!ids.length) return new Set();
  let live: string[];
  switch (type) {
    case "TASK":
      live = (await ctx.db.task.findMany({ where: { id: { in: ids }, OR: [{ deletedAt: null }, { deletedAt: { gte: trashedBefore } }] }, select: { id: true } })).map((r) => r.id);
      break;
    case "COMMENT":
      live = (await ctx.db.comment.findMany({ where: { id: { in: ids }, task: { OR: [{ deletedAt: null }, { deletedAt: { gte: trashedBefore } }] } }, select: { id: true } })).map((r) => r.id);
      break;
    case "PROJECT":
      live = (await ctx.db.project.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id);
      break;
    case "BOOKING":
      live = (await ctx.db.booking.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id);
      break;
  }
  const alive = new Set(live);
  return new Set(ids.filter((id) => !alive.has(id)));
}

async function deleteObjects(ctx: AppContext, keys: string[]): Promise<number> {
  let deleted = 0;
  for (const key of keys) {
    try {
      await ctx.storage.delete(key);
      deleted++;
    } catch (err) {
      logger.warn("orphan sweep: could not delete a stored object; the next sweep tries again", { key, err: (err as Error).message });
    }
  }
  return deleted;
}

async function sweepRows(ctx: AppContext, trashGraceMs: number, batchSize: number): Promise<number> {
  const trashedBefore = new Date(ctx.now().getTime() - trashGraceMs);
  let removed = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await ctx.db.attachment.findMany({
      select: { id: true, entityType: true, entityId: true, storageKey: true, thumbnailKey: true },
      orderBy: { id: "asc" },
      take: batchSize,
      // Keyset paging on id (not Prisma's cursor: the last row of a page may be deleted below).
      where: cursor ? { id: { gt: cursor } } : {},
    });
    if (!page.length) break;
    cursor = page[page.length - 1].id;
    const orphans: typeof page = [];
    for (const type of ["TASK", "COMMENT", "PROJECT", "BOOKING"] as const) {
      const ofType = page.filter((a) => a.entityType === type);
      const gone = await goneEntities(ctx, type, [...new Set(ofType.map((a) => a.entityId))], trashedBefore);
      orphans.push(...ofType.filter((a) => gone.has(a.entityId)));
    }
    if (orphans.length) {
      // The rows first: once they are gone nobody can download the bytes, and bytes left by a failure are swept as stray objects.
      const { count } = await ctx.db.attachment.deleteMany({ where: { id: { in: orphans.map((a) => a.id) } } });
      removed += count;
      await deleteObjects(ctx, orphans.flatMap((a) => [a.storageKey, ...(a.thumbnailKey ? [a.thumbnailKey] : [])]));
    }
    if (page.length < batchSize) break;
  }
  return removed;
}

async function sweepObjects(ctx: AppContext, batchSize: number): Promise<number> {
  const olderThan = ctx.now().getTime() - STRAY_OBJECT_AGE_MS;
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    const files = batch.filter((k) => FILE_KEY.test(k));
    const thumbnails = batch.filter((k) => THUMBNAIL_KEY.test(k));
    batch = [];
    const owned = await ctx.db.attachment.findMany({
      where: { OR: [{ storageKey: { in: files } }, { thumbnailKey: { in: thumbnails } }] },
      select: { storageKey: true, thumbnailKey: true },
    });
    // The AI documents' encrypted uploads waiting for extraction (documents.service uploadDocument) are owned too.
    const documents = files.length ? await ctx.db.document.findMany({ where: { sourceStorageKey: { in: files } }, select: { sourceStorageKey: true } }) : [];
    const kept = new Set([...owned.flatMap((a) => [a.storageKey, ...(a.thumbnailKey ? [a.thumbnailKey] : [])]), ...documents.map((d) => d.sourceStorageKey!)]);
    removed += await deleteObjects(ctx, [...files, ...thumbnails].filter((k) => !kept.has(k)));
  };
  // Every workspace's prefix and thumbnails/ — listed from the store, so the files of deleted workspaces are found too.
  for await (const object of ctx.storage.list("")) {
    if (object.modifiedAt.getTime() >= olderThan) continue;
    if (!FILE_KEY.test(object.key) && !THUMBNAIL_KEY.test(object.key)) continue;
    batch.push(object.key);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length) await flush();
  return removed;
}
