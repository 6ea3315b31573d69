import request from "supertest";
import { createTestApp, type TestApp } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import { listen, openSse } from "../helpers/sse";
import { createTeam } from "../helpers/team";
import { recoverLostAnswers } from "../../src/modules/assistant";
import { eventLog } from "../../src/modules/assistant/event-log";

/**
 * A lost answer with Redis: its Redis Streams log outlives the process that
 * died (a restart), so the answer is judged by its last event's time. Within
 * the grace period it stays streaming; after it, start-up recovery marks it
 * failed and appends the error event, which a follower on another instance
 * receives.
 */

let a: TestApp;
let b: TestApp;
let httpB: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const env = { ASSISTANT_STREAM_GRACE_SECONDS: "1", ASSISTANT_HEARTBEAT_MS: "200" };
  a = await createTestApp({ redis: true, env });
  b = await createTestApp({ redis: true, env });
  if (!a.ctx.redis) throw new Error("this test needs Redis (TEST_REDIS_URL)");
  httpB = await listen(b.app);
});
afterAll(async () => {
  await httpB?.close();
  await a?.close();
  await b?.close();
});

it("a silent Redis log past the grace period: failed on start-up, the follower on another instance gets the error", async () => {
  const team = await createTeam(a.app, "Lost with Redis");
  const project = (await request(a.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Checkout", key: "CHK" }).expect(201)).body.data;
  const th = (await request(a.app).post(`/api/v1/projects/${project.id}/threads`).set(team.member.auth).send({ mode: "chat" }).expect(201)).body.data;
  const at = new Date(Date.now() - 60_000);
  const question = await a.ctx.db.assistantMessage.create({ data: { threadId: th.id, workspaceId: team.workspaceId, role: "user", content: "Hi", status: "complete", createdAt: at } });
  const answer = await a.ctx.db.assistantMessage.create({ data: { threadId: th.id, workspaceId: team.workspaceId, role: "assistant", status: "streaming", replyToId: question.id, createdAt: new Date(at.getTime() + 1) } });
  await eventLog(a.ctx).append(answer.id, { id: 1, type: "start", data: { messageId: answer.id } });
  await eventLog(a.ctx).append(answer.id, { id: 2, type: "chunk", data: { text: "Hel" } });
  expect(await eventLog(b.ctx).lastEvent(answer.id)).toEqual({ id: 2, at: expect.any(Number) });

  // Fresh log: start-up recovery leaves it alone.
  await recoverLostAnswers(b.ctx);
  expect((await b.ctx.db.assistantMessage.findUniqueOrThrow({ where: { id: answer.id } })).status).toBe("streaming");

  const follower = await openSse(`${httpB.url}/api/v1/threads/${th.id}/stream?messageId=${answer.id}`, { headers: { ...(team.member.auth as Record<string, string>), "Last-Event-ID": "2" } });
  await eventually(async () => {
    await recoverLostAnswers(b.ctx);
    return (await b.ctx.db.assistantMessage.findUniqueOrThrow({ where: { id: answer.id } })).status === "failed" || false;
  }, { what: "the silent answer marked failed", timeoutMs: 10_000, intervalMs: 300 });
  const events = await follower.ended;
  expect(events.map((e) => [e.id, e.event, e.data.code])).toEqual([["3", "error", "AI_INTERRUPTED"]]);
  const stored = await b.ctx.db.assistantMessage.findUniqueOrThrow({ where: { id: answer.id } });
  expect(stored.error).toMatchObject({ code: "AI_INTERRUPTED" });
});
