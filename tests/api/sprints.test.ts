import request from "supertest";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("sprints and project stats", () => {
  it("plan, start (one at a time), complete with carry-over; velocity and burndown in stats", async () => {
    const owner = await registerUser(t.app);
    const viewer = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    await addMember(t.app, owner, workspaceId, viewer, "VIEWER");
    const projectId = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Sprinty", key: "SPR" })).body.data.id;
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 13 * 86400_000).toISOString().slice(0, 10);
    const s1 = (await request(t.app).post(`/api/v1/projects/${projectId}/sprints`).set(owner.auth).send({ name: "Sprint 1", goal: "Ship", startDate: today, endDate: later })).body.data;
    const s2 = (await request(t.app).post(`/api/v1/projects/${projectId}/sprints`).set(owner.auth).send({ name: "Sprint 2" })).body.data;
    expect(s1).toMatchObject({ status: "PLANNED", taskCount: 0, points: 0 });
    const mk = async (title: string, storyPoints: number, extra: Record<string, unknown> = {}) =>
      (await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title, storyPoints, sprintId: s1.id, ...extra })).body.data;
    const a = await mk("A", 3);
    const b = await mk("B", 5, { dueDate: "2020-01-01T00:00:00Z" });
    await mk("C", 8);
    await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title: "Backlog item" });
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/tasks?sprintId=none`).set(owner.auth)).body.data.map((x: { title: string }) => x.title)).toEqual(["Backlog item"]);
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/tasks?sprintId=${s1.id}`).set(owner.auth)).body.meta.total).toBe(3);

    expectError(await request(t.app).post(`/api/v1/sprints/${s1.id}/start`).set(viewer.auth), 403, "FORBIDDEN");
    const started = await request(t.app).post(`/api/v1/sprints/${s1.id}/start`).set(owner.auth);
    expect(started.body.data).toMatchObject({ status: "ACTIVE", taskCount: 3, points: 16 });
    expectError(await request(t.app).post(`/api/v1/sprints/${s2.id}/start`).set(owner.auth), 409, "CONFLICT");
    expectError(await request(t.app).post(`/api/v1/sprints/${s1.id}/start`).set(owner.auth), 409, "CONFLICT");
    expectError(await request(t.app).delete(`/api/v1/sprints/${s1.id}`).set(owner.auth), 409, "CONFLICT");

    await request(t.app).post(`/api/v1/tasks/${a.id}/move`).set(owner.auth).send({ status: "DONE", version: a.version }).expect(200);
    const stats = (await request(t.app).get(`/api/v1/projects/${projectId}/stats`).set(viewer.auth)).body.data;
    expect(stats.byStatus).toMatchObject({ TODO: 3, DONE: 1, IN_PROGRESS: 0 });
    expect(stats.total).toBe(4);
    expect(stats.overdue).toBe(1);
    expect(stats.completedThisWeek).toBe(1);
    expect(stats.burndown).toMatchObject({ sprintId: s1.id, totalPoints: 16 });
    expect(stats.burndown.days[0]).toMatchObject({ date: today, remaining: 13, ideal: 16 });

    const bad = await request(t.app).post(`/api/v1/sprints/${s1.id}/complete`).set(owner.auth).send({ carryOverTo: s1.id });
    expectError(bad, 400, "VALIDATION_ERROR");
    const completed = await request(t.app).post(`/api/v1/sprints/${s1.id}/complete`).set(owner.auth).send({ carryOverTo: s2.id });
    expect(completed.body.data).toMatchObject({ status: "COMPLETED", completedPoints: 3, taskCount: 1 });
    expect((await request(t.app).get(`/api/v1/tasks/${b.id}`).set(owner.auth)).body.data.sprintId).toBe(s2.id);
    const after = (await request(t.app).get(`/api/v1/projects/${projectId}/stats`).set(owner.auth)).body.data;
    expect(after.velocity).toEqual([expect.objectContaining({ sprintId: s1.id, completedPoints: 3 })]);
    expect(after.burndown).toBeNull();
    expectError(await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title: "late", sprintId: s1.id }), 400, "VALIDATION_ERROR");

    const list = await request(t.app).get(`/api/v1/projects/${projectId}/sprints`).set(viewer.auth);
    expect(list.body.data.map((s: { name: string }) => s.name)).toEqual(["Sprint 2", "Sprint 1"]);
    const renamed = await request(t.app).patch(`/api/v1/sprints/${s2.id}`).set(owner.auth).send({ name: "Sprint 2b", version: 1 });
    expect(renamed.body.data.name).toBe("Sprint 2b");
    expectError(await request(t.app).patch(`/api/v1/sprints/${s2.id}`).set(owner.auth).send({ name: "stale", version: 1 }), 409, "CONFLICT");
    for (const body of [{ name: "" }, { startDate: "2026-02-01", endDate: "2026-01-01" }, { name: "x", extra: 1 }, { startDate: "soon" }]) {
      expectError(await request(t.app).patch(`/api/v1/sprints/${s2.id}`).set(owner.auth).send(body), 400, "VALIDATION_ERROR");
    }
    const stranger = await registerUser(t.app);
    expectError(await request(t.app).get(`/api/v1/projects/${projectId}/sprints`).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/projects/${projectId}/stats`).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/sprints/${s2.id}/start`).set(stranger.auth), 404, "NOT_FOUND");
    expect((await request(t.app).delete(`/api/v1/sprints/${s2.id}`).set(owner.auth)).status).toBe(204);
    expect((await request(t.app).get(`/api/v1/tasks/${b.id}`).set(owner.auth)).body.data.sprintId).toBeNull();
  });

  it("two concurrent starts of different sprints: exactly one wins", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const projectId = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Race", key: "RC" })).body.data.id;
    const ids = await Promise.all(["x", "y", "z"].map(async (name) => (await request(t.app).post(`/api/v1/projects/${projectId}/sprints`).set(owner.auth).send({ name })).body.data.id));
    const results = await Promise.all(ids.map((id) => request(t.app).post(`/api/v1/sprints/${id}/start`).set(owner.auth)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });
});
