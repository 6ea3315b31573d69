import request from "supertest";
import { createTestApp, type TestApp } from "../helpers/app";
import { startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { eventually } from "../helpers/eventually";
import { listen, openSse, type SseEvent } from "../helpers/sse";
import { createTeam } from "../helpers/team";

/**
 * Two app instances on one database and Redis: an answer generated on A is
 * resumed on B with Last-Event-ID (Redis Streams), losing and repeating
 * nothing; a stop sent to B stops the generation running on A.
 */

let server: ScriptedAiServer;
let a: TestApp;
let b: TestApp;
let httpA: { url: string; close: () => Promise<void> };
let httpB: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  server = await startOpenAiServer();
  const env = { AI_PROVIDER: "openai-compatible", AI_MODEL: "scripted", AI_BASE_URL: server.baseUrl, AI_TIMEOUT_MS: "5000", AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: "100000", ASSISTANT_STREAM_GRACE_SECONDS: "1" };
  a = await createTestApp({ redis: true, env });
  b = await createTestApp({ redis: true, env });
  if (!a.ctx.redis) throw new Error("this test needs Redis (TEST_REDIS_URL)");
  httpA = await listen(a.app);
  httpB = await listen(b.app);
});
afterAll(async () => {
  await httpA?.close();
  await httpB?.close();
  await a?.close();
  await b?.close();
  await server?.close();
});

const texts = (events: SseEvent[]) => events.filter((e) => e.event === "chunk").map((e) => e.data.text).join("");

async function setup() {
  const team = await createTeam(a.app, "Two instances");
  const project = (await request(a.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Shared", key: "SHR" })).body.data;
  const thread = (await request(a.app).post(`/api/v1/projects/${project.id}/threads`).set(team.member.auth).send({ mode: "chat" })).body.data;
  return { team, thread, auth: team.member.auth as Record<string, string> };
}

it("disconnect from A mid-stream, resume on B with Last-Event-ID: every event once, in order; after the grace the stored message replays", async () => {
  const { thread, auth } = await setup();
  const text = "The quick brown fox jumps over the lazy dog";
  server.script({ kind: "answer", text, pieces: 15, paceMs: 40 });
  const onA = await openSse(`${httpA.url}/api/v1/threads/${thread.id}/messages`, { method: "POST", headers: auth, body: { content: "tell me" } });
  await onA.until((e) => e.event === "chunk" && Number(e.id) >= 3);
  onA.abort();
  const seen = [...onA.events];
  const messageId = seen[0]!.data.messageId as string;
  const onB = await openSse(`${httpB.url}/api/v1/threads/${thread.id}/stream?messageId=${messageId}`, { headers: { ...auth, "Last-Event-ID": seen[seen.length - 1]!.id! } });
  const rest = await onB.ended;
  const all = [...seen, ...rest];
  expect(all.map((e) => Number(e.id))).toEqual(all.map((_, i) => i + 1));
  expect(all[all.length - 1]!.event).toBe("complete");
  expect(texts(all)).toBe(text);

  // A finished stream replays whole on either instance, then (after the 1 s grace) comes from the stored message.
  const replay = await (await openSse(`${httpB.url}/api/v1/threads/${thread.id}/stream?messageId=${messageId}`, { headers: auth })).ended;
  expect(replay).toEqual(all);
  await eventually(async () => !(await a.ctx.redis!.exists(`tf:assistant:stream:${messageId}`)), { what: "the stream expired" });
  const stored = await (await openSse(`${httpA.url}/api/v1/threads/${thread.id}/stream?messageId=${messageId}`, { headers: auth })).ended;
  expect(stored.map((e) => e.event)).toEqual(["start", "chunk", "complete"]);
  expect(stored[1]!.data.text).toBe(text);
  expect(stored[2]!.data.finishReason).toBe("stop");
});

it("stop sent to B stops the generation running on A; the partial answer is kept", async () => {
  const { thread, team, auth } = await setup();
  server.script({ kind: "answer", text: "x".repeat(60), pieces: 60, paceMs: 50 });
  const onA = await openSse(`${httpA.url}/api/v1/threads/${thread.id}/messages`, { method: "POST", headers: auth, body: { content: "long" } });
  await onA.until((e) => e.event === "chunk" && Number(e.id) >= 3);
  const messageId = onA.events[0]!.data.messageId as string;
  await request(b.app).post(`/api/v1/messages/${messageId}/stop`).set(team.member.auth).expect(202);
  const events = await onA.ended;
  expect(events[events.length - 1]!).toMatchObject({ event: "complete", data: { finishReason: "stopped" } });
  const partial = texts(events);
  expect(partial.length).toBeLessThan(60);
  const m = await eventually(async () => {
    const row = await a.ctx.db.assistantMessage.findUnique({ where: { id: messageId } });
    return row?.status === "stopped" ? row : false;
  }, { what: "the message stopped" });
  expect(m.content).toBe(partial);
});
