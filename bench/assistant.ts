/**
 * The assistant's budgets (SPEC §8): the first streamed token within 50 ms of the provider's first token
 * (scripted provider), and 100 concurrent streams without an error. The scripted OpenAI-compatible server
 * of the tests runs in this process (tests/helpers/ai-servers.ts, no jest in it); the compiled server is
 * pointed at it with AI_PROVIDER/AI_BASE_URL (see `assistantServerEnv`). The provider marks the moment it
 * writes its first text delta (`onFirstToken`), the bench's SSE client the moment the first `chunk` event
 * arrives: the difference is the app's relay time (provider → SDK → event log → SSE), both clocks the same.
 */
import crypto from "node:crypto";
import { startOpenAiServer, type ScriptedAiServer } from "../tests/helpers/ai-servers";
import { openSse } from "../tests/helpers/sse";

type RecordFn = (figure: string, value: string, budget: string, ok?: boolean) => void;
type Api = (url: string, method: string, pathname: string, token?: string, body?: unknown) => Promise<{ data: any } | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Memory = (url: string) => Promise<{ rss: number; heapUsed: number }>;

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** The scripted provider: an answer of 8 deltas 15 ms apart (a model streaming), so the first token travels alone. */
export async function startScriptedProvider(): Promise<ScriptedAiServer> {
  const server = await startOpenAiServer();
  server.setDefault({ kind: "answer", text: "The checkout accepts cards and wallets; refunds go back to the card.", pieces: 8, paceMs: 15, usage: { input: 40, output: 16 } });
  return server;
}

/** What the compiled server needs to use the scripted provider (no retries, no per-hour cap in the way). */
export const assistantServerEnv = (provider: ScriptedAiServer) => ({
  AI_PROVIDER: "openai-compatible",
  AI_BASE_URL: provider.baseUrl,
  AI_MODEL: "scripted",
  AI_MAX_RETRIES: "0",
  AI_TIMEOUT_MS: "30000",
  AI_RATE_LIMIT_PER_HOUR: "1000000",
});

export async function assistant(url: string, provider: ScriptedAiServer, deps: { api: Api; memory: Memory; record: RecordFn }) {
  const { api, memory, record } = deps;
  const owner = await api(url, "POST", "/api/v1/auth/register", undefined, { email: `bench-ai-${crypto.randomUUID()}@example.com`, password: "Bench-password-1", name: "Bench" });
  const token = owner!.data.accessToken as string;
  const ws = (await api(url, "POST", "/api/v1/workspaces", token, { name: "Bench assistant" }))!.data.id as string;
  const project = (await api(url, "POST", `/api/v1/workspaces/${ws}/projects`, token, { name: "Assistant", key: "AST" }))!.data.id as string;
  const newThread = async () => (await api(url, "POST", `/api/v1/projects/${project}/threads`, token, { mode: "chat" }))!.data.id as string;
  const headers = { authorization: `Bearer ${token}` };
  const ask = (threadId: string, content: string) => openSse(`${url}/api/v1/threads/${threadId}/messages`, { method: "POST", headers, body: { content } });

  // (1) 50 sequential messages (after 5 of warm-up), each in a fresh thread so the history stays the same size.
  const relay: number[] = [];
  let sequentialErrors = 0;
  for (let i = 0; i < 55; i++) {
    const threadId = await newThread();
    let providerAt = NaN;
    provider.onFirstToken = (at) => (providerAt = at);
    const stream = await ask(threadId, `What does the checkout accept? (${i})`);
    if (stream.status !== 200) throw new Error(`assistant bench: POST messages answered ${stream.status}`);
    const first = await stream.until((e) => e.event === "chunk" || e.event === "error");
    const clientAt = performance.now();
    const events = await stream.ended;
    if (first.event === "error" || !events.some((e) => e.event === "complete")) {
      sequentialErrors++;
      continue;
    }
    if (i >= 5) relay.push(clientAt - providerAt);
  }
  provider.onFirstToken = undefined;
  relay.sort((a, b) => a - b);
  const relayP95 = p(relay, 0.95);
  record(
    "Assistant: provider's first token → client's first chunk (50 sequential messages)",
    `p95 ${relayP95.toFixed(1)} ms, p50 ${p(relay, 0.5).toFixed(1)} ms, max ${relay[relay.length - 1]!.toFixed(1)} ms, errors ${sequentialErrors}`,
    "< 50 ms",
    relayP95 < 50 && sequentialErrors === 0 && relay.length === 50,
  );

  // (2) 100 threads, one message each, all sent at once; every stream must end with `complete`.
  const threads = await Promise.all(Array.from({ length: 100 }, newThread));
  const before = await memory(url);
  const t0 = performance.now();
  let peakRss = before.rss;
  const sampling = setInterval(() => void memory(url).then((m) => (peakRss = Math.max(peakRss, m.rss)), () => {}), 50);
  const outcomes = await Promise.all(
    threads.map(async (threadId, i) => {
      try {
        const stream = await ask(threadId, `Concurrent question ${i}`);
        if (stream.status !== 200) return { ok: false, why: `HTTP ${stream.status}`, ms: performance.now() - t0 };
        const events = await stream.ended;
        const done = events.some((e) => e.event === "complete");
        const error = events.find((e) => e.event === "error");
        const text = events.filter((e) => e.event === "chunk").map((e) => e.data.text).join("");
        return { ok: done && !error && text.length > 0, why: error ? `error event ${JSON.stringify(error.data).slice(0, 120)}` : done ? "" : "no complete event", ms: performance.now() - t0 };
      } catch (err) {
        return { ok: false, why: err instanceof Error ? err.message : String(err), ms: performance.now() - t0 };
      }
    }),
  );
  clearInterval(sampling);
  const wall = performance.now() - t0;
  const after = await memory(url);
  const failed = outcomes.filter((o) => !o.ok);
  const durations = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  record(
    "Assistant: 100 concurrent streams (100 threads, one message each, at once)",
    `${outcomes.length - failed.length}/100 completed, errors ${failed.length}${failed.length ? ` (${[...new Set(failed.map((f) => f.why))].slice(0, 3).join("; ")})` : ""}; all done in ${wall.toFixed(0)} ms (p50 ${p(durations, 0.5).toFixed(0)} ms); ` +
      `RSS ${before.rss.toFixed(0)} MB before, peak ${peakRss.toFixed(0)} MB, ${after.rss.toFixed(0)} MB after (heap used ${before.heapUsed.toFixed(0)} → ${after.heapUsed.toFixed(0)} MB)`,
    "without an error",
    failed.length === 0,
  );
}
