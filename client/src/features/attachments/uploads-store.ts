import type { QueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";
import { refreshAttachments, type Attachment, type AttachmentEntity, type UploadLimits } from "./attachments.api";
import { checkBeforeUpload, UploadError, uploadFile, type UploadHandle } from "./upload";

/**
 * Uploads in flight or failed, per entity, outside React: they go on when
 * the panel that started them unmounts (drawer closed, comment posted) and
 * show again wherever that entity's panel is open. One request per file, so
 * each has its own progress bar, Cancel and Retry.
 */

export interface UploadItem {
  key: string;
  entity: AttachmentEntity;
  file: File;
  /** 0..1 of the bytes sent. */
  progress: number;
  state: "uploading" | "processing" | "failed";
  error: UploadError | null;
}

interface Job extends UploadItem {
  handle: UploadHandle | null;
  limits: UploadLimits | null;
  taskId: string | null;
  queryClient: QueryClient;
  onDone?: (attachment: Attachment) => void;
}

const jobs = new Map<string, Job>();
const listeners = new Set<() => void>();
const snapshots = new Map<string, UploadItem[]>();
let counter = 0;

const entityKey = (e: AttachmentEntity) => `${e.type}:${e.id}`;

function changed(entity: AttachmentEntity) {
  snapshots.delete(entityKey(entity));
  for (const l of listeners) l();
}

function update(key: string, patch: Partial<Job>) {
  const job = jobs.get(key);
  if (!job) return;
  Object.assign(job, patch);
  changed(job.entity);
}

function run(job: Job) {
  const early = checkBeforeUpload(job.file, job.limits);
  if (early) {
    update(job.key, { state: "failed", error: early, progress: 0, handle: null });
    return;
  }
  update(job.key, { state: "uploading", error: null, progress: 0 });
  const handle = uploadFile(job.entity, job.file, {
    limits: job.limits,
    onProgress: (fraction) => update(job.key, { progress: fraction, state: fraction >= 1 ? "processing" : "uploading" }),
  });
  job.handle = handle;
  handle.done.then(
    async (attachment) => {
      job.onDone?.(attachment);
      // Keep the row until the list shows the new tile, so nothing jumps.
      await refreshAttachments(job.queryClient, job.entity, job.taskId).catch(() => undefined);
      jobs.delete(job.key);
      changed(job.entity);
    },
    (err: unknown) => {
      if (err instanceof UploadError && err.kind === "cancelled") {
        jobs.delete(job.key);
        changed(job.entity);
        return;
      }
      const error = err instanceof UploadError ? err : new UploadError("other", err instanceof Error ? err.message : "The upload failed.");
      update(job.key, { state: "failed", error, handle: null });
    },
  );
}

export interface StartOptions {
  queryClient: QueryClient;
  limits: UploadLimits | null;
  /** The task whose list also shows this entity's files (a comment's task), refreshed after the upload. */
  taskId?: string | null;
  /** Called with each stored attachment (e.g. to put a link into the text). */
  onDone?: (attachment: Attachment) => void;
}

/** Starts one upload per file; returns their keys. */
export function startUploads(entity: AttachmentEntity, files: readonly File[], options: StartOptions): string[] {
  return files.map((file) => {
    const key = `upload-${++counter}`;
    const job: Job = { key, entity, file, progress: 0, state: "uploading", error: null, handle: null, limits: options.limits, taskId: options.taskId ?? null, queryClient: options.queryClient, onDone: options.onDone };
    jobs.set(key, job);
    run(job);
    return key;
  });
}

/** Resolves with the stored attachment of one upload, or rejects with its UploadError (the failed row is not kept). */
export function uploadOne(entity: AttachmentEntity, file: File, options: Omit<StartOptions, "onDone">): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    let key = "";
    const stop = () => listeners.delete(watch);
    const watch = () => {
      const job = jobs.get(key);
      if (!job) {
        stop();
        reject(new UploadError("cancelled", "Cancelled"));
      } else if (job.state === "failed") {
        stop();
        jobs.delete(key);
        changed(entity);
        reject(job.error ?? new UploadError("other", "The upload failed."));
      }
    };
    [key = ""] = startUploads(entity, [file], {
      ...options,
      onDone: (attachment) => {
        stop();
        resolve(attachment);
      },
    });
    listeners.add(watch);
    watch();
  });
}

export function cancelUpload(key: string) {
  const job = jobs.get(key);
  if (!job) return;
  if (job.handle) job.handle.cancel();
  else {
    jobs.delete(key);
    changed(job.entity);
  }
}

export function retryUpload(key: string) {
  const job = jobs.get(key);
  if (job && job.state === "failed") run(job);
}

export function dismissUpload(key: string) {
  cancelUpload(key);
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

const EMPTY: UploadItem[] = [];

function snapshotOf(entity: AttachmentEntity): UploadItem[] {
  const k = entityKey(entity);
  let snap = snapshots.get(k);
  if (!snap) {
    snap = [...jobs.values()].filter((j) => entityKey(j.entity) === k).map(({ key, entity: e, file, progress, state, error }) => ({ key, entity: e, file, progress, state, error }));
    if (snap.length === 0) snap = EMPTY;
    snapshots.set(k, snap);
  }
  return snap;
}

/** The uploads of an entity, live. */
export function useUploads(entity: AttachmentEntity): UploadItem[] {
  const get = useCallback(() => snapshotOf(entity), [entity.type, entity.id]); // eslint-disable-line react-hooks/exhaustive-deps
  return useSyncExternalStore(subscribe, get);
}
