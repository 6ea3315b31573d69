import request from "supertest";
import { createTestApp, expectError, registerUser, type TestApp } from "../helpers/app";
import { createTeam } from "../helpers/team";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function setup() {
  const { owner, member, viewer, workspaceId } = await createTeam(t.app);
  const projectId = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Bulk", key: "BLK" })).body.data.id;
  const ids: string[] = [];
  for (const title of ["a", "b", "c"]) ids.push((await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title })).body.data.id);
  return { owner, member, viewer, workspaceId, projectId, ids };
}
const bulk = (auth: { Authorization: string }, body: object) => request(t.app).post("/api/v1/tasks/bulk").set(auth).send(body);

describe("bulk task operations", () => {
  it("move, assign, close and delete in one call each", async () => {
    const { owner, member, projectId, ids } = await setup();
    const moved = await bulk(member.auth, { action: "move", ids, status: "IN_REVIEW" });
    expect(moved.status).toBe(200);
    expect(moved.body.data.map((x: { status: string }) => x.status)).toEqual(["IN_REVIEW", "IN_REVIEW", "IN_REVIEW"]);
    const assigned = await bulk(member.auth, { action: "assign", ids: ids.slice(0, 2), assigneeIds: [member.id, owner.id] });
    expect(assigned.body.data.every((x: { assignees: unknown[] }) => x.assignees.length === 2)).toBe(true);
    const closed = await bulk(member.auth, { action: "close", ids: [ids[0]] });
    expect(closed.body.data[0]).toMatchObject({ status: "DONE" });
    expect(closed.body.data[0].completedAt).not.toBeNull();
    expect((await bulk(owner.auth, { action: "delete", ids: [ids[1], ids[2]] })).status).toBe(200);
    const left = await request(t.app).get(`/api/v1/projects/${projectId}/tasks`).set(owner.auth);
    expect(left.body.data.map((x: { id: string }) => x.id)).toEqual([ids[0]]);
  });

  it("is all or nothing: one unknown id, one forbidden task, or one bad assignee changes nothing", async () => {
    const { owner, viewer, ids } = await setup();
    const stranger = await registerUser(t.app);
    const before = await t.ctx.db.task.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    const ghost = await bulk(owner.auth, { action: "close", ids: [...ids, "00000000-0000-4000-8000-000000000000"] });
    const err = expectError(ghost, 404, "NOT_FOUND");
    expect(err.details?.[0]).toMatchObject({ id: "00000000-0000-4000-8000-000000000000" });
    expectError(await bulk(viewer.auth, { action: "move", ids, status: "DONE" }), 403, "FORBIDDEN");
    expectError(await bulk(stranger.auth, { action: "close", ids }), 404, "NOT_FOUND");
    expectError(await bulk(owner.auth, { action: "assign", ids, assigneeIds: [stranger.id] }), 400, "VALIDATION_ERROR");
    const after = await t.ctx.db.task.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(after.map((x) => [x.status, x.version, x.deletedAt])).toEqual(before.map((x) => [x.status, x.version, x.deletedAt]));
    expect(await t.ctx.db.taskAssignee.count({ where: { taskId: { in: ids } } })).toBe(0);
  });

  it("rejects bad input", async () => {
    const { owner, ids } = await setup();
    for (const body of [
      {},
      { action: "explode", ids },
      { action: "move", ids },
      { action: "move", ids, status: "NOPE" },
      { action: "close", ids: [] },
      { action: "close", ids: [ids[0], ids[0]] },
      { action: "close", ids: Array.from({ length: 101 }, () => ids[0]) },
      { action: "close", ids: ["x"] },
      { action: "close", ids, extra: 1 },
      { action: "assign", ids },
    ]) {
      expectError(await bulk(owner.auth, body), 400, "VALIDATION_ERROR");
    }
  });
});
