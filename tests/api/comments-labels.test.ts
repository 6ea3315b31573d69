import request from "supertest";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp } from "../helpers/app";
import { eventually } from "../helpers/eventually";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function setup() {
  const owner = await registerUser(t.app, { name: "Olive" });
  const member = await registerUser(t.app, { name: "Mo" });
  const viewer = await registerUser(t.app, { name: "Vi" });
  const workspaceId = await createWorkspace(t.app, owner);
  await addMember(t.app, owner, workspaceId, member, "MEMBER");
  await addMember(t.app, owner, workspaceId, viewer, "VIEWER");
  const projectId = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "App", key: "APP" })).body.data.id as string;
  return { owner, member, viewer, workspaceId, projectId };
}
const notificationsOf = async (auth: { Authorization: string }) => (await request(t.app).get("/api/v1/notifications").set(auth)).body.data as Array<{ type: string; title: string }>;

describe("labels", () => {
  it("CRUD, unique names, tenancy, and use on tasks with a filter", async () => {
    const { owner, member, viewer, workspaceId, projectId } = await setup();
    const bug = await request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`).set(member.auth).send({ name: "bug", color: "#ef4444" });
    expect(bug.status).toBe(201);
    expectError(await request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`).set(member.auth).send({ name: "bug" }), 409, "CONFLICT");
    expectError(await request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`).set(viewer.auth).send({ name: "nope" }), 403, "FORBIDDEN");
    for (const body of [{}, { name: "" }, { name: "x".repeat(51) }, { name: "ok", color: "blue" }, { name: "ok", extra: 1 }]) {
      expectError(await request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`).set(member.auth).send(body), 400, "VALIDATION_ERROR");
    }
    const ux = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`).set(member.auth).send({ name: "ux" })).body.data;
    const list = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/labels`).set(viewer.auth);
    expect(list.body.data.map((l: { name: string }) => l.name)).toEqual(["bug", "ux"]);

    const task = (await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title: "Crash", labelIds: [bug.body.data.id] })).body.data;
    expect(task.labels).toEqual([{ id: bug.body.data.id, name: "bug", color: "#ef4444" }]);
    await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title: "Polish", labelIds: [ux.id] });
    const filtered = await request(t.app).get(`/api/v1/projects/${projectId}/tasks?labelId=${bug.body.data.id}`).set(owner.auth);
    expect(filtered.body.data.map((x: { title: string }) => x.title)).toEqual(["Crash"]);

    const other = await createWorkspace(t.app, owner, "Other");
    const foreign = (await request(t.app).post(`/api/v1/workspaces/${other}/labels`).set(owner.auth).send({ name: "foreign" })).body.data;
    expectError(await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title: "x", labelIds: [foreign.id] }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).patch(`/api/v1/labels/${foreign.id}`).set(member.auth).send({ name: "mine" }), 404, "NOT_FOUND");

    const renamed = await request(t.app).patch(`/api/v1/labels/${ux.id}`).set(member.auth).send({ name: "design" });
    expect(renamed.body.data.name).toBe("design");
    expectError(await request(t.app).patch(`/api/v1/labels/${ux.id}`).set(member.auth).send({ name: "bug" }), 409, "CONFLICT");
    expectError(await request(t.app).delete(`/api/v1/labels/${bug.body.data.id}`).set(member.auth), 403, "FORBIDDEN");
    expect((await request(t.app).delete(`/api/v1/labels/${bug.body.data.id}`).set(owner.auth)).status).toBe(204);
    expect((await request(t.app).get(`/api/v1/tasks/${task.id}`).set(owner.auth)).body.data.labels).toEqual([]);
  });
});

describe("comments, mentions, watchers", () => {
  it("comments notify mentioned members and watchers; authors edit their own; admins delete any", async () => {
    const { owner, member, viewer, projectId } = await setup();
    const task = (await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title: "Ship it", assigneeIds: [member.id] })).body.data;
    // assignment notification
    await eventually(async () => (await notificationsOf(member.auth)).some((n) => n.type === "ASSIGNED" && n.title.includes("APP-1")), { what: "the member's ASSIGNED notification for APP-1" });

    const c = await request(t.app).post(`/api/v1/tasks/${task.id}/comments`).set(member.auth).send({ body: `Looks good <@${viewer.id}>, **ship** <script>alert(1)</script>` });
    expect(c.status).toBe(201);
    expect(c.body.data).toMatchObject({ taskId: task.id, authorId: member.id, author: { id: member.id, name: "Mo" }, mentions: [viewer.id] });
    expect(c.body.data.body).toContain("<script>"); // stored verbatim; the web app renders sanitised markdown
    await eventually(async () => (await notificationsOf(viewer.auth)).some((n) => n.type === "MENTIONED"), { what: "the viewer's MENTIONED notification" });
    // the owner created the task, so watches it
    await eventually(async () => (await notificationsOf(owner.auth)).some((n) => n.type === "WATCHED_COMMENT"), { what: "the owner's WATCHED_COMMENT notification" });
    expect((await notificationsOf(member.auth)).some((n) => n.type === "WATCHED_COMMENT")).toBe(false); // never the author

    expectError(await request(t.app).post(`/api/v1/tasks/${task.id}/comments`).set(viewer.auth).send({ body: "hi" }), 403, "FORBIDDEN");
    const stranger = await registerUser(t.app);
    expectError(await request(t.app).post(`/api/v1/tasks/${task.id}/comments`).set(member.auth).send({ body: `hey <@${stranger.id}>` }), 400, "VALIDATION_ERROR");
    for (const body of [{}, { body: "" }, { body: "x".repeat(20_001) }, { body: 5 }, { body: "ok", extra: 1 }]) {
      expectError(await request(t.app).post(`/api/v1/tasks/${task.id}/comments`).set(member.auth).send(body), 400, "VALIDATION_ERROR");
    }
    expectError(await request(t.app).get(`/api/v1/tasks/${task.id}/comments`).set(stranger.auth), 404, "NOT_FOUND");

    const list = await request(t.app).get(`/api/v1/tasks/${task.id}/comments`).set(viewer.auth);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.meta.total).toBe(1);

    expectError(await request(t.app).patch(`/api/v1/comments/${c.body.data.id}`).set(owner.auth).send({ body: "not yours" }), 403, "FORBIDDEN");
    const edited = await request(t.app).patch(`/api/v1/comments/${c.body.data.id}`).set(member.auth).send({ body: "Edited", version: 1 });
    expect(edited.body.data).toMatchObject({ body: "Edited", version: 2 });
    expect(edited.body.data.editedAt).not.toBeNull();
    expectError(await request(t.app).patch(`/api/v1/comments/${c.body.data.id}`).set(member.auth).send({ body: "Stale", version: 1 }), 409, "CONFLICT");
    expectError(await request(t.app).patch(`/api/v1/comments/${c.body.data.id}`).set(stranger.auth).send({ body: "x" }), 404, "NOT_FOUND");

    const mine = (await request(t.app).post(`/api/v1/tasks/${task.id}/comments`).set(owner.auth).send({ body: "owner here" })).body.data;
    expectError(await request(t.app).delete(`/api/v1/comments/${mine.id}`).set(member.auth), 403, "FORBIDDEN");
    expect((await request(t.app).delete(`/api/v1/comments/${c.body.data.id}`).set(owner.auth)).status).toBe(204); // admin deletes any
    expect((await request(t.app).delete(`/api/v1/comments/${mine.id}`).set(owner.auth)).status).toBe(204);
    expectError(await request(t.app).delete(`/api/v1/comments/${mine.id}`).set(owner.auth), 404, "NOT_FOUND");

    // task activity: created, comments created and deleted
    const activity = await request(t.app).get(`/api/v1/tasks/${task.id}/activity`).set(viewer.auth);
    expect(activity.body.data.map((a: { entityType: string; action: string }) => `${a.entityType}.${a.action}`)).toEqual([
      "task.created",
      "task.commented",
      "task.commented",
      "task.comment_deleted",
      "task.comment_deleted",
    ]);
  });

  it("watch and unwatch", async () => {
    const { owner, viewer, projectId } = await setup();
    const task = (await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title: "Watch me" })).body.data;
    const on = await request(t.app).put(`/api/v1/tasks/${task.id}/watch`).set(viewer.auth).send({ watching: true });
    expect(on.body.data.watcherIds.sort()).toEqual([owner.id, viewer.id].sort());
    const off = await request(t.app).put(`/api/v1/tasks/${task.id}/watch`).set(viewer.auth).send({ watching: false });
    expect(off.body.data.watcherIds).toEqual([owner.id]);
    const state = await request(t.app).get(`/api/v1/tasks/${task.id}/watch`).set(viewer.auth);
    expect(state.body.data).toEqual({ watching: false, watcherIds: [owner.id] });
    expect((await request(t.app).get(`/api/v1/tasks/${task.id}/watch`).set(owner.auth)).body.data.watching).toBe(true);
    expectError(await request(t.app).put(`/api/v1/tasks/${task.id}/watch`).set(viewer.auth).send({ watching: "yes" }), 400, "VALIDATION_ERROR");
  });
});
