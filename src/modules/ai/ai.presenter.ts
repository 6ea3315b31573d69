import type { AiBudget, AiBudgetMonth } from "../../generated/prisma/client";
import { fromMicros } from "./ai.budget";

/** One group of the usage report as SQL returns it. */
export interface GroupRow {
  key: string;
  extra: string | null;
  calls: number;
  cacheHits: number;
  fallbackCalls: number;
  estimatedCalls: number;
  unpricedCalls: number;
  inputTokens: bigint | number;
  outputTokens: bigint | number;
  costMicros: bigint | number;
}

export interface PresentedTotals {
  calls: number;
  cacheHits: number;
  fallbackCalls: number;
  estimatedCalls: number;
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** In the budget currency. */
  cost: number;
  costMicros: number;
}

export const presentGroup = (r: GroupRow): PresentedTotals => ({
  calls: r.calls,
  cacheHits: r.cacheHits,
  fallbackCalls: r.fallbackCalls,
  estimatedCalls: r.estimatedCalls,
  unpricedCalls: r.unpricedCalls,
  inputTokens: Number(r.inputTokens),
  outputTokens: Number(r.outputTokens),
  cost: fromMicros(r.costMicros),
  costMicros: Number(r.costMicros),
});

export interface PresentedBudget {
  month: string;
  /** null: no budget (calls are only rate-limited). */
  budget: { amount: number; currency: string } | null;
  /** Settled spend of the month and what running calls have reserved, in `currency`. */
  spent: number;
  reserved: number;
  remaining: number | null;
  currency: string;
  /** When the owners were told 80 % was spent. */
  warnedAt: string | null;
}

export function presentBudget(month: string, currency: string, budget: AiBudget | null, state: AiBudgetMonth | null): PresentedBudget {
  const spent = fromMicros(state?.spentMicros ?? 0n);
  const reserved = fromMicros(state?.reservedMicros ?? 0n);
  const amount = budget ? fromMicros(budget.amountMicros) : null;
  return {
    month,
    budget: budget && amount !== null ? { amount, currency: budget.currency } : null,
    spent,
    reserved,
    remaining: amount === null ? null : Math.max(0, amount - spent - reserved),
    currency,
    warnedAt: state?.warnedAt?.toISOString() ?? null,
  };
}

export interface PresentedUsage {
  month: string;
  currency: string;
  totals: PresentedTotals;
  perDay: Array<{ day: string } & PresentedTotals>;
  perFeature: Array<{ feature: string } & PresentedTotals>;
  perModel: Array<{ provider: string; model: string; priced: boolean } & PresentedTotals>;
  perUser: Array<{ userId: string | null; name: string } & PresentedTotals>;
  budget: PresentedBudget;
}
