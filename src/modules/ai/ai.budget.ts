import type { Prisma } from "../../db/client";
import type { Emitter } from "../../events/unit-of-work";
import type { AppContext } from "../../http/context";
import { AppError } from "../../lib/errors";
import "./ai.events";

/** YYYY-MM (UTC) of a time: the budget month. */
export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

export const fromMicros = (micros: bigint | number) => Number(micros) / 1_000_000;

/**
 * Reserves `estimateMicros` of the workspace's monthly budget before a call, in
 * one conditional UPDATE: it succeeds only while spent + reserved + estimate
 * stays within the budget (and something is left), so concurrent calls cannot
 * pass it together. No budget: nothing to reserve (returns 0). Refused: 429
 * AI_BUDGET_EXCEEDED, and nothing is sent to the provider.
 */
export async function reserveBudget(ctx: AppContext, workspaceId: string, month: string, estimateMicros: number): Promise<number> {
  const budget = await ctx.db.aiBudget.findUnique({ where: { workspaceId } });
  if (!budget) return 0;
  await ctx.db.$executeRaw`INSERT INTO ai_budget_months (workspace_id, month) VALUES (${workspaceId}::uuid, ${month}) ON CONFLICT DO NOTHING`;
  const estimate = BigInt(estimateMicros);
  const rows = await ctx.db.$queryRaw<Array<{ spent: bigint }>>`
    UPDATE ai_budget_months m SET reserved_micros = m.reserved_micros + ${estimate}
    FROM ai_budgets b
    WHERE b.workspace_id = m.workspace_id AND m.workspace_id = ${workspaceId}::uuid AND m.month = ${month}
      AND m.spent_micros + m.reserved_micros < b.amount_micros
      AND m.spent_micros + m.reserved_micros + ${estimate} <= b.amount_micros
    RETURNING m.spent_micros AS spent`;
  if (rows.length) return estimateMicros;
  const state = await ctx.db.aiBudgetMonth.findUnique({ where: { workspaceId_month: { workspaceId, month } } });
  const current = await ctx.db.aiBudget.findUnique({ where: { workspaceId } });
  if (!current) return 0; // removed meanwhile: no budget
  const spent = fromMicros(state?.spentMicros ?? 0n);
  const amount = fromMicros(current.amountMicros);
  const left = Math.max(0, amount - spent - fromMicros(state?.reservedMicros ?? 0n));
  const message =
    spent >= amount
      ? `This workspace's AI budget for ${month} is spent (${spent.toFixed(2)} of ${amount.toFixed(2)} ${current.currency}). An owner can raise it in the workspace settings.`
      : `This AI call could cost up to ${fromMicros(estimateMicros).toFixed(4)} ${current.currency}, more than is left of the workspace's budget for ${month} (${left.toFixed(4)} of ${amount.toFixed(2)} ${current.currency}, counting calls in progress). An owner can raise it in the workspace settings.`;
  throw new AppError("AI_BUDGET_EXCEEDED", message, undefined, { budget: { amount, currency: current.currency, spent, month } });
}

/**
 * Settles a call: its reservation is released and its real cost added to the
 * month's spend; the first time the spend reaches 80 % of the budget this month,
 * `ai.budget_warning` is emitted (its subscriber notifies the owners).
 */
export async function settleBudget(tx: Prisma.TransactionClient, emit: Emitter["emit"], workspaceId: string, month: string, reservedMicros: number, actualMicros: number): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO ai_budget_months (workspace_id, month, spent_micros) VALUES (${workspaceId}::uuid, ${month}, ${BigInt(actualMicros)})
    ON CONFLICT (workspace_id, month) DO UPDATE
      SET spent_micros = ai_budget_months.spent_micros + EXCLUDED.spent_micros,
          reserved_micros = GREATEST(ai_budget_months.reserved_micros - ${BigInt(reservedMicros)}, 0)`;
  const warned = await tx.$queryRaw<Array<{ spent: bigint; amount: bigint; currency: string }>>`
    UPDATE ai_budget_months m SET warned_at = now()
    FROM ai_budgets b
    WHERE b.workspace_id = m.workspace_id AND m.workspace_id = ${workspaceId}::uuid AND m.month = ${month}
      AND m.warned_at IS NULL AND b.amount_micros > 0 AND m.spent_micros * 5 >= b.amount_micros * 4
    RETURNING m.spent_micros AS spent, b.amount_micros AS amount, b.currency`;
  const w = warned[0];
  if (w) {
    emit({ type: "ai.budget_warning", workspaceId, actorId: null, rooms: [], data: { workspaceId, month, spent: fromMicros(w.spent), budget: fromMicros(w.amount), currency: w.currency } });
  }
}

/** Gives a reservation back without spending (the call failed or was stopped). */
export async function releaseBudget(ctx: AppContext, workspaceId: string, month: string, reservedMicros: number): Promise<void> {
  if (!reservedMicros) return;
  await ctx.db.$executeRaw`
    UPDATE ai_budget_months SET reserved_micros = GREATEST(reserved_micros - ${BigInt(reservedMicros)}, 0)
    WHERE workspace_id = ${workspaceId}::uuid AND month = ${month}`;
}
