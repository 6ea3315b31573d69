import { createTestApp, type TestApp } from "../helpers/app";
import { refusedUrl, startAnthropicServer, startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { createTeam, type Team } from "../helpers/team";
import { aiChat, aiStream, type AiCallInput, type AiStreamEvent } from "../../src/modules/ai";

/**
 * The provider layer against scripted servers speaking the OpenAI and
 * Anthropic protocols: plain and streamed answers, tool calls, usage (reported
 * or estimated), and the fallback when the primary answers 500 or 429, hangs,
 * refuses the connection or sends garbage, recorded in the usage row.
 */

let openai: ScriptedAiServer;
let anthropic: ScriptedAiServer;
/** openai-compatible primary (the OpenAI-format server), anthropic fallback. */
let t: TestApp;
/** anthropic primary, no fallback. */
let a: TestApp;
/** primary on a port nothing listens on, openai-compatible fallback. */
let r: TestApp;
let team: Team;
let teamA: Team;
let teamR: Team;
let n = 0;

const AI_ENV = { AI_TIMEOUT_MS: "600", AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: "100000" };

beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startOpenAiServer(), startAnthropicServer()]);
  [t, a, r] = await Promise.all([
    createTestApp({
      env: {
        ...AI_ENV,
        AI_PROVIDER: "openai-compatible",
        AI_BASE_URL: openai.baseUrl,
        AI_MODEL: "llama3.1",
        AI_FALLBACK_PROVIDER: "anthropic",
        AI_FALLBACK_BASE_URL: anthropic.baseUrl,
        AI_FALLBACK_API_KEY: "sk-ant-test-key",
        AI_FALLBACK_MODEL: "claude-haiku-4-5",
      },
    }),
    createTestApp({ env: { ...AI_ENV, AI_MAX_RETRIES: "1", AI_PROVIDER: "anthropic", AI_BASE_URL: anthropic.baseUrl, AI_API_KEY: "sk-ant-primary", AI_MODEL: "claude-sonnet-4-5" } }),
    createTestApp({ env: { ...AI_ENV, AI_PROVIDER: "openai", AI_BASE_URL: await refusedUrl(), AI_API_KEY: "sk-test", AI_MODEL: "gpt-4o-mini", AI_FALLBACK_PROVIDER: "openai-compatible", AI_FALLBACK_BASE_URL: openai.baseUrl, AI_FALLBACK_MODEL: "llama3.1" } }),
  ]);
  [team, teamA, teamR] = await Promise.all([createTeam(t.app, "AI providers"), createTeam(a.app, "AI anthropic"), createTeam(r.app, "AI refused")]);
});

beforeEach(() => {
  openai.reset();
  anthropic.reset();
});

afterAll(async () => {
  await Promise.all([t?.close(), a?.close(), r?.close()]);
  await Promise.all([openai?.close(), anthropic?.close()]);
});

/** A request no other test makes (the cache never answers it). */
const call = (tm: Team, extra: Partial<AiCallInput> = {}): AiCallInput => ({
  workspaceId: tm.workspaceId,
  userId: tm.member.id,
  feature: "test",
  messages: [
    { role: "system", content: "You are terse." },
    { role: "user", content: `question ${++n}` },
  ],
  ...extra,
});

async function collect(stream: AsyncIterable<AiStreamEvent>) {
  const events: AiStreamEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

const lastUsage = (app: TestApp, workspaceId: string) => app.ctx.db.aiUsage.findFirstOrThrow({ where: { workspaceId }, orderBy: { createdAt: "desc" } });
const weather = { name: "get_weather", description: "Weather of a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } };

describe("OpenAI-compatible provider", () => {
  it("answers a plain request with the server's usage, and records who answered", async () => {
    openai.script({ kind: "answer", text: "Hello there", usage: { input: 21, output: 3 } });
    const before = openai.requests.length;
    const answer = await aiChat(t.ctx, call(team, { maxTokens: 50 }));
    expect(answer).toMatchObject({ text: "Hello there", provider: "openai-compatible", model: "llama3.1", fallback: false, cacheHit: false, usage: { inputTokens: 21, outputTokens: 3, estimated: false }, priced: false, costMicros: 0 });
    const sent = openai.requests[before]!;
    expect(sent.body).toMatchObject({ model: "llama3.1", max_tokens: 50, messages: [{ role: "system", content: "You are terse." }, { role: "user" }] });
    expect(sent.body!.stream).toBeFalsy();
    const row = await lastUsage(t, team.workspaceId);
    expect(row).toMatchObject({ provider: "openai-compatible", model: "llama3.1", inputTokens: 21, outputTokens: 3, estimated: false, fallback: false, fallbackReason: null, cacheHit: false, priced: false, feature: "test", userId: team.member.id });
    expect(Number(row.costMicros)).toBe(0);
  });

  it("returns tool calls, and sends the tools and JSON mode", async () => {
    openai.script({ kind: "answer", toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Oslo"}' }] });
    const before = openai.requests.length;
    const answer = await aiChat(t.ctx, call(team, { tools: [weather], json: true }));
    expect(answer.toolCalls).toEqual([{ id: "call_1", name: "get_weather", arguments: '{"city":"Oslo"}' }]);
    expect(openai.requests[before]!.body).toMatchObject({ tools: [{ type: "function", function: { name: "get_weather" } }], response_format: { type: "json_object" } });
  });

  it("streams text deltas and asks for usage with stream_options.include_usage", async () => {
    openai.script({ kind: "answer", text: "Streaming works fine", usage: { input: 12, output: 4 } });
    const before = openai.requests.length;
    const events = await collect(aiStream(t.ctx, call(team)));
    expect(openai.requests[before]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(events[0]).toMatchObject({ type: "provider", provider: "openai-compatible", fallback: false });
    const texts = events.flatMap((e) => (e.type === "text" ? [e.text] : []));
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join("")).toBe("Streaming works fine");
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: "done", answer: { text: "Streaming works fine", usage: { inputTokens: 12, outputTokens: 4, estimated: false } } });
    expect(await lastUsage(t, team.workspaceId)).toMatchObject({ inputTokens: 12, outputTokens: 4, estimated: false });
  });

  it("streams tool-call deltas and assembles the call", async () => {
    const args = '{"city":"Reykjavik","unit":"celsius"}';
    openai.script({ kind: "answer", toolCalls: [{ id: "call_9", name: "get_weather", arguments: args }] });
    const events = await collect(aiStream(t.ctx, call(team, { tools: [weather] })));
    const deltas = events.filter((e) => e.type === "tool_call");
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas[0]).toMatchObject({ index: 0, id: "call_9", name: "get_weather" });
    expect(deltas.map((d) => (d.type === "tool_call" ? d.argumentsDelta : "")).join("")).toBe(args);
    expect(events.at(-1)).toMatchObject({ type: "done", answer: { toolCalls: [{ id: "call_9", name: "get_weather", arguments: args }] } });
  });

  it("estimates usage (chars / 4) and marks it when the server reports none", async () => {
    openai.script({ kind: "answer", text: "x".repeat(40), usage: null });
    const events = await collect(aiStream(t.ctx, call(team)));
    expect(events.at(-1)).toMatchObject({ type: "done", answer: { usage: { outputTokens: 10, estimated: true } } });
    const row = await lastUsage(t, team.workspaceId);
    expect(row).toMatchObject({ estimated: true, outputTokens: 10 });
    expect(row.inputTokens).toBeGreaterThan(0);
  });
});

describe("fallback", () => {
  it.each([
    ["a 500", { kind: "error", status: 500 } as const, "500 server error"],
    ["a 429 with Retry-After", { kind: "error", status: 429, retryAfter: 1 } as const, "429 rate limited"],
    ["a 200 that is not JSON", { kind: "malformed" } as const, "malformed response"],
  ])("answers from the fallback when the primary sends %s, and the usage row names it", async (_what, step, reason) => {
    openai.script(step);
    anthropic.script({ kind: "answer", text: "From Claude", usage: { input: 30, output: 7 } });
    const [o, an] = [openai.requests.length, anthropic.requests.length];
    const answer = await aiChat(t.ctx, call(team));
    expect(answer).toMatchObject({ text: "From Claude", provider: "anthropic", model: "claude-haiku-4-5", fallback: true, fallbackReason: reason });
    expect(openai.requests.length).toBe(o + 1);
    expect(anthropic.requests.length).toBe(an + 1);
    const sent = anthropic.requests[an]!;
    // The fallback's own key (this SDK version sends it as a bearer token, older ones as x-api-key).
    expect(`${sent.headers["x-api-key"] ?? ""} ${sent.headers.authorization ?? ""}`).toContain("sk-ant-test-key");
    // Anthropic's format: the system prompt apart, max_tokens always set.
    expect(sent.body).toMatchObject({ model: "claude-haiku-4-5", system: "You are terse.", messages: [{ role: "user" }] });
    expect(sent.body!.max_tokens).toEqual(expect.any(Number));
    const row = await lastUsage(t, team.workspaceId);
    expect(row).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5", fallback: true, fallbackReason: reason, inputTokens: 30, outputTokens: 7, priced: true });
    expect(Number(row.costMicros)).toBe(30 * 1 + 7 * 5); // claude-haiku-4-5: 1 / 5 per million tokens
  });

  it("answers from the fallback when the primary hangs past AI_TIMEOUT_MS", async () => {
    openai.script({ kind: "hang" });
    anthropic.script({ kind: "answer", text: "Not hanging" });
    const started = Date.now();
    const answer = await aiChat(t.ctx, call(team));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(answer).toMatchObject({ text: "Not hanging", provider: "anthropic", fallback: true, fallbackReason: "timeout" });
    expect(await lastUsage(t, team.workspaceId)).toMatchObject({ fallback: true, fallbackReason: "timeout" });
  });

  it("answers from the fallback when the primary refuses the connection", async () => {
    const before = openai.requests.length;
    openai.script({ kind: "answer", text: "Compatible fallback", usage: { input: 5, output: 2 } });
    const answer = await aiChat(r.ctx, call(teamR));
    expect(answer).toMatchObject({ text: "Compatible fallback", provider: "openai-compatible", model: "llama3.1", fallback: true, fallbackReason: "connection refused" });
    expect(openai.requests.length).toBe(before + 1);
    expect(await lastUsage(r, teamR.workspaceId)).toMatchObject({ provider: "openai-compatible", fallback: true, fallbackReason: "connection refused" });
  });

  it("streams from the fallback when the primary fails before its first delta", async () => {
    openai.script({ kind: "error", status: 503 });
    anthropic.script({ kind: "answer", text: "Streamed by the fallback", usage: { input: 9, output: 6 } });
    const events = await collect(aiStream(t.ctx, call(team)));
    expect(events[0]).toMatchObject({ type: "provider", provider: "anthropic", fallback: true, fallbackReason: "503 server error" });
    expect(events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("")).toBe("Streamed by the fallback");
    expect(await lastUsage(t, team.workspaceId)).toMatchObject({ provider: "anthropic", fallback: true, inputTokens: 9, outputTokens: 6 });
  });

  it("does not fall back on a 400: 502 AI_UNAVAILABLE naming the reason, nothing recorded", async () => {
    openai.script({ kind: "error", status: 400, message: "bad tool schema" });
    const an = anthropic.requests.length;
    const rows = await t.ctx.db.aiUsage.count({ where: { workspaceId: team.workspaceId } });
    await expect(aiChat(t.ctx, call(team))).rejects.toMatchObject({ code: "AI_UNAVAILABLE", status: 502, message: expect.stringContaining("400") });
    expect(anthropic.requests.length).toBe(an);
    expect(await t.ctx.db.aiUsage.count({ where: { workspaceId: team.workspaceId } })).toBe(rows);
  });

  it("gives up with 502 when the fallback fails too", async () => {
    openai.script({ kind: "error", status: 500 });
    anthropic.script({ kind: "error", status: 529, message: "overloaded" });
    await expect(aiChat(t.ctx, call(team))).rejects.toMatchObject({ code: "AI_UNAVAILABLE", message: expect.stringMatching(/500 server error.*529 server error/) });
  });

  it("a stream cut after output began does not switch providers: 502, and what was produced is recorded as estimated", async () => {
    openai.script({ kind: "cut", text: "Half an answer" });
    const an = anthropic.requests.length;
    const events: AiStreamEvent[] = [];
    const err = await (async () => {
      for await (const e of aiStream(t.ctx, call(team))) events.push(e);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "AI_UNAVAILABLE" });
    expect(events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("")).toBe("Half an answer");
    expect(anthropic.requests.length).toBe(an);
    expect(await lastUsage(t, team.workspaceId)).toMatchObject({ provider: "openai-compatible", estimated: true, outputTokens: Math.ceil("Half an answer".length / 4), fallback: false });
  });

  it("stops the provider call when the signal aborts", async () => {
    openai.script({ kind: "hang" });
    const controller = new AbortController();
    const an = anthropic.requests.length;
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(aiChat(t.ctx, call(team, { signal: controller.signal }))).rejects.toMatchObject({ aborted: true });
    expect(Date.now() - started).toBeLessThan(550); // before the 600 ms timeout
    expect(anthropic.requests.length).toBe(an); // an abort is not a failure to fall back from
  });
});

describe("Anthropic provider", () => {
  it("retries a 500 itself (AI_MAX_RETRIES) before any fallback", async () => {
    anthropic.script({ kind: "error", status: 500 }, { kind: "answer", text: "Second try", usage: { input: 3, output: 2 } });
    const before = anthropic.requests.length;
    const answer = await aiChat(a.ctx, call(teamA));
    expect(answer).toMatchObject({ text: "Second try", fallback: false });
    expect(anthropic.requests.length).toBe(before + 2);
    expect(anthropic.requests[before + 1]!.headers["x-stainless-retry-count"]).toBe("1");
  });

  it("answers text and tool use with the server's usage", async () => {
    anthropic.script({ kind: "answer", text: "Let me check.", toolCalls: [{ id: "toolu_1", name: "get_weather", arguments: '{"city":"Lima"}' }], usage: { input: 100, output: 20 } });
    const before = anthropic.requests.length;
    const answer = await aiChat(a.ctx, call(teamA, { tools: [weather] }));
    expect(answer).toMatchObject({ text: "Let me check.", provider: "anthropic", model: "claude-sonnet-4-5", fallback: false, usage: { inputTokens: 100, outputTokens: 20, estimated: false } });
    expect(answer.toolCalls).toEqual([{ id: "toolu_1", name: "get_weather", arguments: '{"city":"Lima"}' }]);
    expect(anthropic.requests[before]!.body).toMatchObject({ tools: [{ name: "get_weather", input_schema: { type: "object" } }] });
    expect(answer.costMicros).toBe(100 * 3 + 20 * 15);
  });

  it("streams message_start / content_block_delta / message_delta events: text, tool input and usage", async () => {
    const args = '{"city":"Nairobi"}';
    anthropic.script({ kind: "answer", text: "Checking the weather", toolCalls: [{ id: "toolu_2", name: "get_weather", arguments: args }], usage: { input: 40, output: 11 } });
    const events = await collect(aiStream(a.ctx, call(teamA, { tools: [weather] })));
    expect(events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("")).toBe("Checking the weather");
    const tools = events.filter((e) => e.type === "tool_call");
    expect(tools[0]).toMatchObject({ index: 0, id: "toolu_2", name: "get_weather" });
    expect(tools.map((d) => (d.type === "tool_call" ? d.argumentsDelta : "")).join("")).toBe(args);
    expect(events.at(-1)).toMatchObject({ type: "done", answer: { toolCalls: [{ id: "toolu_2", arguments: args }], usage: { inputTokens: 40, outputTokens: 11, estimated: false }, model: "claude-sonnet-4-5" } });
  });
});
