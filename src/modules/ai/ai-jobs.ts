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

/** The state of the caller's AI job (GET /jobs/:id): another user's job is 404, like an unknown one. */
export async function getJob(ctx: AppContext, userId: string, jobId: string): Promise<AiJob> {
  const job = await ctx.db.aiJob.findUnique({ where: { id: jobId } });
  if (!job || job.userId !== userId) throw notFound("Job");
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
