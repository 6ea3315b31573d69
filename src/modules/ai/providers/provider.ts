/**
 * The one interface every AI provider implements (SPEC §4.6): a chat call that
 * answers text, tool calls and usage, and its streaming variant that yields
 * text and tool-call deltas and ends with the whole result. Implementations:
 * openai.ts (OpenAI and any OpenAI-compatible server by base URL) and
 * anthropic.ts, both on the official SDKs.
 */

export type ProviderKind = "openai" | "openai-compatible" | "anthropic";

export interface ChatToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments, as the model wrote it. */
  arguments: string;
}

export type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; toolCalls?: ChatToolCall[] }
  | { role: "tool"; toolCallId: string; content: string };

export interface ChatTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ChatTool[];
  /** Ask for a JSON object as the answer. */
  json?: boolean;
  maxTokens?: number;
  /** Stops the provider call (the SDK aborts the HTTP request). */
  signal?: AbortSignal;
}

export interface ChatUsage {
  inputTokens: number;
  outputTokens: number;
  /** The server reported no usage: counted as characters / 4. */
  estimated: boolean;
}

export interface ChatResult {
  text: string;
  toolCalls: ChatToolCall[];
  usage: ChatUsage;
  /** The model the server says answered (else the configured one). */
  model: string;
  finishReason: string | null;
}

export type ChatDelta =
  | { type: "text"; text: string }
  /** A piece of tool call `index`: its id and name come first, the arguments in pieces. */
  | { type: "tool_call"; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: "done"; result: ChatResult };

export interface ProviderSettings {
  kind: ProviderKind;
  model: string;
  baseUrl?: string;
  apiKey?: string;
  timeoutMs: number;
  maxRetries: number;
}

export interface AiProvider {
  readonly kind: ProviderKind;
  readonly model: string;
  /** Where it is called (the SDK's default when not configured); never the key. */
  readonly baseUrl: string;
  /** How long one request may take (AI_TIMEOUT_MS). */
  readonly timeoutMs: number;
  chat(request: ChatRequest): Promise<ChatResult>;
  stream(request: ChatRequest): AsyncIterable<ChatDelta>;
  /** Resolves when the provider answers its models list (reachability), rejects otherwise. */
  probe(signal: AbortSignal): Promise<void>;
}

/** Tokens of a text when the server does not count them: about 4 characters each. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export const messagesText = (messages: ChatMessage[]): string =>
  messages.map((m) => m.content + (m.role === "assistant" && m.toolCalls ? m.toolCalls.map((c) => c.name + c.arguments).join("") : "")).join("\n");

/** The server's usage when it reported any, else an estimate marked as such. */
export function usageOr(reported: { input?: number | null; output?: number | null } | null | undefined, request: ChatRequest, output: string): ChatUsage {
  if (reported && typeof reported.input === "number" && typeof reported.output === "number") {
    return { inputTokens: reported.input, outputTokens: reported.output, estimated: false };
  }
  return { inputTokens: estimateTokens(messagesText(request.messages)), outputTokens: estimateTokens(output), estimated: true };
}

/** A whole answer: the server's usage (or the estimate from the output), the model it named (or the configured one). */
export function chatResult(
  request: ChatRequest,
  a: { text: string; toolCalls: ChatToolCall[]; reported: { input?: number | null; output?: number | null } | null; model: string; finishReason: string | null },
): ChatResult {
  const output = a.text + a.toolCalls.map((c) => c.name + c.arguments).join("");
  return { text: a.text, toolCalls: a.toolCalls, usage: usageOr(a.reported, request, output), model: a.model, finishReason: a.finishReason };
}

/** Collects a stream's tool-call deltas into whole calls. */
export class ToolCallCollector {
  private readonly calls = new Map<number, ChatToolCall>();
  add(delta: Extract<ChatDelta, { type: "tool_call" }>): void {
    const call = this.calls.get(delta.index) ?? { id: "", name: "", arguments: "" };
    if (delta.id) call.id = delta.id;
    if (delta.name) call.name += delta.name;
    call.arguments += delta.argumentsDelta;
    this.calls.set(delta.index, call);
  }
  all(): ChatToolCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
  }
}

/**
 * `make`'s promise, made on the first call and shared after (an SDK client loaded on first use, not
 * at startup); a failed attempt is forgotten, so the next call tries again.
 */
export function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((err: unknown) => {
      made = undefined;
      throw err;
    }));
}
