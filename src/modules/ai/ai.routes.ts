import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams } from "../../lib/zod";
import { aiStatus as aiStatusSchema, budget, budgetBody, usage, usageQuery } from "./ai.schema";
import { aiStatus } from "./ai-status";
import { setBudget, usageReport } from "./ai-usage";

const tags = ["AI"];

export function aiRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/ai/status",
      summary: "Which AI providers are configured (never their keys) and reachable (probed at most once a minute)",
      description: "Answers 200 with `configured: false` and a message naming the AI_* variables when no provider is configured.",
      tags,
      auth: "required",
      responses: { 200: { description: "Status", schema: envelope(aiStatusSchema) } },
      handler: async () => ok(await aiStatus(ctx)),
    }),
    defineRoute({
      method: "get",
      path: "/workspaces/:id/ai/usage",
      summary: "AI usage of a month: totals, per day, feature, model and user, and the budget (members)",
      description: "Usage is recorded whether or not a provider is configured now; the rows name the provider and model that answered.",
      tags,
      auth: "required",
      request: { params: idParams, query: usageQuery },
      responses: { 200: { description: "Usage", schema: envelope(usage) } },
      handler: async ({ auth, params, query }) => ok(await usageReport(ctx, auth.userId, params.id, query.month)),
    }),
    defineRoute({
      method: "put",
      path: "/workspaces/:id/ai/budget",
      summary: "Set the workspace's monthly AI budget, or remove it with amount null (owners)",
      tags,
      auth: "required",
      request: { params: idParams, body: budgetBody },
      responses: { 200: { description: "The budget and this month's spend", schema: envelope(budget) } },
      handler: async ({ auth, params, body }) => ok(await setBudget(ctx, auth.userId, params.id, body)),
    }),
  ];
}
