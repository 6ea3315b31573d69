import type { Config } from "../../../config/env";
import { AnthropicProvider } from "./anthropic";
import { MalformedResponseError, OpenAiProvider } from "./openai";
import type { AiProvider, ChatDelta, ChatRequest, ChatResult, ProviderKind } from "./provider";

export type { AiProvider, ChatDelta, ChatMessage, ChatRequest, ChatResult, ChatTool, ChatToolCall, ChatUsage, ProviderKind } from "./provider";
export { estimateTokens, messagesText } from "./provider";

export interface ConfiguredProviders {
  primary: AiProvider;
  fallback?: AiProvider;
}

/** The providers the AI_* variables configure (validated by config/env.ts), or undefined when AI_PROVIDER is unset. */
export function providersFromConfig(config: Config): ConfiguredProviders | undefined {
  if (!config.AI_PROVIDER || !config.AI_MODEL) return undefined;
  const make = (kind: ProviderKind, model: string, baseUrl?: string, apiKey?: string): AiProvider => {
    const settings = { kind, model, baseUrl, apiKey, timeoutMs: config.AI_TIMEOUT_MS, maxRetries: config.AI_MAX_RETRIES };
    return kind === "anthropic" ? new AnthropicProvider(settings) : new OpenAiProvider(settings);
  };
  const primary = make(config.AI_PROVIDER, config.AI_MODEL, config.AI_BASE_URL, config.AI_API_KEY);
  const fallback = config.AI_FALLBACK_PROVIDER && config.AI_FALLBACK_MODEL ? make(config.AI_FALLBACK_PROVIDER, config.AI_FALLBACK_MODEL, config.AI_FALLBACK_BASE_URL, config.AI_FALLBACK_API_KEY) : undefined;
  return { primary, fallback };
}

/** Why a provider call failed, and whether the fallback should be tried (429, 5xx, timeouts, refused connections, malformed answers; not 4xx). */
export interface ProviderFailure {
  reason: string;
  fallback: boolean;
  aborted: boolean;
  status?: number;
}

/**
 * `elapsedMs` / `timeoutMs`: how long the failed attempt took and the provider's
 * timeout; a connection error at the timeout is the timeout (the SDKs report
 * their own timeout as a plain connection error when the runtime's abort error
 * is not the one they expect).
 */
export function classifyFailure(err: unknown, signal?: AbortSignal, elapsedMs = 0, timeoutMs = Infinity): ProviderFailure {
  const e = err as { name?: string; status?: number; message?: string; cause?: { code?: string; cause?: { code?: string } } };
  const name = e?.constructor?.name ?? e?.name ?? "";
  if (signal?.aborted || name === "APIUserAbortError" || e?.name === "AbortError") return { reason: "aborted", fallback: false, aborted: true };
  if (name === "APIConnectionTimeoutError") return { reason: "timeout", fallback: true, aborted: false };
  if (name === "APIConnectionError") {
    const code = e.cause?.code ?? e.cause?.cause?.code;
    if (code !== "ECONNREFUSED" && elapsedMs >= timeoutMs) return { reason: "timeout", fallback: true, aborted: false };
    return { reason: code === "ECONNREFUSED" ? "connection refused" : `connection failed${code ? ` (${code})` : ""}`, fallback: true, aborted: false };
  }
  if (typeof e?.status === "number") {
    if (e.status === 429) return { reason: "429 rate limited", fallback: true, aborted: false, status: 429 };
    if (e.status >= 500) return { reason: `${e.status} server error`, fallback: true, aborted: false, status: e.status };
    if (e.status === 408) return { reason: "408 timeout", fallback: true, aborted: false, status: 408 };
    return { reason: `${e.status} ${(e.message ?? "refused").slice(0, 200)}`, fallback: false, aborted: false, status: e.status };
  }
  // A 200 whose body is not JSON or not a completion: the server is broken, like a 5xx.
  if (err instanceof MalformedResponseError || e?.name === "SyntaxError") return { reason: "malformed response", fallback: true, aborted: false };
  return { reason: (e?.message ?? String(err)).slice(0, 200), fallback: false, aborted: false };
}

/** Which provider answered, and why the primary did not when the fallback did. */
export interface Answered {
  provider: AiProvider;
  fallback: boolean;
  fallbackReason: string | null;
}

/** A provider call that failed for good (after retries and the fallback). */
export class ProviderError extends Error {
  constructor(
    readonly failures: { kind: ProviderKind; model: string; reason: string }[],
    readonly aborted: boolean,
  ) {
    super(aborted ? "The AI call was stopped" : `The AI provider failed: ${failures.map((f) => `${f.kind} ${f.model}: ${f.reason}`).join("; then ")}`);
    this.name = "ProviderError";
  }
}

/** Calls the primary; on a failure that warrants it, the fallback. */
export async function chatWithFallback(providers: ConfiguredProviders, request: ChatRequest): Promise<{ result: ChatResult } & Answered> {
  let started = Date.now();
  try {
    return { result: await providers.primary.chat(request), provider: providers.primary, fallback: false, fallbackReason: null };
  } catch (err) {
    const failure = classifyFailure(err, request.signal, Date.now() - started, providers.primary.timeoutMs);
    const failed = [{ kind: providers.primary.kind, model: providers.primary.model, reason: failure.reason }];
    if (!failure.fallback || !providers.fallback) throw new ProviderError(failed, failure.aborted);
    started = Date.now();
    try {
      return { result: await providers.fallback.chat(request), provider: providers.fallback, fallback: true, fallbackReason: failure.reason };
    } catch (err2) {
      const second = classifyFailure(err2, request.signal, Date.now() - started, providers.fallback.timeoutMs);
      throw new ProviderError([...failed, { kind: providers.fallback.kind, model: providers.fallback.model, reason: second.reason }], second.aborted);
    }
  }
}

/**
 * Streams from the primary; when it fails before its first delta, from the fallback
 * (after a delta has gone out, switching would repeat or mix answers: the error stands).
 * `onAnswered` learns which provider is streaming before its first delta is yielded.
 */
export async function* streamWithFallback(providers: ConfiguredProviders, request: ChatRequest, onAnswered: (a: Answered) => void): AsyncIterable<ChatDelta> {
  const failed: { kind: ProviderKind; model: string; reason: string }[] = [];
  const candidates = [providers.primary, ...(providers.fallback ? [providers.fallback] : [])];
  for (const [i, provider] of candidates.entries()) {
    let started = false;
    const startedAt = Date.now();
    try {
      for await (const delta of provider.stream(request)) {
        if (!started) {
          started = true;
          onAnswered({ provider, fallback: i > 0, fallbackReason: failed[0]?.reason ?? null });
        }
        yield delta;
      }
      return;
    } catch (err) {
      const failure = classifyFailure(err, request.signal, Date.now() - startedAt, provider.timeoutMs);
      failed.push({ kind: provider.kind, model: provider.model, reason: failure.reason });
      if (started || !failure.fallback || i === candidates.length - 1) throw new ProviderError(failed, failure.aborted);
    }
  }
}
