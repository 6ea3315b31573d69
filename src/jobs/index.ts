import { BullMqJobQueue } from "./bullmq.driver";
import { InProcessJobQueue } from "./in-process.driver";
import type { JobDefinition, JobQueue } from "./job";

export * from "./job";
export { BullMqJobQueue, InProcessJobQueue };

/** BullMQ when Redis is configured, in-process otherwise; callers see the same JobQueue. */
export function createJobQueue(redisUrl: string | undefined, jobs: JobDefinition<any>[] = [], prefix?: string): JobQueue { // eslint-disable-line @typescript-eslint/no-explicit-any
  return redisUrl ? new BullMqJobQueue(redisUrl, jobs, prefix) : new InProcessJobQueue(jobs);
}
