import type { AppContext } from "../../http/context";
import { defineJob } from "../../jobs/job";
import { z } from "../../lib/zod";
import { failLostJobs } from "./ai-jobs";

const DAY_MS = 86_400_000;

/**
 * Deletes the finished AI jobs (completed or failed, applied or not) that
 * have not changed for AI_JOB_RETENTION_DAYS: a breakdown's suggestions are
 * only useful until reviewed, and its usage and created subtasks live on in
 * their own tables. Unfinished jobs are never deleted; those lost for good
 * are first failed as JOB_LOST, and go once they are old enough.
 */
export async function pruneAiJobs(ctx: AppContext): Promise<{ lost: number; deleted: number }> {
  const now = ctx.now();
  const lost = await failLostJobs(ctx.db, now);
  const cutoff = new Date(now.getTime() - ctx.config.AI_JOB_RETENTION_DAYS * DAY_MS);
  const { count } = await ctx.db.aiJob.deleteMany({ where: { state: { in: ["completed", "failed"] }, updatedAt: { lt: cutoff } } });
  return { lost, deleted: count };
}

/** Maintenance, hourly: see pruneAiJobs. */
export const pruneAiJobsJob = (ctx: AppContext) =>
  defineJob({
    name: "ai.prune-jobs",
    queue: "maintenance",
    schema: z.object({}).strict(),
    perform: () => pruneAiJobs(ctx),
  });
