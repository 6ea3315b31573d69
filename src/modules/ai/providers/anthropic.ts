import type { MessageCreateParamsBase, MessageParam } from "@anthropic-ai/sdk/resources/messages/messages";
import { MalformedResponseError } from "./openai";
import { chatResult, onFirstUse, ToolCallCollector, type AiProvider, type ChatDelta, type ChatMessage, type ChatRequest, type ChatResult, type ProviderSettings } from "./provider";

const DEFAULT_MAX_TOKENS = 1024;

/** Anthropic's format: the system prompt apart, tool results as user turns. */
function toAnthropic(messages: ChatMessage[], json: boolean): { system?: string; messages: MessageParam[] } {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content);
  if (json) system.push("Answer with one JSON object only, no prose and no code fences.");
  const out: MessageParam[] = messages.flatMap((m): MessageParam[] => {
    if (m.role === "system") return [];
    if (m.role === "tool") return [{ role: "user", content: [{ type: "tool_result", tool_use_id: m.toolCallId, content: m.content }] }];
    if (m.role === "assistant" && m.toolCalls?.length) {
      return [
        {
          role: "assistant",
          content: [
            ...(m.content ? [{ type: "text" as const, text: m.content }] : []),
            ...m.toolCalls.map((c) => ({ type: "tool_use" as const, id: c.id, name: c.name, input: safeJson(c.arguments) })),
          ],
        },
      ];
    }
    return [{ role: m.role, content: m.content }];
  });
  return { ...(system.length ? { system: system.join("\n\n") } : {}), messages: out };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return {};
  }
}

const loadSdk = () => import("@anthropic-ai/sdk");
type Anthropic = InstanceType<Awaited<ReturnType<typeof loadSdk>>["default"]>;

/** Anthropic's Messages API on `@anthropic-ai/sdk` (a base URL points it at a proxy or a compatible server). */
export class AnthropicProvider implements AiProvider {
  readonly kind = "anthropic" as const;
  readonly model;
  readonly baseUrl;
  readonly timeoutMs;
  /** The SDK client; the SDK (several MB of heap) is loaded on the first call, not when the server starts. */
  private readonly client: () => Promise<Anthropic>;

  constructor(settings: ProviderSettings) {
    this.model = settings.model;
    this.timeoutMs = settings.timeoutMs;
    // What the SDK would choose without one (its own default and environment variable).
    const baseURL = (this.baseUrl = settings.baseUrl ?? process.env.ANTHROPIC_BASE_URL ?? "https://api.anthropic.com");
    this.client = onFirstUse(async () => {
      const { default: AnthropicSdk } = await loadSdk();
      return new AnthropicSdk({ apiKey: settings.apiKey, baseURL, timeout: settings.timeoutMs, maxRetries: settings.maxRetries });
    });
  }

  private params(request: ChatRequest): MessageCreateParamsBase {
    return {
      model: this.model,
      max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      ...toAnthropic(request.messages, Boolean(request.json)),
      ...(request.tools?.length ? { tools: request.tools.map((t) => ({ name: t.name, description: t.description, input_schema: { type: "object" as const, ...t.parameters } })) } : {}),
    };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const res = await (await this.client()).messages.create({ ...this.params(request), stream: false }, { signal: request.signal });
    if (!Array.isArray(res.content)) throw new MalformedResponseError("the answer has no content");
    const text = res.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
    const toolCalls = res.content.flatMap((b) => (b.type === "tool_use" ? [{ id: b.id, name: b.name, arguments: JSON.stringify(b.input ?? {}) }] : []));
    const reported = res.usage ? { input: res.usage.input_tokens, output: res.usage.output_tokens } : null;
    return chatResult(request, { text, toolCalls, reported, model: res.model || this.model, finishReason: res.stop_reason ?? null });
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatDelta> {
    const stream = await (await this.client()).messages.create({ ...this.params(request), stream: true }, { signal: request.signal });
    let text = "";
    let model = this.model;
    let finishReason: string | null = null;
    let input: number | null = null;
    let output: number | null = null;
    const calls = new ToolCallCollector();
    // Content block index → tool call index (text blocks do not count).
    const toolIndex = new Map<number, number>();
    for await (const event of stream) {
      switch (event.type) {
        case "message_start":
          model = event.message.model || model;
          input = event.message.usage?.input_tokens ?? null;
          output = event.message.usage?.output_tokens ?? null;
          break;
        case "content_block_start":
          if (event.content_block.type === "tool_use") {
            const index = toolIndex.size;
            toolIndex.set(event.index, index);
            const delta = { type: "tool_call" as const, index, id: event.content_block.id, name: event.content_block.name, argumentsDelta: "" };
            calls.add(delta);
            yield delta;
          }
          break;
        case "content_block_delta":
          if (event.delta.type === "text_delta") {
            text += event.delta.text;
            yield { type: "text", text: event.delta.text };
          } else if (event.delta.type === "input_json_delta") {
            const delta = { type: "tool_call" as const, index: toolIndex.get(event.index) ?? 0, argumentsDelta: event.delta.partial_json };
            calls.add(delta);
            yield delta;
          }
          break;
        case "message_delta":
          finishReason = event.delta.stop_reason ?? finishReason;
          if (event.usage?.output_tokens != null) output = event.usage.output_tokens;
          if (event.usage?.input_tokens != null) input = event.usage.input_tokens;
          break;
        default:
          break;
      }
    }
    const reported = input != null && output != null && (input > 0 || output > 0) ? { input, output } : null;
    yield { type: "done", result: chatResult(request, { text, toolCalls: calls.all(), reported, model, finishReason }) };
  }

  async probe(signal: AbortSignal): Promise<void> {
    await (await this.client()).models.list({}, { signal, maxRetries: 0 });
  }
}
