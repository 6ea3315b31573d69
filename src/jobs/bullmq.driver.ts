import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { logger } from "../lib/logger";
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  QUEUE_NAMES,
  type EnqueueOptions,
  type FailedJob,
  type JobDefinition,
  type JobQueue,
  type QueueName,
} from "./job";

/** How long close() still waits for BullMQ once no job runs here any more. */
const CLOSE_GRACE_MS = 2000;

/**
 * BullMQ in Redis: jobs survive restarts and crashes (a job whose worker died is
 * picked up again when its lock expires), failed jobs are kept for inspection.
 */
export class BullMqJobQueue implements JobQueue {
  readonly driver = "bullmq" as const;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];
  private readonly jobs = new Map<string, JobDefinition<unknown>>();
  private readonly performing = new Set<Promise<unknown>>();

  constructor(
    private readonly redisUrl: string,
    jobs: JobDefinition<any>[] = [], // eslint-disable-line @typescript-eslint/no-explicit-any
    private readonly prefix = "tf:bull",
    private readonly concurrency = 5,
    /** How long a worker's claim on a job lasts without renewal; a crashed worker's job is retried after it. */
    private readonly lockDuration = 30_000,
  ) {
    this.register(jobs);
  }

  register(jobs: JobDefinition<any>[]): void { // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const job of jobs) this.jobs.set(job.name, job as JobDefinition<unknown>);
  }

  private connection() {
    // BullMQ needs maxRetriesPerRequest: null so blocking commands wait out a Redis restart.
    const c = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    c.on("error", (err) => logger.warn("job queue redis error", { err: err.message }));
    this.connections.push(c);
    return c;
  }

  /** The BullMQ queues, e.g. for Bull Board. */
  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection(), prefix: this.prefix });
      // Its connection's errors again (logged by connection()); without a listener BullMQ prints each to stderr.
      q.on("error", (err) => logger.debug("job queue error", { queue: name, err: err.message }));
      this.queues.set(name, q);
    }
    return q;
  }

  allQueues(): Queue[] {
    return QUEUE_NAMES.map((n) => this.queue(n));
  }

  private options(job: JobDefinition<unknown>) {
    return {
      attempts: job.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: "exponential" as const, delay: job.backoffMs ?? DEFAULT_BACKOFF_MS },
      removeOnComplete: { count: 1000, age: 7 * 86400 },
      removeOnFail: false, // kept for inspection
    };
  }

  private definition(name: string): JobDefinition<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`Unknown job "${name}": register it in src/jobs/registry.ts`);
    return job;
  }

  /**
   * While Redis is down the add waits in the connection's offline queue and goes in when Redis is
   * back (tests/resilience): nothing is lost unless this process ends first. Modules enqueue from
   * event subscribers, after the response, so no request waits for it.
   */
  async enqueue<T>(job: JobDefinition<T>, payload: T, options: EnqueueOptions = {}): Promise<string> {
    const def = this.definition(job.name);
    const data = job.schema.parse(payload);
    const added = await this.queue(job.queue).add(job.name, data, { ...this.options(def), delay: options.delayMs, jobId: options.jobId });
    return added.id!;
  }

  async schedule<T>(job: JobDefinition<T>, payload: T, everyMs: number): Promise<void> {
    const def = this.definition(job.name);
    await this.queue(job.queue).upsertJobScheduler(job.name, { every: everyMs }, { name: job.name, data: job.schema.parse(payload), opts: this.options(def) });
  }

  async startWorkers(): Promise<void> {
    for (const name of QUEUE_NAMES) {
      const worker = new Worker(
        name,
        async (job: Job) => {
          const def = this.definition(job.name);
          return this.track(def.perform(def.schema.parse(job.data), { attempt: job.attemptsMade + 1, jobId: job.id! }));
        },
        { connection: this.connection(), prefix: this.prefix, concurrency: this.concurrency, lockDuration: this.lockDuration, stalledInterval: this.lockDuration },
      );
      worker.on("failed", (job, err) =>
        logger.warn("job failed", { queue: name, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }),
      );
      worker.on("error", (err) => logger.warn("job worker error", { queue: name, err: err.message }));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  async failed(queue: QueueName, limit = 50): Promise<FailedJob[]> {
    const jobs = await this.queue(queue).getFailed(0, limit - 1);
    return jobs.map((j) => ({
      id: j.id!,
      name: j.name,
      queue,
      payload: j.data,
      error: j.failedReason,
      attempts: j.attemptsMade,
      failedAt: new Date(j.finishedOn ?? j.timestamp),
    }));
  }

  /** Jobs this process is performing, so that close() knows when they are done even if BullMQ cannot say. */
  private track<R>(work: Promise<R>): Promise<R> {
    this.performing.add(work);
    const done = () => void this.performing.delete(work);
    work.then(done, done);
    return work;
  }

  async close(): Promise<void> {
    // Workers finish the jobs they hold before closing. BullMQ's graceful close also waits for its
    // blocking connection to end, which ioredis never reports while that connection is reconnecting
    // (Redis down, or back for less than a second): shutdown then hung until the process was killed
    // (tests/resilience). So once this process performs no job any more, it waits a moment and goes on.
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const closed = Promise.all(this.workers.map((w) => w.close())).finally(() => (done = true));
    const idle = (async () => {
      while (this.performing.size) await Promise.allSettled([...this.performing]);
      if (!done) await new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
      return "stuck" as const;
    })();
    const outcome = await Promise.race([closed, idle]);
    clearTimeout(timer);
    if (outcome === "stuck") logger.warn("job workers did not close (Redis unreachable?); closing their connections");
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    // QUIT would wait for Redis: a connection that is not connected just ends.
    await Promise.all(this.connections.map((c) => (c.status === "ready" ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
  }
}
