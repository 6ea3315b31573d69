import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { Prisma } from "../../db/client";
import type { AppContext } from "../../http/context";
import { AppError } from "../../lib/errors";
import { monthOf } from "./ai.budget";
import { canSeeAiUsage, canSetAiBudget } from "./ai.policy";
import { presentBudget, presentGroup, type GroupRow, type PresentedBudget, type PresentedUsage } from "./ai.presenter";
import type { BudgetInput } from "./ai.schema";

const monthRange = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
};

/** Usage rows of the workspace in [from, to) summed by `key` (a fixed SQL expression of this file). */
function grouped(ctx: AppContext, workspaceId: string, from: Date, to: Date, key: Prisma.Sql, extra: Prisma.Sql = Prisma.sql`NULL::text`) {
  return ctx.db.$queryRaw<GroupRow[]>`
    SELECT ${key} AS key, ${extra} AS extra,
      count(*)::int AS calls,
      (count(*) FILTER (WHERE u.cache_hit))::int AS "cacheHits",
      (count(*) FILTER (WHERE u.fallback))::int AS "fallbackCalls",
      (count(*) FILTER (WHERE u.estimated))::int AS "estimatedCalls",
      (count(*) FILTER (WHERE NOT u.priced AND NOT u.cache_hit))::int AS "unpricedCalls",
      coalesce(sum(u.input_tokens), 0)::bigint AS "inputTokens",
      coalesce(sum(u.output_tokens), 0)::bigint AS "outputTokens",
      coalesce(sum(u.cost_micros), 0)::bigint AS "costMicros"
    FROM ai_usage u
    LEFT JOIN users us ON us.id = u.user_id
    WHERE u.workspace_id = ${workspaceId}::uuid AND u.created_at >= ${from} AND u.created_at < ${to}
    GROUP BY 1
    ORDER BY 1`;
}

async function budgetState(ctx: AppContext, workspaceId: string, month: string): Promise<PresentedBudget> {
  const [budget, state] = await Promise.all([ctx.db.aiBudget.findUnique({ where: { workspaceId } }), ctx.db.aiBudgetMonth.findUnique({ where: { workspaceId_month: { workspaceId, month } } })]);
  return presentBudget(month, ctx.config.AI_CURRENCY, budget, state);
}

/** This month's (or `month`'s) AI usage of the workspace: totals, per day, feature, model and user, and the budget. */
export async function usageReport(ctx: AppContext, userId: string, workspaceId: string, month?: string): Promise<PresentedUsage> {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canSeeAiUsage(role), roleDenies(role, "seeing AI usage"));
  const m = month ?? monthOf(ctx.now());
  const { from, to } = monthRange(m);
  const [totals, days, features, models, users, budget] = await Promise.all([
    grouped(ctx, workspaceId, from, to, Prisma.sql`'all'`),
    grouped(ctx, workspaceId, from, to, Prisma.sql`to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`),
    grouped(ctx, workspaceId, from, to, Prisma.sql`u.feature`),
    grouped(ctx, workspaceId, from, to, Prisma.sql`u.provider || ' ' || u.model`, Prisma.sql`bool_and(u.priced OR u.cache_hit)::text`),
    grouped(ctx, workspaceId, from, to, Prisma.sql`coalesce(u.user_id::text, '')`, Prisma.sql`coalesce(min(us.name), 'Deleted user')`),
    budgetState(ctx, workspaceId, m),
  ]);
  const empty = presentGroup({ key: "all", extra: null, calls: 0, cacheHits: 0, fallbackCalls: 0, estimatedCalls: 0, unpricedCalls: 0, inputTokens: 0n, outputTokens: 0n, costMicros: 0n });
  return {
    month: m,
    currency: ctx.config.AI_CURRENCY,
    totals: totals[0] ? presentGroup(totals[0]) : empty,
    perDay: days.map((r) => ({ day: r.key, ...presentGroup(r) })),
    perFeature: features.map((r) => ({ feature: r.key, ...presentGroup(r) })),
    perModel: models.map((r) => {
      const [provider, ...model] = r.key.split(" ");
      return { provider: provider!, model: model.join(" "), priced: r.extra === "true", ...presentGroup(r) };
    }),
    perUser: users.map((r) => ({ userId: r.key || null, name: r.extra ?? "Deleted user", ...presentGroup(r) })),
    budget,
  };
}

/** Sets (or with `amount: null` removes) the workspace's monthly AI budget: owners only. */
export async function setBudget(ctx: AppContext, userId: string, workspaceId: string, input: BudgetInput): Promise<PresentedBudget> {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canSetAiBudget(role), roleDenies(role, "setting the AI budget"));
  const currency = input.currency ?? ctx.config.AI_CURRENCY;
  if (currency !== ctx.config.AI_CURRENCY) {
    throw new AppError("VALIDATION_ERROR", `Budgets are in ${ctx.config.AI_CURRENCY}, the currency of the price table (AI_CURRENCY)`, [{ field: "currency", message: `must be ${ctx.config.AI_CURRENCY}` }]);
  }
  if (input.amount === null) {
    await ctx.db.aiBudget.deleteMany({ where: { workspaceId } });
  } else {
    const amountMicros = BigInt(Math.round(input.amount * 1_000_000));
    await ctx.db.aiBudget.upsert({ where: { workspaceId }, create: { workspaceId, amountMicros, currency, updatedById: userId }, update: { amountMicros, currency, updatedById: userId } });
  }
  return budgetState(ctx, workspaceId, monthOf(ctx.now()));
}
