import request from "supertest";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp, type TestUser } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function setup() {
  const owner = await registerUser(t.app, { name: "Olive Owner" });
  const member = await registerUser(t.app, { name: "Mo Member" });
  const viewer = await registerUser(t.app, { name: "Vi Viewer" });
  const workspaceId = await createWorkspace(t.app, owner);
  await addMember(t.app, owner, workspaceId, member, "MEMBER");
  await addMember(t.app, owner, workspaceId, viewer, "VIEWER");
  const project = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Web", key: "WEB" })).body.data;
  return { owner, member, viewer, workspaceId, projectId: project.id as string };
}

const newTask = (u: TestUser, projectId: string, body: Record<string, unknown>) => request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(u.auth).send(body);

describe("tasks", () => {
  it("creates tasks with sequential keys, assignees and all fields", async () => {
    const { owner, member, projectId } = await setup();
    const a = await newTask(member, projectId, { title: "First", priority: "HIGH", storyPoints: 5, dueDate: "2026-12-01T17:00:00Z", assigneeIds: [owner.id, member.id], description: "**md**" });
    expect(a.status).toBe(201);
    expect(a.body.data).toMatchObject({ key: "WEB-1", number: 1, title: "First", status: "TODO", priority: "HIGH", storyPoints: 5, dueDate: "2026-12-01T17:00:00.000Z", version: 1, createdById: member.id });
    expect(a.body.data.assignees.map((x: { name: string }) => x.name).sort()).toEqual(["Mo Member", "Olive Owner"]);
    const many = await Promise.all(Array.from({ length: 10 }, (_, i) => newTask(owner, projectId, { title: `T${i}` })));
    expect(many.every((r) => r.status === 201)).toBe(true);
    expect(many.map((r) => r.body.data.number).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("a create writes the task at the end of its column with its labels, watchers and one activity entry", async () => {
    const { owner, member, workspaceId, projectId } = await setup();
    const label = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`).set(owner.auth).send({ name: "bug" })).body.data;
    const first = (await newTask(owner, projectId, { title: "First" })).body.data;
    const second = (await newTask(owner, projectId, { title: "Second", assigneeIds: [member.id], labelIds: [label.id] })).body.data;
    const done = (await newTask(owner, projectId, { title: "Shipped", status: "DONE" })).body.data;
    expect(second.position).toBeGreaterThan(first.position);
    expect(done.position).toBe(first.position); // the first card of its own column
    expect(done.completedAt).toEqual(expect.any(String));
    expect(first.completedAt).toBeNull();
    expect(second).toMatchObject({ priority: "MEDIUM", description: null, labels: [{ id: label.id, name: "bug" }], assignees: [{ id: member.id, name: "Mo Member" }] });

    const watchers = await t.ctx.db.taskWatcher.findMany({ where: { taskId: second.id }, select: { userId: true } });
    expect(watchers.map((w) => w.userId).sort()).toEqual([owner.id, member.id].sort());
    const activity = await t.ctx.db.activity.findMany({ where: { entityId: second.id } });
    expect(activity).toEqual([expect.objectContaining({ workspaceId, actorId: owner.id, entityType: "task", action: "created", after: { title: "Second", status: "TODO" } })]);
    const stored = await t.ctx.db.task.findUniqueOrThrow({ where: { id: second.id } });
    expect(stored.updatedAt.toISOString()).toBe(second.updatedAt);

    // A personal task has no column and no number.
    const personal = (await request(t.app).post("/api/v1/tasks").set(owner.auth).send({ title: "Buy milk", workspaceId })).body.data;
    expect(personal).toMatchObject({ projectId: null, number: null, key: null, position: 0 });
  });

  it("rejects bad input and changes nothing", async () => {
    const { owner, projectId, workspaceId } = await setup();
    const outsider = await registerUser(t.app);
    for (const body of [
      {},
      { title: "" },
      { title: "x".repeat(201) },
      { title: "ok", status: "DOING" },
      { title: "ok", priority: "URGENT" },
      { title: "ok", storyPoints: 0 },
      { title: "ok", storyPoints: 22 },
      { title: "ok", storyPoints: 2.5 },
      { title: "ok", dueDate: "tomorrow" },
      { title: "ok", assigneeIds: [outsider.id] },
      { title: "ok", assigneeIds: [owner.id, owner.id] },
      { title: "ok", parentId: "00000000-0000-4000-8000-000000000000" },
      { title: "ok", extra: 1 },
      { title: 42 },
    ]) {
      const res = await newTask(owner, projectId, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await t.ctx.db.task.count({ where: { workspaceId } })).toBe(0);
    // …and took no task number: the first good task is still WEB-1.
    expect((await newTask(owner, projectId, { title: "First good one" })).body.data.key).toBe("WEB-1");
  });

  it("PATCH requires the version; a stale one answers 409 with the current task; 20 concurrent PATCHes: one wins", async () => {
    const { owner, member, projectId } = await setup();
    const task = (await newTask(owner, projectId, { title: "Edit me" })).body.data;
    expectError(await request(t.app).patch(`/api/v1/tasks/${task.id}`).set(member.auth).send({ title: "No version" }), 400, "VALIDATION_ERROR");
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => request(t.app).patch(`/api/v1/tasks/${task.id}`).set(member.auth).send({ title: `Edit ${i}`, version: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(19);
    expect(losers[0].body.error.current).toMatchObject({ id: task.id, version: 2 });
    const activity = await t.ctx.db.activity.findMany({ where: { entityId: task.id, action: "updated" } });
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ field: "title", before: "Edit me", actorId: member.id });
  });

  it("moves a card between neighbours writing one row, and keeps order", async () => {
    const { owner, projectId } = await setup();
    const [a, b, c] = await Promise.all(["A", "B", "C"].map(async (title) => (await newTask(owner, projectId, { title })).body.data));
    const board = async (status: string) =>
      (await request(t.app).get(`/api/v1/projects/${projectId}/tasks?status=${status}`).set(owner.auth)).body.data.map((x: { title: string }) => x.title);
    // Board order: position, then id (tasks created at the same moment may share a position).
    const inOrder = [a, b, c].sort((x, y) => x.position - y.position || (x.id < y.id ? -1 : 1));
    // put the last card between the first two
    const moved = await request(t.app)
      .post(`/api/v1/tasks/${inOrder[2].id}/move`)
      .set(owner.auth)
      .send({ status: "TODO", beforeId: inOrder[0].id, afterId: inOrder[1].id, version: 1 });
    expect(moved.status).toBe(200);
    expect(await board("TODO")).toEqual([inOrder[0].title, inOrder[2].title, inOrder[1].title]);
    // across columns
    const toDone = await request(t.app).post(`/api/v1/tasks/${inOrder[0].id}/move`).set(owner.auth).send({ status: "DONE", version: 1 });
    expect(toDone.body.data).toMatchObject({ status: "DONE", version: 2 });
    expect(toDone.body.data.completedAt).not.toBeNull();
    expect(await board("DONE")).toEqual([inOrder[0].title]);
    // 60 moves into the same gap force a renumbering, order stays right
    let top = inOrder[2];
    const bottom = inOrder[1];
    for (let i = 0; i < 60; i++) {
      const created = (await newTask(owner, projectId, { title: `N${i}` })).body.data;
      const r = await request(t.app).post(`/api/v1/tasks/${created.id}/move`).set(owner.auth).send({ status: "TODO", beforeId: top.id, afterId: bottom.id, version: 1 });
      expect(r.status).toBe(200);
      top = r.body.data;
    }
    const col = await board("TODO&perPage=100");
    expect(col[0]).toBe(inOrder[2].title);
    expect(col[col.length - 1]).toBe(bottom.title);
    expect(col.slice(1, 61)).toEqual(Array.from({ length: 60 }, (_, i) => `N${i}`));
    // bad neighbours
    expectError(await request(t.app).post(`/api/v1/tasks/${bottom.id}/move`).set(owner.auth).send({ status: "DONE", beforeId: inOrder[2].id, version: 1 }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).post(`/api/v1/tasks/${bottom.id}/move`).set(owner.auth).send({ status: "TODO", version: 99 }), 409, "CONFLICT");
  });

  it("filters, searches, sorts and paginates the project list", async () => {
    const { owner, member, projectId } = await setup();
    await newTask(owner, projectId, { title: "Fix login bug", priority: "CRITICAL", assigneeIds: [member.id], dueDate: "2026-01-10T00:00:00Z" });
    await newTask(owner, projectId, { title: "Write docs", priority: "LOW", status: "IN_PROGRESS", dueDate: "2026-03-10T00:00:00Z" });
    await newTask(owner, projectId, { title: "Login page design", priority: "MEDIUM", description: "new look" });
    const get = async (q: string) => (await request(t.app).get(`/api/v1/projects/${projectId}/tasks?${q}`).set(owner.auth)).body;
    expect((await get("q=login")).data.map((x: { title: string }) => x.title).sort()).toEqual(["Fix login bug", "Login page design"]);
    expect((await get(`assigneeId=${member.id}`)).data.map((x: { title: string }) => x.title)).toEqual(["Fix login bug"]);
    expect((await get("status=TODO,IN_PROGRESS")).meta.total).toBe(3);
    expect((await get("status=IN_PROGRESS")).meta.total).toBe(1);
    expect((await get("priority=CRITICAL")).meta.total).toBe(1);
    expect((await get("dueBefore=2026-02-01T00:00:00Z")).data.map((x: { title: string }) => x.title)).toEqual(["Fix login bug"]);
    expect((await get("sort=-priority")).data[0].title).toBe("Fix login bug");
    expect((await get("sort=dueDate")).data.map((x: { title: string }) => x.title)).toEqual(["Fix login bug", "Write docs", "Login page design"]);
    const p1 = await get("perPage=2&sort=number");
    expect(p1.meta).toMatchObject({ total: 3, totalPages: 2 });
    for (const q of ["status=NOPE", "perPage=101", "sort=secret", "dueBefore=soon", "assigneeId=x", "foo=1"]) {
      expectError(await request(t.app).get(`/api/v1/projects/${projectId}/tasks?${q}`).set(owner.auth), 400, "VALIDATION_ERROR");
    }
  });

  it("lists every task exactly as GET /tasks/:id shows it (the list is one SQL query, the detail goes through Prisma)", async () => {
    const { owner, member, workspaceId, projectId } = await setup();
    const labels = await Promise.all(
      ["urgent", "Backend", "api"].map(async (name) => (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`).set(owner.auth).send({ name })).body.data.id as string),
    );
    const sprint = (await request(t.app).post(`/api/v1/projects/${projectId}/sprints`).set(owner.auth).send({ name: "S1", startDate: "2026-01-05", endDate: "2026-01-19" })).body.data;
    const rich = (
      await newTask(owner, projectId, {
        title: "Rich",
        description: "Some *markdown* and a 'quote'",
        priority: "CRITICAL",
        storyPoints: 8,
        dueDate: "2026-12-01T17:00:00.123Z",
        assigneeIds: [member.id, owner.id],
        labelIds: labels,
        sprintId: sprint.id,
      })
    ).body.data;
    await newTask(owner, projectId, { title: "Child", parentId: rich.id, assigneeIds: [member.id] });
    const gone = (await newTask(owner, projectId, { title: "Deleted child", parentId: rich.id })).body.data;
    await request(t.app).delete(`/api/v1/tasks/${gone.id}`).set(owner.auth).expect(204);
    const done = (await newTask(owner, projectId, { title: "Done one" })).body.data;
    await request(t.app).patch(`/api/v1/tasks/${done.id}`).set(owner.auth).send({ status: "DONE", version: 1 }).expect(200);
    await request(t.app).post("/api/v1/tasks").set(member.auth).send({ workspaceId, title: "Personal", dueDate: "2026-02-01T00:00:00Z" }).expect(201);

    const lists = [
      (await request(t.app).get(`/api/v1/projects/${projectId}/tasks`).set(owner.auth)).body.data,
      (await request(t.app).get("/api/v1/tasks").set(member.auth)).body.data,
    ];
    expect(lists.map((l) => l.length)).toEqual([3, 3]);
    for (const [list, user] of [[lists[0], owner], [lists[1], member]] as const) {
      for (const listed of list) {
        const detail = (await request(t.app).get(`/api/v1/tasks/${listed.id}`).set(user.auth)).body.data;
        expect(listed).toEqual(detail);
      }
    }
    const listedRich = lists[0].find((x: { id: string }) => x.id === rich.id);
    expect(listedRich).toMatchObject({ key: "WEB-1", subtaskCount: 1, sprintId: sprint.id, dueDate: "2026-12-01T17:00:00.123Z" });
    expect(listedRich.assignees.map((a: { id: string }) => a.id).sort()).toEqual([member.id, owner.id].sort());
    expect(listedRich.labels.map((l: { name: string }) => l.name)).toEqual(["api", "Backend", "urgent"]);
  });

  it("list edge cases: a page past the end keeps the total; LIKE wildcards are literal; sprint, label and parent filters", async () => {
    const { owner, workspaceId, projectId } = await setup();
    const label = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`).set(owner.auth).send({ name: "ux" })).body.data.id;
    const parent = (await newTask(owner, projectId, { title: "100% done_ish", labelIds: [label] })).body.data;
    await newTask(owner, projectId, { title: "100 percent", parentId: parent.id });
    const get = async (q: string) => (await request(t.app).get(`/api/v1/projects/${projectId}/tasks?${q}`).set(owner.auth)).body;
    const past = await get("page=5&perPage=1");
    expect(past.data).toEqual([]);
    expect(past.meta).toMatchObject({ page: 5, total: 2, totalPages: 2 });
    expect((await get("q=100%25")).data.map((x: { title: string }) => x.title)).toEqual(["100% done_ish"]);
    expect((await get("q=0_p")).data).toEqual([]); // "_" would match the space in "100 percent"
    expect((await get(`labelId=${label}`)).meta.total).toBe(1);
    expect((await get(`parentId=${parent.id}`)).data.map((x: { title: string }) => x.title)).toEqual(["100 percent"]);
    expect((await get("sprintId=none")).meta.total).toBe(2);
    expect((await get("sort=-number")).data.map((x: { number: number }) => x.number)).toEqual([2, 1]);
  });

  it("personal tasks are private; GET /tasks lists mine and those assigned to me", async () => {
    const { owner, member, workspaceId, projectId } = await setup();
    const personal = await request(t.app).post("/api/v1/tasks").set(member.auth).send({ workspaceId, title: "Buy milk" });
    expect(personal.status).toBe(201);
    expect(personal.body.data).toMatchObject({ projectId: null, key: null, title: "Buy milk" });
    expectError(await request(t.app).get(`/api/v1/tasks/${personal.body.data.id}`).set(owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).patch(`/api/v1/tasks/${personal.body.data.id}`).set(owner.auth).send({ title: "x", version: 1 }), 404, "NOT_FOUND");
    expectError(await request(t.app).post("/api/v1/tasks").set(member.auth).send({ workspaceId, title: "x", assigneeIds: [owner.id] }), 400, "VALIDATION_ERROR");
    await newTask(owner, projectId, { title: "Assigned to Mo", assigneeIds: [member.id] });
    await newTask(owner, projectId, { title: "Not Mo's" });
    const mine = await request(t.app).get("/api/v1/tasks").set(member.auth);
    expect(mine.body.data.map((x: { title: string }) => x.title).sort()).toEqual(["Assigned to Mo", "Buy milk"]);
    // complete / reopen, filter pending and completed
    await request(t.app).patch(`/api/v1/tasks/${personal.body.data.id}`).set(member.auth).send({ status: "DONE", version: 1 }).expect(200);
    const done = await request(t.app).get("/api/v1/tasks?status=DONE").set(member.auth);
    expect(done.body.data.map((x: { title: string }) => x.title)).toEqual(["Buy milk"]);
    const pending = await request(t.app).get("/api/v1/tasks?status=TODO,IN_PROGRESS,IN_REVIEW,BLOCKED").set(member.auth);
    expect(pending.body.data.map((x: { title: string }) => x.title)).toEqual(["Assigned to Mo"]);
    const stranger = await registerUser(t.app);
    expectError(await request(t.app).post("/api/v1/tasks").set(stranger.auth).send({ workspaceId, title: "x" }), 404, "NOT_FOUND");
  });

  it('POST /tasks {"title"} alone (seed 002) files a personal task in the first workspace I joined; in none yet, 409 says what to do', async () => {
    const { owner, member, workspaceId } = await setup();
    // Joined later, so not the first: a workspace of Mo's own, and one Olive made after hers.
    const later = await createWorkspace(t.app, member, "Mo's own");
    await createWorkspace(t.app, owner, "Olive's second");
    for (const u of [member, owner]) {
      const res = await request(t.app).post("/api/v1/tasks").set(u.auth).send({ title: "Buy stamps" });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ title: "Buy stamps", workspaceId, projectId: null, key: null, createdById: u.id });
    }
    // /auth/me lists that workspace first, and workspaceId still picks another.
    expect((await request(t.app).get("/api/v1/auth/me").set(member.auth)).body.data.workspaces[0].id).toBe(workspaceId);
    const there = await request(t.app).post("/api/v1/tasks").set(member.auth).send({ title: "Post letters", workspaceId: later });
    expect(there.body.data.workspaceId).toBe(later);
    const mine = await request(t.app).get("/api/v1/tasks").set(member.auth);
    expect(mine.body.data.map((x: { title: string }) => x.title).sort()).toEqual(["Buy stamps", "Post letters"]);

    const loner = await registerUser(t.app);
    const err = expectError(await request(t.app).post("/api/v1/tasks").set(loner.auth).send({ title: "Buy stamps" }), 409, "CONFLICT");
    expect(err.message).toMatch(/not in any workspace yet.*create a workspace \(POST \/api\/v1\/workspaces\) or accept an invitation/);
    expect(err.details).toEqual([{ field: "workspaceId", message: expect.stringMatching(/not a member of any workspace/) }]);
    expect((await request(t.app).get("/api/v1/tasks").set(loner.auth)).body.meta.total).toBe(0);
  });

  it("RBAC and tenancy: viewers read only; other workspaces answer 404; soft delete and restore", async () => {
    const { owner, member, viewer, projectId } = await setup();
    const task = (await newTask(member, projectId, { title: "Mine" })).body.data;
    expectError(await newTask(viewer, projectId, { title: "x" }), 403, "FORBIDDEN");
    expectError(await request(t.app).patch(`/api/v1/tasks/${task.id}`).set(viewer.auth).send({ title: "x", version: 1 }), 403, "FORBIDDEN");
    expectError(await request(t.app).post(`/api/v1/tasks/${task.id}/move`).set(viewer.auth).send({ status: "DONE", version: 1 }), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(`/api/v1/tasks/${task.id}`).set(viewer.auth), 403, "FORBIDDEN");
    expect((await request(t.app).get(`/api/v1/tasks/${task.id}`).set(viewer.auth)).status).toBe(200);
    const stranger = await registerUser(t.app);
    expectError(await request(t.app).get(`/api/v1/tasks/${task.id}`).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/projects/${projectId}/tasks`).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await newTask(stranger, projectId, { title: "x" }), 404, "NOT_FOUND");
    // the creator (a member) may delete their own task; it disappears and can be restored
    expect((await request(t.app).delete(`/api/v1/tasks/${task.id}`).set(member.auth)).status).toBe(204);
    expectError(await request(t.app).get(`/api/v1/tasks/${task.id}`).set(owner.auth), 404, "NOT_FOUND");
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/tasks`).set(owner.auth)).body.meta.total).toBe(0);
    const restored = await request(t.app).post(`/api/v1/tasks/${task.id}/restore`).set(owner.auth);
    expect(restored.status).toBe(200);
    expectError(await request(t.app).post(`/api/v1/tasks/${task.id}/restore`).set(owner.auth), 409, "CONFLICT");
    // subtasks: same project, no cycles
    const child = (await newTask(owner, projectId, { title: "Child", parentId: task.id })).body.data;
    expect(child.parentId).toBe(task.id);
    expect((await request(t.app).get(`/api/v1/tasks/${task.id}`).set(owner.auth)).body.data.subtaskCount).toBe(1);
    const v = (await request(t.app).get(`/api/v1/tasks/${task.id}`).set(owner.auth)).body.data.version;
    expectError(await request(t.app).patch(`/api/v1/tasks/${task.id}`).set(owner.auth).send({ parentId: child.id, version: v }), 400, "VALIDATION_ERROR");
  });
});
