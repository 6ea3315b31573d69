import request from "supertest";
import type { AnyDomainEvent } from "../../src/events/catalogue";
import { createTestApp, type TestApp } from "../helpers/app";
import { startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { eventually } from "../helpers/eventually";
import { listen, openSse } from "../helpers/sse";
import { createTeam, type Team } from "../helpers/team";
import { provideAssistantTools, recoverLostAnswers } from "../../src/modules/assistant";
import { eventLog } from "../../src/modules/assistant/event-log";

/**
 * Assistant server leftovers (issue 17): an answer whose generator died with
 * its process (still `streaming` in the database, its event log gone or
 * silent past the grace period) is marked failed with AI_INTERRUPTED on read
 * and on start-up, a stream following it ends with that error, and retry
 * answers it; threads created, renamed, deleted and answers that ended are
 * events to the project's room, after commit; citation refs go on across the
 * searches of one answer.
 */

let ai: ScriptedAiServer;
let t: TestApp;
let http: { url: string; close: () => Promise<void> };
let team: Team;
let projectId: string;
const seen: AnyDomainEvent[] = [];

beforeAll(async () => {
  ai = await startOpenAiServer();
  t = await createTestApp({ env: { AI_PROVIDER: "openai-compatible", AI_BASE_URL: ai.baseUrl, AI_MODEL: "scripted", AI_TIMEOUT_MS: "5000", AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: "100000", ASSISTANT_STREAM_GRACE_SECONDS: "1", ASSISTANT_HEARTBEAT_MS: "200" } });
  provideAssistantTools(t.ctx, {
    searchDocuments: async (_call, query) => [
      { passageId: `${query}-a`, documentId: "d-1", documentName: "Brief.md", text: `About ${query}, first.` },
      { passageId: `${query}-b`, documentId: "d-2", documentName: "Spec.md", text: `About ${query}, second.` },
    ],
  });
  t.ctx.events.subscribe("test-recorder", (e) => {
    if (e.type.startsWith("assistant.")) seen.push(e);
  });
  http = await listen(t.app);
  team = await createTeam(t.app, "Lost answers");
  projectId = (await request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Checkout", key: "CHK" }).expect(201)).body.data.id;
});
afterAll(async () => {
  await http?.close();
  await t?.close();
  await ai?.close();
});
beforeEach(() => ai.reset());

const newThread = async () => (await request(t.app).post(`/api/v1/projects/${projectId}/threads`).set(team.member.auth).send({ mode: "chat" }).expect(201)).body.data as { id: string };

/** A question with an answer left `streaming` by a process that died a minute ago (no generator, no or an old log). */
async function crashedAnswer(threadId: string) {
  const at = new Date(Date.now() - 60_000);
  const question = await t.ctx.db.assistantMessage.create({ data: { threadId, workspaceId: team.workspaceId, role: "user", content: "What does checkout need?", status: "complete", createdById: team.member.id, createdAt: at, completedAt: at } });
  const answer = await t.ctx.db.assistantMessage.create({ data: { threadId, workspaceId: team.workspaceId, role: "assistant", content: "", status: "streaming", replyToId: question.id, createdById: team.member.id, createdAt: new Date(at.getTime() + 1) } });
  return { question, answer };
}

const messagesOf = async (threadId: string) => (await request(t.app).get(`/api/v1/threads/${threadId}/messages`).set(team.member.auth).expect(200)).body.data as Array<{ id: string; status: string; error: { code: string; message: string } | null; content: string }>;

describe("an answer lost with its process", () => {
  it("is marked failed when its thread is read (its log is gone), says to retry, and retry answers it", async () => {
    const th = await newThread();
    const { answer } = await crashedAnswer(th.id);
    const young = await t.ctx.db.assistantMessage.create({ data: { threadId: (await newThread()).id, workspaceId: team.workspaceId, role: "assistant", status: "streaming" } });

    const listed = await messagesOf(th.id);
    const failed = listed.find((m) => m.id === answer.id)!;
    expect(failed).toMatchObject({ status: "failed", error: { code: "AI_INTERRUPTED" } });
    expect(failed.error!.message).toMatch(/Retry/);
    expect(seen).toContainEqual(expect.objectContaining({ type: "assistant.message_completed", data: expect.objectContaining({ id: answer.id, threadId: th.id, projectId, status: "failed" }), rooms: [`project:${projectId}`] }));
    // A message just opened (its generator may be about to write its first event) is never judged.
    expect((await t.ctx.db.assistantMessage.findUniqueOrThrow({ where: { id: young.id } })).status).toBe("streaming");

    ai.script({ kind: "answer", text: "Cards and receipts." });
    const retried = (await request(t.app).post(`/api/v1/messages/${answer.id}/retry`).set(team.member.auth).send({}).expect(201)).body.data;
    expect(retried.messageId).not.toBe(answer.id);
    const done = await eventually(async () => (await messagesOf(th.id)).find((m) => m.id === retried.messageId && m.status === "complete") ?? false, { what: "the retried answer" });
    expect(done.content).toBe("Cards and receipts.");
  });

  it("with a log that stopped moving: failed after the grace period, and a stream following it ends with the error", async () => {
    const th = await newThread();
    const { answer } = await crashedAnswer(th.id);
    await eventLog(t.ctx).append(answer.id, { id: 1, type: "start", data: { messageId: answer.id } });
    await eventLog(t.ctx).append(answer.id, { id: 2, type: "chunk", data: { text: "Cards" } });
    // Within the grace period the log still counts as live.
    expect((await messagesOf(th.id)).find((m) => m.id === answer.id)!.status).toBe("streaming");
    const follower = await openSse(`${http.url}/api/v1/threads/${th.id}/stream?messageId=${answer.id}`, { headers: { ...(team.member.auth as Record<string, string>), "Last-Event-ID": "2" } });
    await eventually(async () => (await messagesOf(th.id)).find((m) => m.id === answer.id && m.status === "failed") ?? false, { what: "the silent answer marked failed", timeoutMs: 10_000 });
    const events = await follower.ended;
    expect(events.map((e) => [e.id, e.event])).toEqual([["3", "error"]]);
    expect(events[0]!.data).toMatchObject({ code: "AI_INTERRUPTED", messageId: answer.id });
  });

  it("on start-up every lost answer is marked failed", async () => {
    const one = await crashedAnswer((await newThread()).id);
    const two = await crashedAnswer((await newThread()).id);
    await recoverLostAnswers(t.ctx);
    const rows = await t.ctx.db.assistantMessage.findMany({ where: { id: { in: [one.answer.id, two.answer.id] } } });
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
  });
});

describe("events to the project room", () => {
  it("thread created, renamed, deleted and an answer completed, after commit; a refused rename emits nothing", async () => {
    const th = await newThread();
    await request(t.app).patch(`/api/v1/threads/${th.id}`).set(team.member.auth).send({ title: "Pricing" }).expect(200);
    await request(t.app).patch(`/api/v1/threads/${th.id}`).set(team.member.auth).send({ title: "Stale", version: 1 }).expect(409);
    await request(t.app).patch(`/api/v1/threads/${th.id}`).set(team.member.auth).send({ title: "  " }).expect(400);
    ai.script({ kind: "answer", text: "ok" });
    const s = await openSse(`${http.url}/api/v1/threads/${th.id}/messages`, { method: "POST", headers: team.member.auth as Record<string, string>, body: { content: "hi" } });
    await s.ended;
    await request(t.app).delete(`/api/v1/threads/${th.id}`).set(team.member.auth).expect(204);
    const mine = () => seen.filter((e) => [(e.data as { id?: string }).id, (e.data as { threadId?: string }).threadId].includes(th.id));
    await eventually(() => mine().some((e) => e.type === "assistant.thread_deleted") || false, { what: "the delete event" });
    const events = mine();
    expect(events.map((e) => e.type)).toEqual(["assistant.thread_created", "assistant.thread_updated", "assistant.message_completed", "assistant.thread_deleted"]);
    for (const e of events) expect(e).toMatchObject({ workspaceId: team.workspaceId, actorId: team.member.id, rooms: [`project:${projectId}`] });
    expect(events[1]!.data).toMatchObject({ id: th.id, title: "Pricing", version: 2 });
    expect(events[2]!.data).toMatchObject({ threadId: th.id, projectId, status: "complete" });
    expect(events[3]!.data).toEqual({ id: th.id, projectId });
  });
});

describe("citations", () => {
  it("refs go on across the searches of one answer, so each number names one passage", async () => {
    const th = await newThread();
    ai.requests.splice(0);
    ai.script(
      { kind: "answer", text: "", toolCalls: [{ id: "c1", name: "search_documents", arguments: JSON.stringify({ query: "cards" }) }] },
      { kind: "answer", text: "", toolCalls: [{ id: "c2", name: "search_documents", arguments: JSON.stringify({ query: "receipts" }) }] },
      { kind: "answer", text: "Cards [1], receipts [3]." },
    );
    const s = await openSse(`${http.url}/api/v1/threads/${th.id}/messages`, { method: "POST", headers: team.member.auth as Record<string, string>, body: { content: "cards and receipts?" } });
    const events = await s.ended;
    const results = events.filter((e) => e.event === "tool_result").map((e) => e.data.result as { query: string; passages: Array<{ ref: number; passageId: string }> });
    expect(results.map((r) => r.query)).toEqual(["cards", "receipts"]);
    expect(results.map((r) => r.passages.map((p) => [p.ref, p.passageId]))).toEqual([
      [[1, "cards-a"], [2, "cards-b"]],
      [[3, "receipts-a"], [4, "receipts-b"]],
    ]);
    // The model read the second search numbered on.
    const toolTexts = (ai.requests[2]!.body!.messages as Array<{ role: string; content: string }>).filter((m) => m.role === "tool").map((m) => m.content);
    expect(toolTexts[1]).toContain('ref="3"');
    expect(toolTexts[1]).toContain("e.g. [3]");
    // Stored with the message, as the page renders them.
    const stored = await eventually(async () => (await request(t.app).get(`/api/v1/threads/${th.id}/messages`).set(team.member.auth).expect(200)).body.data.find((m: { role: string; status: string }) => m.role === "assistant" && m.status === "complete") ?? false, { what: "the stored answer" });
    expect(stored.toolCalls.map((c: { result: { passages: Array<{ ref: number }> } }) => c.result.passages.map((p) => p.ref))).toEqual([[1, 2], [3, 4]]);
  });
});
