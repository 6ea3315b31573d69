import type { AiJob, Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { notFound } from "../../lib/errors";
import type { Suggestion } from "./breakdown.schema";

/** What a completed breakdown stores as its result. */
export interface BreakdownResult {
  subtasks: Suggestion[];
  provider: string;
  model: string;
  fallback: boolean;
  repaired: boolean;
}

/**
 * Longer than a job can take without reporting progress (a breakdown: two
 * calls, each within AI_TIMEOUT_MS with retries and a fallback). A queued or
 * running job that has not moved for this long was lost: a restart under the
 * in-process queue, or a worker that died.
 */
export const JOB_STALE_MS = 15 * 60_000;

export const JOB_LOST = { errorCode: "JOB_LOST", error: "The job stopped without finishing (the server restarted?); start a new one." } as const;

const unfinished = { state: { in: ["queued" as const, "running" as const] } };

/** Marks the unfinished jobs matching `where` that have not moved for JOB_STALE_MS as failed JOB_LOST; answers how many. */
export async function failLostJobs(db: Pick<AppContext["db"], "aiJob">, now: Date, where: Prisma.AiJobWhereInput = {}): Promise<number> {
  const { count } = await db.aiJob.updateMany({ where: { ...where, ...unfinished, updatedAt: { lt: new Date(now.getTime() - JOB_STALE_MS) } }, data: { state: "failed", ...JOB_LOST } });
  return count;
}

/**
 * The state of the caller's AI job (GET /jobs/:id): another user's job is 404,
 * like an unknown one. A lost job is reported failed (JOB_LOST) at once, so a
 * client polling it stops waiting.
 */
export async function getJob(ctx: AppContext, userId: string, jobId: string): Promise<AiJob> {
  const job = await ctx.db.aiJob.findUnique({ where: { id: jobId } });
  if (!job || job.userId !== userId) throw notFound("Job");
  if ((job.state === "queued" || job.state === "running") && (await failLostJobs(ctx.db, ctx.now(), { id: job.id }))) {
    return (await ctx.db.aiJob.findUnique({ where: { id: jobId } })) ?? job;
  }
  return job;
}

export const presentJob = (j: AiJob) => ({
  id: j.id,
  kind: j.kind,
  taskId: j.taskId,
  state: j.state,
  progress: j.progress,
  result: (j.result ?? null) as BreakdownResult | null,
  error: j.errorCode ? { code: j.errorCode, message: j.error ?? "" } : null,
  appliedAt: j.appliedAt?.toISOString() ?? null,
  createdAt: j.createdAt.toISOString(),
  updatedAt: j.updatedAt.toISOString(),
});

/** Running, at `progress` percent (only while not finished). */
export async function setProgress(ctx: AppContext, jobId: string, progress: number): Promise<void> {
  await ctx.db.aiJob.updateMany({ where: { id: jobId, state: { in: ["queued", "running"] } }, data: { state: "running", progress } });
}

/** Completed with `result`, or failed with `error`. */
export async function finishJob(ctx: AppContext, jobId: string, outcome: { result: BreakdownResult } | { error: { code: string; message: string } }): Promise<void> {
  const data = "result" in outcome ? { state: "completed" as const, progress: 100, result: outcome.result as unknown as Prisma.InputJsonValue } : { state: "failed" as const, errorCode: outcome.error.code, error: outcome.error.message };
  await ctx.db.aiJob.update({ where: { id: jobId }, data });
}
