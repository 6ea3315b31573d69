import crypto from "node:crypto";
import { logger } from "../lib/logger";
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type EnqueueOptions,
  type FailedJob,
  type JobDefinition,
  type JobQueue,
  type QueueName,
} from "./job";

const MAX_FAILED_KEPT = 500;

/**
 * Jobs in this process (no Redis): same retries, backoff and failed-job list
 * as BullMQ, but nothing survives a restart. Fine for trying TeamFlow and for
 * tiny teams; production uses Redis.
 */
export class InProcessJobQueue implements JobQueue {
  readonly driver = "in-process" as const;
  private running = new Set<Promise<void>>();
  private timers = new Set<NodeJS.Timeout>();
  private pending = new Map<string, true>();
  private failedJobs: FailedJob[] = [];
  private workersStarted = false;
  private backlog: Array<() => void> = [];
  private closed = false;
  private readonly jobs = new Map<string, JobDefinition<unknown>>();

  constructor(jobs: JobDefinition<any>[] = []) { // eslint-disable-line @typescript-eslint/no-explicit-any
    this.register(jobs);
  }

  register(jobs: JobDefinition<any>[]): void { // eslint-disable-line @typescript-eslint/no-explicit-any
    jobs.forEach((j) => this.jobs.set(j.name, j as JobDefinition<unknown>));
  }

  async enqueue<T>(job: JobDefinition<T>, payload: T, options: EnqueueOptions = {}): Promise<string> {
    const def = this.jobs.get(job.name);
    if (!def) throw new Error(`Unknown job "${job.name}": register it in src/jobs/registry.ts`);
    const data = job.schema.parse(payload);
    const id = options.jobId ?? crypto.randomUUID();
    if (options.jobId && this.pending.has(id)) return id;
    this.pending.set(id, true);
    this.later(() => this.attempt(def, data, id, 1), options.delayMs ?? 0);
    return id;
  }

  async schedule<T>(job: JobDefinition<T>, payload: T, everyMs: number): Promise<void> {
    const data = job.schema.parse(payload);
    if (this.closed) return;
    const timer = setInterval(() => void this.enqueue(job, data, { jobId: `repeat:${job.name}` }), everyMs);
    timer.unref();
    this.timers.add(timer);
  }

  async startWorkers(): Promise<void> {
    this.workersStarted = true;
    const backlog = this.backlog;
    this.backlog = [];
    backlog.forEach((run) => run());
  }

  async failed(queue: QueueName, limit = 50): Promise<FailedJob[]> {
    return this.failedJobs.filter((f) => f.queue === queue).slice(0, limit);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private later(run: () => void, delayMs: number) {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.workersStarted) run();
      else this.backlog.push(run);
    }, delayMs);
    this.timers.add(timer);
  }

  private attempt<T>(job: JobDefinition<T>, payload: T, id: string, attempt: number) {
    const work = (async () => {
      try {
        await job.perform(payload, { attempt, jobId: id });
        this.pending.delete(id);
      } catch (err) {
        const attempts = job.attempts ?? DEFAULT_ATTEMPTS;
        const message = err instanceof Error ? err.message : String(err);
        if (attempt < attempts && !this.closed) {
          const delay = (job.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** (attempt - 1);
          logger.warn("job failed; retrying", { job: job.name, jobId: id, attempt, delayMs: delay, err: message });
          this.later(() => this.attempt(job, payload, id, attempt + 1), delay);
        } else {
          this.pending.delete(id);
          logger.error("job failed permanently", { job: job.name, jobId: id, attempt, err: message });
          this.failedJobs.unshift({ id, name: job.name, queue: job.queue, payload, error: message, attempts: attempt, failedAt: new Date() });
          this.failedJobs.length = Math.min(this.failedJobs.length, MAX_FAILED_KEPT);
        }
      }
    })();
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}
