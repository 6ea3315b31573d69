import { createHash } from "node:crypto";
import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { inTransaction } from "../../events/unit-of-work";
import type { AppContext } from "../../http/context";
import { AppError } from "../../lib/errors";
import { logger } from "../../lib/logger";
import { monthOf, releaseBudget, reserveBudget, settleBudget } from "./ai.budget";
import { canUseAi } from "./ai.policy";
import { costMicros, priceOf } from "./ai.prices";
import { aiRuntime, cacheGet, cacheSet, takeAiCall } from "./ai.runtime";
import {
  chatWithFallback,
  estimateTokens,
  messagesText,
  ProviderError,
  streamWithFallback,
  type Answered,
  type ChatDelta,
  type ChatMessage,
  type ChatResult,
  type ChatTool,
  type ChatToolCall,
  type ChatUsage,
  type ConfiguredProviders,
} from "./providers";

/** The variables that configure AI, named in the 503 of every AI endpoint when none is set. */
export const AI_NOT_CONFIGURED_MESSAGE =
  "No AI provider is configured. Set AI_PROVIDER (openai | anthropic | openai-compatible) and AI_MODEL, plus AI_API_KEY (openai, anthropic) or AI_BASE_URL (openai-compatible: Ollama, vLLM, LM Studio); optionally a fallback with AI_FALLBACK_PROVIDER, AI_FALLBACK_MODEL, AI_FALLBACK_API_KEY, AI_FALLBACK_BASE_URL. Then restart TeamFlow.";

/** The configured providers, or 503 AI_NOT_CONFIGURED naming the AI_* variables: every AI endpoint calls it first. */
export function requireAi(ctx: AppContext): ConfiguredProviders {
  const providers = aiRuntime(ctx).providers;
  if (!providers) throw new AppError("AI_NOT_CONFIGURED", AI_NOT_CONFIGURED_MESSAGE);
  return providers;
}

export interface AiCallInput {
  workspaceId: string;
  /** The caller: a member of the workspace whose role allows ai:use. */
  userId: string;
  /** What the call is for, in the usage report (e.g. "task-breakdown"). */
  feature: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  json?: boolean;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Answer identical non-streaming requests from the cache (1 hour); default true. */
  cache?: boolean;
}

export interface AiAnswer {
  text: string;
  toolCalls: ChatToolCall[];
  usage: ChatUsage;
  /** The provider kind and model that actually answered. */
  provider: string;
  model: string;
  fallback: boolean;
  fallbackReason: string | null;
  cacheHit: boolean;
  costMicros: number;
  priced: boolean;
}

interface Accounted {
  providerKind: string;
  model: string;
  usage: ChatUsage;
  latencyMs: number;
  fallback: boolean;
  fallbackReason: string | null;
  cacheHit: boolean;
}

/** One usage row, the month's spend settled against the reservation (and the 80 % warning), in one transaction. */
async function record(ctx: AppContext, input: AiCallInput, month: string, reservedMicros: number, a: Accounted): Promise<{ costMicros: number; priced: boolean }> {
  const price = priceOf(aiRuntime(ctx).prices, a.model);
  const cost = a.cacheHit ? 0 : costMicros(price, a.usage.inputTokens, a.usage.outputTokens);
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.aiUsage.create({
      data: {
        workspaceId: input.workspaceId,
        userId: input.userId,
        feature: input.feature,
        provider: a.providerKind,
        model: a.model,
        inputTokens: a.usage.inputTokens,
        outputTokens: a.usage.outputTokens,
        estimated: a.usage.estimated,
        costMicros: BigInt(cost),
        priced: Boolean(price),
        latencyMs: a.latencyMs,
        fallback: a.fallback,
        fallbackReason: a.fallbackReason,
        cacheHit: a.cacheHit,
        createdAt: ctx.now(),
      },
    });
    if (!a.cacheHit || reservedMicros) await settleBudget(tx, emit, input.workspaceId, month, reservedMicros, cost);
  });
  return { costMicros: cost, priced: Boolean(price) };
}

/** Membership and the ai:use rule, then the hourly limit: what every AI call passes before anything is reserved or sent. */
async function admit(ctx: AppContext, input: AiCallInput): Promise<ConfiguredProviders> {
  const providers = requireAi(ctx);
  const role = await requireMembership(ctx.db, input.workspaceId, input.userId);
  enforce(canUseAi(role), roleDenies(role, "using AI features"));
  return providers;
}

async function rateLimit(ctx: AppContext, workspaceId: string): Promise<void> {
  const limit = ctx.config.AI_RATE_LIMIT_PER_HOUR;
  const retryAfter = await takeAiCall(ctx, workspaceId, limit);
  if (retryAfter !== undefined) {
    throw new AppError("RATE_LIMITED", `This workspace made its ${limit} AI calls of this hour. Try again in ${Math.ceil(retryAfter / 60)} minutes.`, undefined, { retryAfter });
  }
}

/** The most the call can cost: its input (estimated) and its output limit at the dearer of the two providers. */
function worstCaseMicros(ctx: AppContext, providers: ConfiguredProviders, input: AiCallInput): number {
  const runtime = aiRuntime(ctx);
  const inTokens = estimateTokens(messagesText(input.messages) + JSON.stringify(input.tools ?? []));
  const outTokens = input.maxTokens ?? ctx.config.AI_DEFAULT_MAX_TOKENS;
  return Math.max(...[providers.primary, providers.fallback].filter((p) => p !== undefined).map((p) => costMicros(priceOf(runtime.prices, p.model), inTokens, outTokens)));
}

function unavailable(err: unknown): AppError | ProviderError {
  if (err instanceof ProviderError && !err.aborted) {
    return new AppError("AI_UNAVAILABLE", `The AI provider did not answer: ${err.failures.map((f) => `${f.kind} (${f.model}): ${f.reason}`).join("; fallback ")}. Nothing was charged; try again later.`, undefined, { failures: err.failures });
  }
  return err as ProviderError;
}

const cacheKey = (providers: ConfiguredProviders, input: AiCallInput) =>
  createHash("sha256")
    .update(JSON.stringify([input.workspaceId, providers.primary.kind, providers.primary.model, providers.primary.baseUrl, input.messages, input.tools ?? null, Boolean(input.json), input.maxTokens ?? null]))
    .digest("hex");

/**
 * The one way a module calls a model without streaming: 503 when no provider is
 * configured, the caller's ai:use permission, the response cache (a hit costs
 * nothing and is recorded as one), the hourly limit (429 RATE_LIMITED), the
 * budget reservation (429 AI_BUDGET_EXCEEDED, nothing sent), the call with
 * retries and fallback (502 AI_UNAVAILABLE when both fail), and the usage row
 * naming the provider and model that answered.
 */
export async function aiChat(ctx: AppContext, input: AiCallInput): Promise<AiAnswer> {
  const providers = await admit(ctx, input);
  const month = monthOf(ctx.now());
  const useCache = input.cache !== false;
  const key = useCache ? cacheKey(providers, input) : "";
  if (useCache) {
    const hit = await cacheGet(ctx, key);
    if (hit) {
      const cached = JSON.parse(hit) as { result: ChatResult; provider: string };
      const usage = { inputTokens: 0, outputTokens: 0, estimated: false };
      const { priced } = await record(ctx, input, month, 0, { providerKind: cached.provider, model: cached.result.model, usage, latencyMs: 0, fallback: false, fallbackReason: null, cacheHit: true });
      return { ...cached.result, usage, provider: cached.provider, fallback: false, fallbackReason: null, cacheHit: true, costMicros: 0, priced };
    }
  }
  await rateLimit(ctx, input.workspaceId);
  const reserved = await reserveBudget(ctx, input.workspaceId, month, worstCaseMicros(ctx, providers, input));
  const started = Date.now();
  let answered: Awaited<ReturnType<typeof chatWithFallback>>;
  try {
    answered = await chatWithFallback(providers, { messages: input.messages, tools: input.tools, json: input.json, maxTokens: input.maxTokens, signal: input.signal });
  } catch (err) {
    await releaseBudget(ctx, input.workspaceId, month, reserved);
    throw unavailable(err);
  }
  const { result } = answered;
  const accounted = { providerKind: answered.provider.kind, model: result.model, usage: result.usage, latencyMs: Date.now() - started, fallback: answered.fallback, fallbackReason: answered.fallbackReason, cacheHit: false };
  const cost = await record(ctx, input, month, reserved, accounted).catch(async (err: unknown) => {
    await releaseBudget(ctx, input.workspaceId, month, reserved); // a reservation never outlives its call
    throw err;
  });
  if (useCache) await cacheSet(ctx, key, JSON.stringify({ result, provider: answered.provider.kind }));
  return { ...result, provider: answered.provider.kind, fallback: answered.fallback, fallbackReason: answered.fallbackReason, cacheHit: false, ...cost };
}

/** What aiStream yields: the provider's deltas, first which provider answers, last the accounted answer. */
export type AiStreamEvent = Exclude<ChatDelta, { type: "done" }> | { type: "provider"; provider: string; model: string; fallback: boolean; fallbackReason: string | null } | { type: "done"; answer: AiAnswer };

/**
 * The streaming variant of aiChat (never cached): the same checks and
 * reservation, deltas as they come, and the usage row at the end. A stream that
 * fails or is stopped after output began is recorded with estimated usage of
 * what was produced (the provider may bill it); before that, the reservation is
 * released.
 */
export async function* aiStream(ctx: AppContext, input: AiCallInput): AsyncGenerator<AiStreamEvent> {
  const providers = await admit(ctx, input);
  const month = monthOf(ctx.now());
  await rateLimit(ctx, input.workspaceId);
  const reserved = await reserveBudget(ctx, input.workspaceId, month, worstCaseMicros(ctx, providers, input));
  const started = Date.now();
  let answered: Answered | undefined;
  let produced = "";
  let settled = false;
  let announced = false;
  try {
    const deltas = streamWithFallback(providers, { messages: input.messages, tools: input.tools, json: input.json, maxTokens: input.maxTokens, signal: input.signal }, (a) => {
      answered = a;
    });
    for await (const delta of deltas) {
      if (delta.type === "done") {
        const a = answered!;
        const result = delta.result;
        const accounted = { providerKind: a.provider.kind, model: result.model, usage: result.usage, latencyMs: Date.now() - started, fallback: a.fallback, fallbackReason: a.fallbackReason, cacheHit: false };
        settled = true;
        const cost = await record(ctx, input, month, reserved, accounted);
        yield { type: "done", answer: { ...result, provider: a.provider.kind, fallback: a.fallback, fallbackReason: a.fallbackReason, cacheHit: false, ...cost } };
        return;
      }
      if (delta.type === "text") produced += delta.text;
      if (delta.type === "tool_call") produced += (delta.name ?? "") + delta.argumentsDelta;
      if (answered && !announced) {
        announced = true;
        yield { type: "provider", provider: answered.provider.kind, model: answered.provider.model, fallback: answered.fallback, fallbackReason: answered.fallbackReason };
      }
      yield delta;
    }
  } catch (err) {
    if (!settled) await settlePartial(ctx, input, month, reserved, answered, produced, started);
    settled = true;
    throw unavailable(err);
  } finally {
    // The consumer stopped reading (a closed connection): account for what was produced.
    if (!settled) await settlePartial(ctx, input, month, reserved, answered, produced, started);
  }
}

async function settlePartial(ctx: AppContext, input: AiCallInput, month: string, reserved: number, answered: Answered | undefined, produced: string, started: number) {
  try {
    if (!answered) return await releaseBudget(ctx, input.workspaceId, month, reserved);
    const usage = { inputTokens: estimateTokens(messagesText(input.messages)), outputTokens: estimateTokens(produced), estimated: true };
    await record(ctx, input, month, reserved, { providerKind: answered.provider.kind, model: answered.provider.model, usage, latencyMs: Date.now() - started, fallback: answered.fallback, fallbackReason: answered.fallbackReason, cacheHit: false });
  } catch (err) {
    logger.warn("ai: could not account for an interrupted stream", { err: (err as Error).message });
  }
}
