import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Scripted AI servers on loopback (RECIPES.md): one speaking the OpenAI chat
 * completions protocol (/v1/chat/completions, JSON or SSE chunks with
 * tool_calls deltas, usage when `stream_options.include_usage`, [DONE]) and
 * one speaking Anthropic's Messages API (/v1/messages, JSON or message_start /
 * content_block_* / message_delta / message_stop events). Each request takes
 * the next scripted step (else the default) and is recorded, so a test can say
 * both what the app got and what the provider was sent.
 */

export interface ScriptedToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type Step =
  /** An answer; `usage: null` reports none (the app must estimate). */
  /**
   * An answer; `usage: null` reports none (the app must estimate). Streamed, the
   * text goes in `pieces` deltas (default 3), `paceMs` apart (default 0), so a
   * test can disconnect or stop mid-stream.
   */
  | { kind: "answer"; text?: string; toolCalls?: ScriptedToolCall[]; usage?: { input: number; output: number } | null; model?: string; delayMs?: number; pieces?: number; paceMs?: number }
  | { kind: "error"; status: number; retryAfter?: number; message?: string }
  /** Accepts the request and never answers (the app's timeout must fire). */
  | { kind: "hang" }
  /** 200 with a body that is not JSON. */
  | { kind: "malformed" }
  /** A stream that sends `text` as deltas, then drops the connection (no finish, no usage). */
  | { kind: "cut"; text: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown> | null;
}

export interface ScriptedAiServer {
  /** Base URL as the SDKs take it: `…/v1` for OpenAI, the origin for Anthropic. */
  baseUrl: string;
  /** Chat/messages requests received (not the models list). */
  requests: RecordedRequest[];
  /** Models-list requests received (reachability probes). */
  probes: number;
  /** Queues steps for the next requests. */
  script(...steps: Step[]): void;
  /** Drops the queued steps (between tests). */
  reset(): void;
  /** What a request gets when nothing is queued (default: an answer "ok" with usage 10/5). */
  setDefault(step: Step): void;
  /**
   * Called with `performance.now()` when a streamed answer's first text delta is written to the socket
   * (OpenAI format), so a bench in the same process can time the app's relay of it (bench/assistant.ts).
   */
  onFirstToken?: (at: number) => void;
  close(): Promise<void>;
}

const DEFAULT_USAGE = { input: 10, output: 5 };
const DEFAULT_STEP: Step = { kind: "answer", text: "ok", usage: DEFAULT_USAGE };

/** Splits a text into a few pieces, as a model streams it. */
const pieces = (text: string, n = 3): string[] => {
  if (!text) return [];
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
};

async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return null;
  }
}

type Responder = (step: Extract<Step, { kind: "answer" }>, body: Record<string, unknown>, res: http.ServerResponse, firstToken: () => void) => void;

async function startScripted(chatPath: string, respond: Responder, errorBody: (status: number, message: string) => unknown, suffix: string): Promise<ScriptedAiServer> {
  const queue: Step[] = [];
  let fallback: Step = DEFAULT_STEP;
  const requests: RecordedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const state = { probes: 0 };
  let self: ScriptedAiServer | undefined;
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const path = (req.url ?? "").split("?")[0]!;
    if (req.method === "GET" && path === "/v1/models") {
      state.probes++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "scripted-model", object: "model", type: "model", created: 0, owned_by: "test", display_name: "Scripted", created_at: "2025-01-01T00:00:00Z" }], has_more: false, first_id: "scripted-model", last_id: "scripted-model" }));
      return;
    }
    if (req.method !== "POST" || path !== chatPath) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify(errorBody(404, `no route ${req.method} ${path}`)));
      return;
    }
    requests.push({ method: req.method, path, headers: req.headers, body });
    const step = queue.shift() ?? fallback;
    switch (step.kind) {
      case "hang":
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      case "malformed":
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{ this is not json");
        return;
      case "error": {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (step.retryAfter !== undefined) headers["retry-after"] = String(step.retryAfter);
        res.writeHead(step.status, headers);
        res.end(JSON.stringify(errorBody(step.status, step.message ?? `scripted ${step.status}`)));
        return;
      }
      case "cut": {
        const send = sse(res);
        for (const p of pieces(step.text)) send({ id: "chatcmpl-scripted", object: "chat.completion.chunk", created: 0, model: "scripted-model", choices: [{ index: 0, delta: { content: p }, finish_reason: null }] });
        setTimeout(() => res.destroy(), 50);
        return;
      }
      case "answer":
        if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
        respond(step, body ?? {}, res, () => self?.onFirstToken?.(performance.now()));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return (self = {
    baseUrl: `${origin}${suffix}`,
    requests,
    get probes() {
      return state.probes;
    },
    script: (...steps) => void queue.push(...steps),
    reset: () => void queue.splice(0),
    setDefault: (step) => {
      fallback = step;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** What an answer step says, with the defaults: the model asked for, no text, no calls, usage 10/5. */
const partsOf = (step: Extract<Step, { kind: "answer" }>, body: Record<string, unknown>, model: string) => ({
  model: step.model ?? (body.model as string | undefined) ?? model,
  text: step.text ?? "",
  calls: step.toolCalls ?? [],
  usage: step.usage === undefined ? DEFAULT_USAGE : step.usage,
});

function sse(res: http.ServerResponse, paceMs = 0) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  // Frames are written `paceMs` apart (in order); res.end() waits for the last one.
  let chain = Promise.resolve();
  const end = res.end.bind(res);
  res.end = ((...args: Parameters<typeof res.end>) => {
    chain = chain.then(() => void (res.destroyed || end(...args)));
    return res;
  }) as typeof res.end;
  return (data: unknown, event?: string, written?: () => void) => {
    const frame = `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
    if (!paceMs) {
      res.write(frame);
      return void written?.();
    }
    chain = chain.then(async () => {
      await new Promise((resolve) => setTimeout(resolve, paceMs));
      if (!res.destroyed) {
        res.write(frame);
        written?.();
      }
    });
  };
}

/** An OpenAI-compatible server: POST /v1/chat/completions, GET /v1/models. */
export function startOpenAiServer(): Promise<ScriptedAiServer> {
  return startScripted(
    "/v1/chat/completions",
    (step, body, res, firstToken) => {
      const { model, text, calls, usage } = partsOf(step, body, "scripted-model");
      const finish = calls.length ? "tool_calls" : "stop";
      const usageJson = usage ? { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } : undefined;
      if (!body.stream) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "chatcmpl-scripted",
            object: "chat.completion",
            created: 0,
            model,
            choices: [{ index: 0, finish_reason: finish, message: { role: "assistant", content: calls.length && !text ? null : text, ...(calls.length ? { tool_calls: calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) } : {}) } }],
            ...(usageJson ? { usage: usageJson } : {}),
          }),
        );
        return;
      }
      const send = sse(res, step.paceMs);
      const chunk = (delta: unknown, finish_reason: string | null = null, written?: () => void) =>
        send({ id: "chatcmpl-scripted", object: "chat.completion.chunk", created: 0, model, choices: [{ index: 0, delta, finish_reason }] }, undefined, written);
      chunk({ role: "assistant", content: "" });
      pieces(text, step.pieces).forEach((p, i) => chunk({ content: p }, null, i === 0 ? firstToken : undefined));
      calls.forEach((c, index) => {
        chunk({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }] });
        for (const p of pieces(c.arguments)) chunk({ tool_calls: [{ index, function: { arguments: p } }] });
      });
      chunk({}, finish);
      const include = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
      if (include && usageJson) send({ id: "chatcmpl-scripted", object: "chat.completion.chunk", created: 0, model, choices: [], usage: usageJson });
      send("[DONE]");
      res.end();
    },
    (status, message) => ({ error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", code: null } }),
    "/v1",
  );
}

/** An Anthropic-format server: POST /v1/messages, GET /v1/models. */
export function startAnthropicServer(): Promise<ScriptedAiServer> {
  return startScripted(
    "/v1/messages",
    (step, body, res) => {
      const { model, text, calls, usage } = partsOf(step, body, "claude-scripted");
      const stop = calls.length ? "tool_use" : "end_turn";
      if (!body.stream) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "msg_scripted",
            type: "message",
            role: "assistant",
            model,
            content: [...(text ? [{ type: "text", text }] : []), ...calls.map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: JSON.parse(c.arguments) }))],
            stop_reason: stop,
            stop_sequence: null,
            usage: usage ? { input_tokens: usage.input, output_tokens: usage.output } : { input_tokens: 0, output_tokens: 0 },
          }),
        );
        return;
      }
      const send = sse(res, step.paceMs);
      send({ type: "message_start", message: { id: "msg_scripted", type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage?.input ?? 0, output_tokens: usage ? 1 : 0 } } }, "message_start");
      let index = 0;
      if (text) {
        send({ type: "content_block_start", index, content_block: { type: "text", text: "" } }, "content_block_start");
        for (const p of pieces(text, step.pieces)) send({ type: "content_block_delta", index, delta: { type: "text_delta", text: p } }, "content_block_delta");
        send({ type: "content_block_stop", index }, "content_block_stop");
        index++;
      }
      for (const c of calls) {
        send({ type: "content_block_start", index, content_block: { type: "tool_use", id: c.id, name: c.name, input: {} } }, "content_block_start");
        for (const p of pieces(c.arguments)) send({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: p } }, "content_block_delta");
        send({ type: "content_block_stop", index }, "content_block_stop");
        index++;
      }
      send({ type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage?.output ?? 0 } }, "message_delta");
      send({ type: "message_stop" }, "message_stop");
      res.end();
    },
    (status, message) => ({ type: "error", error: { type: status === 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error", message } }),
    "",
  );
}

/** A loopback URL where nothing listens (the connection is refused). */
export async function refusedUrl(suffix = "/v1"): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${suffix}`;
}
