import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from "openai/resources/chat/completions/completions";
import { chatResult, onFirstUse, ToolCallCollector, type AiProvider, type ChatDelta, type ChatMessage, type ChatRequest, type ChatResult, type ProviderSettings } from "./provider";

function toOpenAiMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    if (m.role === "tool") return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
    if (m.role === "assistant") {
      return {
        role: "assistant",
        content: m.content,
        ...(m.toolCalls?.length ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } })) } : {}),
      };
    }
    return { role: m.role, content: m.content };
  });
}

const loadSdk = () => import("openai");
type OpenAI = InstanceType<Awaited<ReturnType<typeof loadSdk>>["default"]>;

/** OpenAI, and any OpenAI-compatible server (Ollama, vLLM, LM Studio) through `baseUrl`, on the `openai` SDK. */
export class OpenAiProvider implements AiProvider {
  readonly kind;
  readonly model;
  readonly baseUrl;
  readonly timeoutMs;
  /** The SDK client; the SDK (several MB of heap) is loaded on the first call, not when the server starts. */
  private readonly client: () => Promise<OpenAI>;

  constructor(settings: ProviderSettings) {
    this.kind = settings.kind;
    this.model = settings.model;
    this.timeoutMs = settings.timeoutMs;
    // What the SDK would choose without one (its own default and environment variable).
    const baseURL = (this.baseUrl = settings.baseUrl ?? process.env.OPENAI_BASE_URL ?? "https://api.openai.com/v1");
    this.client = onFirstUse(async () => {
      const { default: OpenAISdk } = await loadSdk();
      // OpenAI-compatible servers often need no key; the SDK insists on one.
      return new OpenAISdk({ apiKey: settings.apiKey ?? "not-needed", baseURL, timeout: settings.timeoutMs, maxRetries: settings.maxRetries });
    });
  }

  private params(request: ChatRequest): ChatCompletionCreateParamsBase {
    const max = request.maxTokens;
    return {
      model: this.model,
      messages: toOpenAiMessages(request.messages),
      ...(request.tools?.length ? { tools: request.tools.map((t) => ({ type: "function" as const, function: { name: t.name, description: t.description, parameters: t.parameters } })) } : {}),
      ...(request.json ? { response_format: { type: "json_object" as const } } : {}),
      // OpenAI's newer models take max_completion_tokens; compatible servers know max_tokens.
      ...(max ? (this.kind === "openai" ? { max_completion_tokens: max } : { max_tokens: max }) : {}),
    };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const res = await (await this.client()).chat.completions.create({ ...this.params(request), stream: false }, { signal: request.signal });
    const choice = res.choices?.[0];
    if (!choice) throw new MalformedResponseError("the answer has no choices");
    const text = choice.message?.content ?? "";
    const toolCalls = (choice.message?.tool_calls ?? []).flatMap((c) => (c.type === "function" ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : []));
    const reported = res.usage ? { input: res.usage.prompt_tokens, output: res.usage.completion_tokens } : null;
    return chatResult(request, { text, toolCalls, reported, model: res.model || this.model, finishReason: choice.finish_reason ?? null });
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatDelta> {
    const stream = await (await this.client()).chat.completions.create({ ...this.params(request), stream: true, stream_options: { include_usage: true } }, { signal: request.signal });
    let text = "";
    let model = this.model;
    let finishReason: string | null = null;
    let reported: { input: number; output: number } | null = null;
    const calls = new ToolCallCollector();
    for await (const chunk of stream) {
      if (chunk.model) model = chunk.model;
      if (chunk.usage) reported = { input: chunk.usage.prompt_tokens, output: chunk.usage.completion_tokens };
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      if (choice.delta?.content) {
        text += choice.delta.content;
        yield { type: "text", text: choice.delta.content };
      }
      for (const c of choice.delta?.tool_calls ?? []) {
        const delta = { type: "tool_call" as const, index: c.index, id: c.id ?? undefined, name: c.function?.name ?? undefined, argumentsDelta: c.function?.arguments ?? "" };
        calls.add(delta);
        yield delta;
      }
    }
    yield { type: "done", result: chatResult(request, { text, toolCalls: calls.all(), reported, model, finishReason }) };
  }

  async probe(signal: AbortSignal): Promise<void> {
    await (await this.client()).models.list({ signal, maxRetries: 0 });
  }
}

/** The server answered 200 with something that is not a chat completion. */
export class MalformedResponseError extends Error {
  constructor(what: string) {
    super(`Malformed response from the AI provider: ${what}`);
    this.name = "MalformedResponseError";
  }
}
