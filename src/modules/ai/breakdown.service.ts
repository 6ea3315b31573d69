import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { inTransaction } from "../../events/unit-of-work";
import type { AppContext } from "../../http/context";
import { AppError, conflict } from "../../lib/errors";
import { canUpdateTask, createSubtasksIn, loadTask, type NewSubtask } from "../tasks";
import { fromMicros, monthOf } from "./ai.budget";
import { canUseAi } from "./ai.policy";
import { requireAi } from "./ai.service";
import { failLostJobs, getJob, type BreakdownResult } from "./ai-jobs";
import { BREAKDOWN_KIND, breakdownJob } from "./breakdown.jobs";
import type { ApplyInput, Suggestion } from "./breakdown.schema";

/**
 * 429 AI_BUDGET_EXCEEDED before anything is queued when the workspace's budget
 * for this month is already spent (two primary-key reads). A budget that is
 * nearly spent is left to the reservation inside aiChat, which fails the job.
 */
async function refuseSpentBudget(ctx: AppContext, workspaceId: string): Promise<void> {
  const month = monthOf(ctx.now());
  const budget = await ctx.db.aiBudget.findUnique({ where: { workspaceId } });
  if (!budget) return;
  const state = await ctx.db.aiBudgetMonth.findUnique({ where: { workspaceId_month: { workspaceId, month } } });
  const spent = state?.spentMicros ?? 0n;
  if (spent < budget.amountMicros) return;
  const [s, a] = [fromMicros(spent), fromMicros(budget.amountMicros)];
  throw new AppError("AI_BUDGET_EXCEEDED", `This workspace's AI budget for ${month} is spent (${s.toFixed(2)} of ${a.toFixed(2)} ${budget.currency}). An owner can raise it in the workspace settings.`, undefined, {
    budget: { amount: a, currency: budget.currency, spent: s, month },
  });
}

/** A task the caller may change and use AI on; 404 for tasks they cannot see, 403 for roles that may not. */
async function breakdownTarget(ctx: AppContext, userId: string, taskId: string) {
  const access = await loadTask(ctx, userId, taskId);
  enforce(canUpdateTask(access.role), roleDenies(access.role, "changing tasks"));
  const role = await requireMembership(ctx.db, access.task.workspaceId, userId);
  enforce(canUseAi(role), roleDenies(role, "using AI features"));
  return access;
}

/**
 * Queues a breakdown of the task on queue `ai` and answers its job id. While
 * the caller's breakdown of this task is queued or running, asking again
 * answers the same job (checked under a lock per task and user).
 */
export async function startBreakdown(ctx: AppContext, userId: string, taskId: string): Promise<{ jobId: string }> {
  requireAi(ctx);
  const { task } = await breakdownTarget(ctx, userId, taskId);
  await refuseSpentBudget(ctx, task.workspaceId);
  const { id, isNew } = await inTransaction(ctx, async ({ tx }) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ai-breakdown:${taskId}:${userId}`}, 0))`;
    // A job that has not moved for JOB_STALE_MS was lost (a restart under the in-process queue): failed, so it blocks no new one.
    const active = { taskId, userId, kind: BREAKDOWN_KIND, state: { in: ["queued" as const, "running" as const] } };
    await failLostJobs(tx, ctx.now(), { taskId, userId, kind: BREAKDOWN_KIND });
    const running = await tx.aiJob.findFirst({ where: active, select: { id: true } });
    if (running) return { id: running.id, isNew: false };
    const job = await tx.aiJob.create({ data: { workspaceId: task.workspaceId, userId, taskId, kind: BREAKDOWN_KIND }, select: { id: true } });
    return { id: job.id, isNew: true };
  });
  if (isNew) {
    try {
      await ctx.jobs.enqueue(breakdownJob(ctx), { jobId: id }, { jobId: `ai-breakdown-${id}` });
    } catch (err) {
      await ctx.db.aiJob.update({ where: { id }, data: { state: "failed", errorCode: "INTERNAL_ERROR", error: "The job could not be queued; try again." } });
      throw err;
    }
  }
  return { jobId: id };
}

const invalid = (field: string, message: string, summary = "Invalid selection of suggestions; nothing was created.") => new AppError("VALIDATION_ERROR", summary, [{ field, message }]);

/** The suggestion as a subtask: its estimate and the model's confidence go in the description (tasks have no hours field). */
function toSubtask(s: Suggestion, edit: { title?: string; estimatedHours?: number } | undefined): NewSubtask {
  const hours = edit?.estimatedHours ?? s.estimatedHours;
  const note = `Estimate: ${hours} h (suggested by AI, confidence ${Math.round(s.confidence * 100)} %)`;
  return { title: edit?.title ?? s.title, description: s.description.trim() ? `${s.description.trim()}\n\n${note}` : note };
}

/**
 * Creates the chosen suggestions of the caller's completed breakdown of this
 * task as its subtasks, in one transaction with the job's "applied" mark:
 * a job is applied once (409 after), and bad indices change nothing (400).
 */
export async function applyBreakdown(ctx: AppContext, userId: string, taskId: string, input: ApplyInput) {
  const job = await getJob(ctx, userId, input.jobId);
  const { task } = await breakdownTarget(ctx, userId, taskId);
  if (job.kind !== BREAKDOWN_KIND || job.taskId !== taskId) throw invalid("jobId", "is not a breakdown of this task", "That job is not a breakdown of this task; nothing was created.");
  if (job.state !== "completed") throw conflict(`The breakdown is ${job.state}${job.state === "failed" ? ` (${job.error ?? "no reason recorded"})` : ""}: only a completed one can be applied.`);
  if (job.appliedAt) throw conflict(`This breakdown was already applied at ${job.appliedAt.toISOString()}; start a new one to add more subtasks.`);
  const suggestions = (job.result as unknown as BreakdownResult).subtasks;
  const outOfRange = input.indices.findIndex((i) => i >= suggestions.length);
  if (outOfRange >= 0) throw invalid(`indices.${outOfRange}`, `must be below ${suggestions.length} (the breakdown has ${suggestions.length} suggestions)`);
  const stray = Object.keys(input.edits ?? {}).find((k) => !input.indices.includes(Number(k)));
  if (stray !== undefined) throw invalid(`edits.${stray}`, "edits a suggestion that is not chosen in indices");
  const items = input.indices.map((i) => toSubtask(suggestions[i]!, input.edits?.[String(i)]));
  return inTransaction(ctx, async (unit) => {
    const claimed = await unit.tx.aiJob.updateMany({ where: { id: job.id, appliedAt: null }, data: { appliedAt: ctx.now() } });
    if (claimed.count === 0) throw conflict("This breakdown was already applied; start a new one to add more subtasks.");
    return createSubtasksIn(unit, userId, task, items);
  });
}
