import { z } from "../../lib/zod";

export const usageQuery = z
  .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM").optional().openapi({ description: "YYYY-MM (UTC); default this month", example: "2026-12" }) })
  .strict();

export const budgetBody = z
  .object({
    amount: z.number().min(0.000001).max(1_000_000_000).nullable().openapi({ description: "Monthly budget in the currency; null removes it" }),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter currency code").optional().openapi({ description: "Must be the server's AI_CURRENCY (default USD)", example: "USD" }),
  })
  .strict();
export type BudgetInput = z.infer<typeof budgetBody>;

export const providerStatus = z.object({
  role: z.enum(["primary", "fallback"]),
  kind: z.enum(["openai", "openai-compatible", "anthropic"]),
  model: z.string(),
  baseUrl: z.string(),
  reachable: z.boolean().nullable(),
  checkedAt: z.string().nullable(),
  error: z.string().optional(),
});

export const aiStatus = z.object({ configured: z.boolean(), providers: z.array(providerStatus), message: z.string().optional() });

const totals = z.object({
  calls: z.number().int(),
  cacheHits: z.number().int(),
  fallbackCalls: z.number().int(),
  estimatedCalls: z.number().int(),
  unpricedCalls: z.number().int().openapi({ description: "Calls of models the price table does not know (counted at 0)" }),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cost: z.number(),
  costMicros: z.number().int(),
});

export const budget = z.object({
  month: z.string(),
  budget: z.object({ amount: z.number(), currency: z.string() }).nullable(),
  spent: z.number(),
  reserved: z.number(),
  remaining: z.number().nullable(),
  currency: z.string(),
  warnedAt: z.string().nullable(),
});

export const usage = z.object({
  month: z.string(),
  currency: z.string(),
  totals,
  perDay: z.array(totals.extend({ day: z.string() })),
  perFeature: z.array(totals.extend({ feature: z.string() })),
  perModel: z.array(totals.extend({ provider: z.string(), model: z.string(), priced: z.boolean() })),
  perUser: z.array(totals.extend({ userId: z.string().nullable(), name: z.string() })),
  budget,
});
