import request from "supertest";
import { snapshotSprintsJob } from "../../src/modules/stats";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp, type TestUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DAY = 86_400_000;
const PAST = "2020-01-01T00:00:00Z";
const day = (d: Date) => d.toISOString().slice(0, 10);
/** Monday 00:00 UTC of this week, computed independently of the server's helper. */
function thisMonday(): Date {
  const now = new Date();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY);
}

const stats = (user: TestUser, workspaceId: string, qs = "") => request(t.app).get(`/api/v1/workspaces/${workspaceId}/stats${qs}`).set(user.auth);

async function project(user: TestUser, workspaceId: string, name: string, key: string): Promise<string> {
  const res = await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(user.auth).send({ name, key });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

async function task(user: TestUser, projectId: string, body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(user.auth).send(body);
  expect(res.status).toBe(201);
  return res.body.data;
}

/** Seeds a completion time in the past: the API only ever stamps "now". */
const completedAt = (id: string, at: Date) => t.ctx.db.task.update({ where: { id }, data: { completedAt: at } });

async function runSprint(user: TestUser, projectId: string, name: string, tasks: Array<Record<string, unknown>>) {
  const sprint = (await request(t.app).post(`/api/v1/projects/${projectId}/sprints`).set(user.auth).send({ name })).body.data;
  for (const body of tasks) await task(user, projectId, { ...body, sprintId: sprint.id });
  await request(t.app).post(`/api/v1/sprints/${sprint.id}/start`).set(user.auth).expect(200);
  await request(t.app).post(`/api/v1/sprints/${sprint.id}/complete`).set(user.auth).send({}).expect(200);
  return sprint.id as string;
}

describe("GET /workspaces/:workspaceId/stats", () => {
  it("counts the team's tasks across projects that are not archived, never personal tasks, deleted tasks or other workspaces", async () => {
    const owner = await registerUser(t.app);
    const member = await registerUser(t.app);
    const viewer = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    await addMember(t.app, owner, workspaceId, member, "MEMBER");
    await addMember(t.app, owner, workspaceId, viewer, "VIEWER");
    const monday = thisMonday();

    const alpha = await project(owner, workspaceId, "Alpha", "ALP");
    await task(owner, alpha, { title: "a1", status: "TODO", storyPoints: 3, dueDate: PAST });
    await task(owner, alpha, { title: "a2", status: "IN_PROGRESS", storyPoints: 5 });
    const a3 = await task(owner, alpha, { title: "a3", status: "DONE", storyPoints: 2 });
    const a4 = await task(owner, alpha, { title: "a4 (done, so not overdue)", status: "DONE", dueDate: PAST });
    const deleted = await task(owner, alpha, { title: "deleted", dueDate: PAST });
    await request(t.app).delete(`/api/v1/tasks/${deleted.id}`).set(owner.auth).expect(204);

    const beta = await project(member, workspaceId, "Beta", "BET");
    await task(member, beta, { title: "b1", status: "BLOCKED", dueDate: PAST });
    const b2 = await task(member, beta, { title: "b2", status: "DONE", storyPoints: 8 });
    const b3 = await task(member, beta, { title: "b3", status: "DONE", storyPoints: 1 });
    const b4 = await task(member, beta, { title: "b4 (done before the window)", status: "DONE", storyPoints: 13 });
    await project(owner, workspaceId, "Empty", "EMP");

    // The week boundaries: Monday 00:00 UTC belongs to the new week, the instant before to the old one.
    await completedAt(a3.id, new Date(monday.getTime() + 60_000));
    await completedAt(a4.id, monday);
    await completedAt(b2.id, new Date(monday.getTime() - 1));
    await completedAt(b3.id, new Date(monday.getTime() - 14 * DAY + 3_600_000));
    await completedAt(b4.id, new Date(monday.getTime() - 8 * 7 * DAY));

    // Not counted: an archived project, personal tasks (the caller's own and another member's), another workspace.
    const archived = await project(owner, workspaceId, "Old", "OLD");
    await task(owner, archived, { title: "old", dueDate: PAST });
    await request(t.app).post(`/api/v1/projects/${archived}/archive`).set(owner.auth).expect(200);
    for (const user of [owner, member]) {
      await request(t.app).post("/api/v1/tasks").set(user.auth).send({ workspaceId, title: "private", dueDate: PAST }).expect(201);
      await request(t.app).post("/api/v1/tasks").set(user.auth).send({ workspaceId, title: "private done", status: "DONE", storyPoints: 21 }).expect(201);
    }
    const otherWorkspace = await createWorkspace(t.app, member, "Elsewhere");
    await task(member, await project(member, otherWorkspace, "Gamma", "GAM"), { title: "elsewhere", dueDate: PAST, status: "DONE" });

    const res = await stats(owner, workspaceId);
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.byStatus).toEqual({ TODO: 1, IN_PROGRESS: 1, IN_REVIEW: 0, BLOCKED: 1, DONE: 5, ARCHIVED: 0 });
    expect({ total: data.total, open: data.open, overdue: data.overdue }).toEqual({ total: 8, open: 3, overdue: 2 });

    const weeksAgo = (n: number) => day(new Date(monday.getTime() - n * 7 * DAY));
    expect(data.completedPerWeek).toEqual([
      { weekStart: weeksAgo(7), tasks: 0, points: 0 },
      { weekStart: weeksAgo(6), tasks: 0, points: 0 },
      { weekStart: weeksAgo(5), tasks: 0, points: 0 },
      { weekStart: weeksAgo(4), tasks: 0, points: 0 },
      { weekStart: weeksAgo(3), tasks: 0, points: 0 },
      { weekStart: weeksAgo(2), tasks: 1, points: 1 },
      { weekStart: weeksAgo(1), tasks: 1, points: 8 },
      { weekStart: weeksAgo(0), tasks: 2, points: 2 },
    ]);
    expect(data.projects).toEqual([
      { id: alpha, key: "ALP", name: "Alpha", color: expect.any(String), total: 4, open: 2, overdue: 1 },
      { id: beta, key: "BET", name: "Beta", color: expect.any(String), total: 4, open: 1, overdue: 1 },
      { id: expect.any(String), key: "EMP", name: "Empty", color: expect.any(String), total: 0, open: 0, overdue: 0 },
    ]);
    expect(data.velocity).toEqual([]);

    // The same team numbers for every member, viewers included: nobody's personal tasks show.
    expect((await stats(member, workspaceId)).body.data).toEqual(data);
    expect((await stats(viewer, workspaceId)).body.data).toEqual(data);

    // A shorter window keeps the current week last.
    expect((await stats(viewer, workspaceId, "?weeks=2")).body.data.completedPerWeek).toEqual([
      { weekStart: weeksAgo(1), tasks: 1, points: 8 },
      { weekStart: weeksAgo(0), tasks: 2, points: 2 },
    ]);
  });

  it("velocity: story points of the last 8 completed sprints across projects, oldest first, archived projects left out", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const web = await project(owner, workspaceId, "Web", "WEB");
    const app = await project(owner, workspaceId, "App", "APP");
    const old = await project(owner, workspaceId, "Old", "OLD");
    await runSprint(owner, old, "Old sprint", [{ title: "x", status: "DONE", storyPoints: 21 }]);
    await request(t.app).post(`/api/v1/projects/${old}/archive`).set(owner.auth).expect(200);

    const ids: string[] = [];
    for (let i = 1; i <= 9; i++) {
      // Sprint i: i points done, one 5-point task unfinished (carried over, not counted).
      ids.push(await runSprint(owner, i % 2 ? web : app, `S${i}`, [{ title: `done ${i}`, status: "DONE", storyPoints: i }, { title: `open ${i}`, storyPoints: 5 }]));
    }
    const { velocity } = (await stats(owner, workspaceId)).body.data;
    expect(velocity.map((v: { name: string; projectKey: string; completedPoints: number }) => [v.name, v.projectKey, v.completedPoints])).toEqual([
      ["S2", "APP", 2],
      ["S3", "WEB", 3],
      ["S4", "APP", 4],
      ["S5", "WEB", 5],
      ["S6", "APP", 6],
      ["S7", "WEB", 7],
      ["S8", "APP", 8],
      ["S9", "WEB", 9],
    ]);
    expect(velocity[7]).toEqual({ sprintId: ids[8], name: "S9", projectId: web, projectKey: "WEB", completedPoints: 9, completedAt: expect.any(String) });
  });

  it("an empty workspace answers zeros, with every week present", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const data = (await stats(owner, workspaceId)).body.data;
    expect(data).toMatchObject({ byStatus: { TODO: 0, DONE: 0 }, total: 0, open: 0, overdue: 0, velocity: [], projects: [] });
    expect(data.completedPerWeek).toHaveLength(8);
    expect(data.completedPerWeek.every((w: { tasks: number; points: number }) => w.tasks === 0 && w.points === 0)).toBe(true);
    expect(data.completedPerWeek[7].weekStart).toBe(day(thisMonday()));
  });

  it("other workspaces and unknown ids answer 404, bad parameters 400, no token 401", async () => {
    const owner = await registerUser(t.app);
    const stranger = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const strangersWorkspace = await createWorkspace(t.app, stranger);

    expectError(await stats(stranger, workspaceId), 404, "NOT_FOUND");
    expectError(await stats(owner, strangersWorkspace), 404, "NOT_FOUND");
    expectError(await stats(owner, "00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/workspaces/${workspaceId}/stats`), 401, "UNAUTHORIZED");

    const bad: Array<[string, string, string]> = [
      ["not-a-uuid", "", "workspaceId"],
      [workspaceId, "?weeks=0", "weeks"],
      [workspaceId, "?weeks=53", "weeks"],
      [workspaceId, "?weeks=two", "weeks"],
      [workspaceId, "?weeks=2.5", "weeks"],
      [workspaceId, "?projectId=x", "projectId"],
    ];
    for (const [id, qs, field] of bad) {
      const error = expectError(await stats(owner, id, qs), 400, "VALIDATION_ERROR");
      expect(error.details?.map((d) => d.field)).toEqual([field]);
    }
  });
});

describe("GET /projects/:id/stats burndown (what the Sprints tab charts)", () => {
  it("covers every day of the active sprint: remaining points and tasks up to today, null after; the ideal line to zero on the last day", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const projectId = await project(owner, workspaceId, "Burn", "BRN");
    const today = new Date(`${day(new Date())}T00:00:00Z`);
    const startDate = day(new Date(today.getTime() - 2 * DAY));
    const endDate = day(new Date(today.getTime() + 4 * DAY));
    const sprint = (await request(t.app).post(`/api/v1/projects/${projectId}/sprints`).set(owner.auth).send({ name: "Burn 1", startDate, endDate })).body.data;
    const yesterdays = await task(owner, projectId, { title: "done yesterday", status: "DONE", storyPoints: 3, sprintId: sprint.id });
    await completedAt(yesterdays.id, new Date(today.getTime() - DAY / 2));
    await task(owner, projectId, { title: "open", storyPoints: 5, sprintId: sprint.id });
    await task(owner, projectId, { title: "done today, no points", status: "DONE", sprintId: sprint.id });
    await request(t.app).post(`/api/v1/sprints/${sprint.id}/start`).set(owner.auth).expect(200);

    const { burndown } = (await request(t.app).get(`/api/v1/projects/${projectId}/stats`).set(owner.auth)).body.data;
    expect(burndown).toMatchObject({ sprintId: sprint.id, name: "Burn 1", totalPoints: 8, totalTasks: 3, startDate, endDate });
    expect(burndown.days.map((d: Record<string, unknown>) => [d.remaining, d.ideal, d.remainingTasks, d.idealTasks])).toEqual([
      [8, 8, 3, 3],
      [5, 6.7, 2, 2.5],
      [5, 5.3, 1, 2],
      [null, 4, null, 1.5],
      [null, 2.7, null, 1],
      [null, 1.3, null, 0.5],
      [null, 0, null, 0],
    ]);
    expect(burndown.days[0].date).toBe(startDate);
    expect(burndown.days[6].date).toBe(endDate);
  });
});

describe("sprint snapshots (analytics job) behind the burndown", () => {
  it("a started sprint gets today's snapshot; past days come from snapshots, so scope added mid-sprint shows on its day", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const projectId = await project(owner, workspaceId, "Scope", "SCP");
    const today = new Date(`${day(new Date())}T00:00:00Z`);
    const dayAt = (offset: number) => new Date(today.getTime() + offset * DAY + 12 * 3600_000);
    const sprint = (await request(t.app).post(`/api/v1/projects/${projectId}/sprints`).set(owner.auth).send({ name: "Scope 1", startDate: day(dayAt(-2)), endDate: day(dayAt(4)) })).body.data;
    const first = await task(owner, projectId, { title: "planned", storyPoints: 5, sprintId: sprint.id });
    await request(t.app).post(`/api/v1/sprints/${sprint.id}/start`).set(owner.auth).expect(200);

    // Starting enqueued a snapshot of today (the in-process driver runs it by itself).
    const todays = await eventually(async () => (await t.ctx.db.sprintSnapshot.findUnique({ where: { sprintId_day: { sprintId: sprint.id, day: today } } })) ?? false, {
      what: "the snapshot of today enqueued by starting the sprint",
    });
    expect(todays).toMatchObject({ workspaceId, scopePoints: 5, remainingPoints: 5, scopeTasks: 1, remainingTasks: 1 });

    // The job as it ran on the two days before (a context with that day's clock): 3 points came in on day 2.
    const job = (offset: number) => snapshotSprintsJob({ ...t.ctx, now: () => dayAt(offset) }).perform({}, { attempt: 1, jobId: "test" });
    await job(-2);
    await task(owner, projectId, { title: "came in later", storyPoints: 3, sprintId: sprint.id });
    await job(-1);
    await job(-1); // the day's last run stands: still one row for the day
    expect(await t.ctx.db.sprintSnapshot.count({ where: { sprintId: sprint.id } })).toBe(3);
    const v = (await request(t.app).get(`/api/v1/tasks/${first.id}`).set(owner.auth)).body.data.version;
    await request(t.app).patch(`/api/v1/tasks/${first.id}`).set(owner.auth).send({ status: "DONE", version: v }).expect(200);

    const { burndown } = (await request(t.app).get(`/api/v1/projects/${projectId}/stats`).set(owner.auth)).body.data;
    expect(burndown.days.slice(0, 4).map((d: Record<string, unknown>) => [d.date, d.scope, d.remaining, d.scopeTasks, d.remainingTasks])).toEqual([
      [day(dayAt(-2)), 5, 5, 1, 1],
      [day(dayAt(-1)), 8, 8, 2, 2],
      [day(dayAt(0)), 8, 3, 2, 1], // today: counted live, not from this morning's snapshot
      [day(dayAt(1)), null, null, null, null],
    ]);
  });

  it("snapshots only active sprints", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const projectId = await project(owner, workspaceId, "Planned", "PLN");
    const sprint = (await request(t.app).post(`/api/v1/projects/${projectId}/sprints`).set(owner.auth).send({ name: "Not yet" })).body.data;
    await task(owner, projectId, { title: "waiting", storyPoints: 2, sprintId: sprint.id });
    await snapshotSprintsJob(t.ctx).perform({ sprintId: sprint.id }, { attempt: 1, jobId: "test" });
    expect(await t.ctx.db.sprintSnapshot.count({ where: { sprintId: sprint.id } })).toBe(0);
  });
});
