import type { ZodType } from "zod";

/** Queues of SPEC §4.9 that exist so far. */
export const QUEUE_NAMES = ["email", "notifications", "maintenance", "analytics", "files", "ai", "webhooks"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobRunInfo {
  /** 1 on the first try. */
  attempt: number;
  jobId: string;
}

/**
 * A job: a name, the queue it runs on, a zod schema for its payload and the
 * function that performs it. The same definition runs under both drivers.
 */
export interface JobDefinition<T = unknown> {
  name: string;
  queue: QueueName;
  schema: ZodType<T>;
  perform: (payload: T, run: JobRunInfo) => Promise<unknown>;
  /** Tries in all, including the first (default 5). */
  attempts?: number;
  /** First retry delay; doubles on every retry (default 1000 ms). */
  backoffMs?: number;
}

export function defineJob<T>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}

export interface EnqueueOptions {
  delayMs?: number;
  /** Deduplicates: a job with the same id that is still waiting is not added twice. */
  jobId?: string;
}

export interface FailedJob {
  id: string;
  name: string;
  queue: QueueName;
  payload: unknown;
  error: string;
  attempts: number;
  failedAt: Date;
}

/** The one interface callers use; they cannot tell which driver is behind it. */
export interface JobQueue {
  readonly driver: "bullmq" | "in-process";
  /** Makes jobs known to this queue (their processors run here). */
  register(jobs: JobDefinition<any>[]): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Validates the payload (throws on invalid) and queues it. Resolves to the job id. */
  enqueue<T>(job: JobDefinition<T>, payload: T, options?: EnqueueOptions): Promise<string>;
  /** Runs `job` every `everyMs` (one schedule per job name across all instances). */
  schedule<T>(job: JobDefinition<T>, payload: T, everyMs: number): Promise<void>;
  /** Starts processing (worker role). Enqueueing works without it. */
  startWorkers(): Promise<void>;
  /** Jobs that used up their attempts, newest first. */
  failed(queue: QueueName, limit?: number): Promise<FailedJob[]>;
  /** Stops taking new jobs, waits for running ones, closes connections. */
  close(): Promise<void>;
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
