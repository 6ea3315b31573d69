import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";

/** Assistant threads without an AI provider: CRUD, paging, versions, who may, and 503 AI_NOT_CONFIGURED on send (nothing saved). */

let t: TestApp;
let team: Team;
let projectId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { AI_PROVIDER: undefined, AI_MODEL: undefined, AI_BASE_URL: undefined, AI_API_KEY: undefined } });
  team = await createTeam(t.app, "Threads");
  projectId = (await request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Discovery", key: "DSC" })).body.data.id;
});
afterAll(async () => {
  await t?.close();
});

const create = (body: object, as = team.member) => request(t.app).post(`/api/v1/projects/${projectId}/threads`).set(as.auth).send(body);

describe("threads", () => {
  it("creates with a default title per mode, lists newest first with paging and a mode filter", async () => {
    const chat = (await create({ mode: "chat" }).expect(201)).body.data;
    expect(chat).toMatchObject({ title: "New conversation", mode: "chat", projectId, version: 1, createdById: team.member.id });
    const blueprint = (await create({ mode: "blueprint" }).expect(201)).body.data;
    expect(blueprint.title).toBe("System blueprint");
    const named = (await create({ title: "  Pricing questions  " }).expect(201)).body.data;
    expect(named).toMatchObject({ title: "Pricing questions", mode: "chat" });

    const page = (await request(t.app).get(`/api/v1/projects/${projectId}/threads?perPage=2`).set(team.viewer.auth).expect(200)).body;
    expect(page.data.map((x: { id: string }) => x.id)).toEqual([named.id, blueprint.id]);
    expect(page.meta).toMatchObject({ total: 3, totalPages: 2 });
    const blueprints = (await request(t.app).get(`/api/v1/projects/${projectId}/threads?mode=blueprint`).set(team.member.auth).expect(200)).body.data;
    expect(blueprints.map((x: { id: string }) => x.id)).toEqual([blueprint.id]);
    expect((await request(t.app).get(`/api/v1/threads/${chat.id}`).set(team.viewer.auth).expect(200)).body.data.id).toBe(chat.id);
  });

  it("rejects bad input with the field named and saves nothing", async () => {
    const before = await t.ctx.db.assistantThread.count({ where: { projectId } });
    const bad = await create({ mode: "debate" });
    expectError(bad, 400, "VALIDATION_ERROR");
    expect(bad.body.error.details[0].field).toBe("mode");
    const empty = await create({ title: "   " });
    expect(empty.body.error.details[0].field).toBe("title");
    expectError(await create({ mode: "chat", extra: 1 }), 400, "VALIDATION_ERROR");
    expect(await t.ctx.db.assistantThread.count({ where: { projectId } })).toBe(before);
  });

  it("renames with versions (stale If-Match → 409 with the current thread) and deletes with its messages", async () => {
    const th = (await create({ title: "Old" }).expect(201)).body.data;
    const renamed = (await request(t.app).patch(`/api/v1/threads/${th.id}`).set(team.member.auth).set("If-Match", "1").send({ title: "New" }).expect(200)).body.data;
    expect(renamed).toMatchObject({ title: "New", version: 2 });
    const stale = await request(t.app).patch(`/api/v1/threads/${th.id}`).set(team.member.auth).send({ title: "Other", version: 1 });
    expectError(stale, 409, "CONFLICT");
    expect(stale.body.error.current).toMatchObject({ title: "New", version: 2 });
    expectError(await request(t.app).patch(`/api/v1/threads/${th.id}`).set(team.viewer.auth).send({ title: "Viewer" }), 403, "FORBIDDEN");
    await t.ctx.db.assistantMessage.create({ data: { threadId: th.id, workspaceId: team.workspaceId, role: "user", content: "kept until delete" } });
    await request(t.app).delete(`/api/v1/threads/${th.id}`).set(team.member.auth).expect(204);
    expectError(await request(t.app).get(`/api/v1/threads/${th.id}`).set(team.member.auth), 404, "NOT_FOUND");
    expect(await t.ctx.db.assistantMessage.count({ where: { threadId: th.id } })).toBe(0);
  });

  it("pages messages newest last with a before cursor", async () => {
    const th = (await create({ title: "Paged" }).expect(201)).body.data;
    const base = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < 5; i++) {
      await t.ctx.db.assistantMessage.create({ data: { threadId: th.id, workspaceId: team.workspaceId, role: i % 2 ? "assistant" : "user", content: `m${i}`, createdAt: new Date(base + i * 1000) } });
    }
    const first = (await request(t.app).get(`/api/v1/threads/${th.id}/messages?limit=2`).set(team.member.auth).expect(200)).body;
    expect(first.data.map((m: { content: string }) => m.content)).toEqual(["m3", "m4"]);
    expect(first.meta.hasMore).toBe(true);
    const second = (await request(t.app).get(`/api/v1/threads/${th.id}/messages?limit=2&before=${first.meta.nextBefore}`).set(team.member.auth).expect(200)).body;
    expect(second.data.map((m: { content: string }) => m.content)).toEqual(["m1", "m2"]);
    const third = (await request(t.app).get(`/api/v1/threads/${th.id}/messages?limit=2&before=${second.meta.nextBefore}`).set(team.member.auth).expect(200)).body;
    expect(third.data.map((m: { content: string }) => m.content)).toEqual(["m0"]);
    expect(third.meta).toEqual({ hasMore: false, nextBefore: null });
    const bad = await request(t.app).get(`/api/v1/threads/${th.id}/messages?before=${crypto.randomUUID()}`).set(team.member.auth);
    expectError(bad, 400, "VALIDATION_ERROR");
    expect(bad.body.error.details[0].field).toBe("before");
  });

  it("no provider: sending answers 503 AI_NOT_CONFIGURED naming the variables, and saves no message", async () => {
    const th = (await create({}).expect(201)).body.data;
    const res = await request(t.app).post(`/api/v1/threads/${th.id}/messages`).set(team.member.auth).set("Accept", "text/event-stream").send({ content: "hello?" });
    expectError(res, 503, "AI_NOT_CONFIGURED");
    expect(res.body.error.message).toContain("AI_PROVIDER");
    expect(await t.ctx.db.assistantMessage.count({ where: { threadId: th.id } })).toBe(0);
  });
});
