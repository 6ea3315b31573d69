import express from "express";
import request from "supertest";
import { errorHandler, toAppError } from "../../src/http/errors";
import { defineRoute, ok, toHandler } from "../../src/http/route";
import { createTestApp, createWorkspace, expectError, registerUser, STRONG_PASSWORD, uniqueEmail, type TestApp } from "../helpers/app";

/**
 * Strings and dates PostgreSQL cannot store, or stores as something else than
 * was sent: NUL characters, unpaired UTF-16 surrogates, year 0, days that do
 * not exist. Each is a 400 naming the field, and nothing is stored.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const NUL = "a\u0000b";
const SURROGATE = "a\ud800b";
const api = (path: string) => `/api/v1${path}`;

/** 400 VALIDATION_ERROR whose details name `field`. */
function expectFieldError(res: request.Response, field: string) {
  const err = expectError(res, 400, "VALIDATION_ERROR");
  expect(err.details?.map((d) => d.field)).toContain(field);
}

type FieldRequest = [route: string, field: string, send: () => request.Test];

/** Sends each request; every one must be a 400 whose details name its field. */
async function expectEachRefused(requests: FieldRequest[]) {
  for (const [route, field, send] of requests) {
    const res = await send();
    const fields = res.body.error?.details?.map((d: { field: string }) => d.field);
    expect({ route, field, status: res.status, fields }).toEqual({ route, field, status: 400, fields: expect.arrayContaining([field]) });
  }
}

async function world() {
  const owner = await registerUser(t.app, { name: "Hardy Owner" });
  const workspaceId = await createWorkspace(t.app, owner, "Hardening");
  const project = (await request(t.app).post(api(`/workspaces/${workspaceId}/projects`)).set(owner.auth).send({ name: "Hard", key: "HRD" })).body.data;
  const task = (await request(t.app).post(api(`/projects/${project.id}/tasks`)).set(owner.auth).send({ title: "Existing" })).body.data;
  const sprint = (await request(t.app).post(api(`/projects/${project.id}/sprints`)).set(owner.auth).send({ name: "S1" })).body.data;
  const label = (await request(t.app).post(api(`/workspaces/${workspaceId}/labels`)).set(owner.auth).send({ name: "existing" })).body.data;
  const comment = (await request(t.app).post(api(`/tasks/${task.id}/comments`)).set(owner.auth).send({ body: "Existing" })).body.data;
  return { owner, workspaceId, project, task, sprint, label, comment };
}

type World = Awaited<ReturnType<typeof world>>;

/** Everything of the workspace and its owner that a rejected request must leave as it was. */
async function stateOf(w: World) {
  const db = t.ctx.db;
  const where = { workspaceId: w.workspaceId };
  return {
    user: await db.user.findUniqueOrThrow({ where: { id: w.owner.id } }),
    workspace: await db.workspace.findUniqueOrThrow({ where: { id: w.workspaceId } }),
    projects: await db.project.findMany({ where, orderBy: { id: "asc" } }),
    tasks: await db.task.findMany({ where, orderBy: { id: "asc" } }),
    sprints: await db.sprint.findMany({ where, orderBy: { id: "asc" } }),
    labels: await db.label.findMany({ where, orderBy: { id: "asc" } }),
    comments: await db.comment.findMany({ where, orderBy: { id: "asc" } }),
    activity: await db.activity.count({ where }),
    tokens: await db.apiToken.findMany({ where: { userId: w.owner.id }, orderBy: { id: "asc" } }),
  };
}

/** Text fields of every module, each with a request that carries `value` in it. */
function textFieldRequests(w: World, value: string): FieldRequest[] {
  const a = w.owner.auth;
  const app = t.app;
  return [
    ["PATCH /auth/me", "name", () => request(app).patch(api("/auth/me")).set(a).send({ name: value })],
    ["PATCH /auth/me", "timezone", () => request(app).patch(api("/auth/me")).set(a).send({ timezone: value })],
    ["POST /auth/tokens", "name", () => request(app).post(api("/auth/tokens")).set(a).send({ name: value, scope: "read" })],
    ["POST /auth/password", "newPassword", () => request(app).post(api("/auth/password")).set(a).send({ currentPassword: STRONG_PASSWORD, newPassword: `Strong-pass-42${value}` })],
    ["POST /auth/password", "currentPassword", () => request(app).post(api("/auth/password")).set(a).send({ currentPassword: value, newPassword: "Another-horse-43" })],
    ["POST /workspaces", "name", () => request(app).post(api("/workspaces")).set(a).send({ name: value })],
    ["PATCH /workspaces/:id", "name", () => request(app).patch(api(`/workspaces/${w.workspaceId}`)).set(a).send({ name: value })],
    ["POST /workspaces/:id/invitations", "email", () => request(app).post(api(`/workspaces/${w.workspaceId}/invitations`)).set(a).send({ email: `x${value}@example.com`, role: "MEMBER" })],
    ["POST /workspaces/:id/projects", "name", () => request(app).post(api(`/workspaces/${w.workspaceId}/projects`)).set(a).send({ name: value, key: "NEW" })],
    ["POST /workspaces/:id/projects", "key", () => request(app).post(api(`/workspaces/${w.workspaceId}/projects`)).set(a).send({ name: "New", key: `K${value}` })],
    ["POST /workspaces/:id/projects", "description", () => request(app).post(api(`/workspaces/${w.workspaceId}/projects`)).set(a).send({ name: "New", key: "NEW", description: value })],
    ["PATCH /projects/:id", "name", () => request(app).patch(api(`/projects/${w.project.id}`)).set(a).send({ name: value })],
    ["PATCH /projects/:id", "description", () => request(app).patch(api(`/projects/${w.project.id}`)).set(a).send({ description: value })],
    ["POST /projects/:id/tasks", "title", () => request(app).post(api(`/projects/${w.project.id}/tasks`)).set(a).send({ title: value })],
    ["POST /projects/:id/tasks", "description", () => request(app).post(api(`/projects/${w.project.id}/tasks`)).set(a).send({ title: "New", description: value })],
    ["POST /tasks", "title", () => request(app).post(api("/tasks")).set(a).send({ title: value, workspaceId: w.workspaceId })],
    ["PATCH /tasks/:id", "title", () => request(app).patch(api(`/tasks/${w.task.id}`)).set(a).send({ title: value, version: w.task.version })],
    ["PATCH /tasks/:id", "description", () => request(app).patch(api(`/tasks/${w.task.id}`)).set(a).send({ description: value, version: w.task.version })],
    ["POST /tasks/:id/comments", "body", () => request(app).post(api(`/tasks/${w.task.id}/comments`)).set(a).send({ body: value })],
    ["PATCH /comments/:id", "body", () => request(app).patch(api(`/comments/${w.comment.id}`)).set(a).send({ body: value })],
    ["POST /workspaces/:id/labels", "name", () => request(app).post(api(`/workspaces/${w.workspaceId}/labels`)).set(a).send({ name: value })],
    ["PATCH /labels/:id", "name", () => request(app).patch(api(`/labels/${w.label.id}`)).set(a).send({ name: value })],
    ["POST /projects/:id/sprints", "name", () => request(app).post(api(`/projects/${w.project.id}/sprints`)).set(a).send({ name: value })],
    ["POST /projects/:id/sprints", "goal", () => request(app).post(api(`/projects/${w.project.id}/sprints`)).set(a).send({ name: "S2", goal: value })],
    ["PATCH /sprints/:id", "goal", () => request(app).patch(api(`/sprints/${w.sprint.id}`)).set(a).send({ goal: value })],
  ];
}

/** Query strings of every list with a text filter. */
function textQueryRequests(w: World, value: string): FieldRequest[] {
  const a = w.owner.auth;
  return [
    ["GET /workspaces/:id/members", "q", () => request(t.app).get(api(`/workspaces/${w.workspaceId}/members`)).query({ q: value }).set(a)],
    ["GET /workspaces/:id/projects", "q", () => request(t.app).get(api(`/workspaces/${w.workspaceId}/projects`)).query({ q: value }).set(a)],
    ["GET /projects/:id/tasks", "q", () => request(t.app).get(api(`/projects/${w.project.id}/tasks`)).query({ q: value }).set(a)],
    ["GET /projects/:id/tasks", "status", () => request(t.app).get(api(`/projects/${w.project.id}/tasks`)).query({ status: `TODO,${value}` }).set(a)],
    ["GET /tasks", "q", () => request(t.app).get(api("/tasks")).query({ q: value }).set(a)],
    ["GET /workspaces/:id/search", "q", () => request(t.app).get(api(`/workspaces/${w.workspaceId}/search`)).query({ q: value }).set(a)],
    ["GET /activity", "cursor", () => request(t.app).get(api("/activity")).query({ workspaceId: w.workspaceId, cursor: value }).set(a)],
  ];
}

describe("NUL characters", () => {
  it("are refused in register and login, naming the field, and create no account", async () => {
    const email = uniqueEmail("nul");
    expectFieldError(await request(t.app).post(api("/auth/register")).send({ email: email.replace("@", "\u0000@"), password: STRONG_PASSWORD, name: "N" }), "email");
    expectFieldError(await request(t.app).post(api("/auth/register")).send({ email, password: STRONG_PASSWORD, name: NUL }), "name");
    expectFieldError(await request(t.app).post(api("/auth/register")).send({ email, password: `${STRONG_PASSWORD}\u0000`, name: "N" }), "password");
    expect(await t.ctx.db.user.count({ where: { email: { startsWith: email.split("@")[0] } } })).toBe(0);

    const user = await registerUser(t.app);
    expectFieldError(await request(t.app).post(api("/auth/login")).send({ email: `${user.email}\u0000`, password: STRONG_PASSWORD }), "email");
    expectFieldError(await request(t.app).post(api("/auth/login")).send({ email: user.email, password: `${STRONG_PASSWORD}\u0000` }), "password");
    // A refused request is not a failed sign-in: no step towards the lockout.
    expect((await t.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(0);
  });

  it("are refused in every text field of every module, and nothing changes", async () => {
    const w = await world();
    const before = await stateOf(w);
    await expectEachRefused(textFieldRequests(w, NUL));
    expect(await stateOf(w)).toEqual(before);
  });

  it("are refused in text query filters (members, projects, tasks, my tasks, search)", async () => {
    const w = await world();
    await expectEachRefused(textQueryRequests(w, NUL));
  });

  it("are refused in an invitation token in the path", async () => {
    const user = await registerUser(t.app);
    expectFieldError(await request(t.app).get(api(`/invitations/${"a".repeat(20)}%00`)), "token");
    expectFieldError(await request(t.app).post(api(`/invitations/${"a".repeat(20)}%00/accept`)).set(user.auth), "token");
  });

  it("a database refusal of the text (SQLSTATE 22021, 22P05) is a 400, not a 500", async () => {
    // A route whose schema lets NUL through (a schema that forgot `text`) reaches PostgreSQL.
    const app = express();
    app.use(express.json());
    app.get(
      "/nul",
      toHandler(
        defineRoute({ method: "get", path: "/nul", summary: "x", tags: [], auth: "none", responses: {}, handler: async () => ok(await t.ctx.db.workspace.findFirst({ where: { name: NUL } })) }),
      ),
    );
    app.use(errorHandler);
    const res = await request(app).get("/nul");
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringMatching(/cannot be stored/) });
    // Raw pg errors carry the SQLSTATE as `code`.
    expect(toAppError(Object.assign(new Error("x"), { code: "22P05" }))).toMatchObject({ code: "VALIDATION_ERROR", status: 400 });
  });
});

describe("unpaired UTF-16 surrogates", () => {
  it("are refused in register, naming the field", async () => {
    const email = uniqueEmail("surrogate");
    expectFieldError(await request(t.app).post(api("/auth/register")).send({ email, password: STRONG_PASSWORD, name: SURROGATE }), "name");
    expectFieldError(await request(t.app).post(api("/auth/register")).send({ email, password: `${STRONG_PASSWORD}\udc00`, name: "S" }), "password");
    expect(await t.ctx.db.user.count({ where: { email } })).toBe(0);
  });

  it("are refused in every text field, by the raw-SQL task create as by the Prisma paths, and nothing changes", async () => {
    const w = await world();
    const before = await stateOf(w);
    await expectEachRefused(textFieldRequests(w, SURROGATE));
    // No U+FFFD stand-in was stored, and no task number was used up.
    expect(await stateOf(w)).toEqual(before);
    const next = (await request(t.app).post(api(`/projects/${w.project.id}/tasks`)).set(w.owner.auth).send({ title: "After" })).body.data;
    expect(next.key).toBe("HRD-2");
  });

  it("a well-formed pair (an emoji) is text like any other and round-trips", async () => {
    const w = await world();
    const created = await request(t.app).post(api(`/projects/${w.project.id}/tasks`)).set(w.owner.auth).send({ title: "Ship it \ud83d\ude80" });
    expect(created.status).toBe(201);
    expect((await request(t.app).get(api(`/tasks/${created.body.data.id}`)).set(w.owner.auth)).body.data.title).toBe("Ship it 🚀");
  });
});

describe("dates PostgreSQL and JavaScript do not agree on", () => {
  it("year 0 due dates are refused on create and update; nothing is stored and the task stays readable", async () => {
    const w = await world();
    const before = await stateOf(w);
    for (const dueDate of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00"]) {
      expectFieldError(await request(t.app).post(api(`/projects/${w.project.id}/tasks`)).set(w.owner.auth).send({ title: "Old", dueDate }), "dueDate");
      expectFieldError(await request(t.app).post(api("/tasks")).set(w.owner.auth).send({ title: "Old", dueDate, workspaceId: w.workspaceId }), "dueDate");
      expectFieldError(await request(t.app).patch(api(`/tasks/${w.task.id}`)).set(w.owner.auth).send({ dueDate, version: w.task.version }), "dueDate");
    }
    expect(await stateOf(w)).toEqual(before);
    expect((await request(t.app).get(api(`/tasks/${w.task.id}`)).set(w.owner.auth)).status).toBe(200);
  });

  it("the first and last instants of years 1–9999 are stored and read back exactly, also with an offset", async () => {
    const w = await world();
    for (const [sent, stored] of [
      ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
      ["9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"],
      ["0001-01-01T01:30:00+01:30", "0001-01-01T00:00:00.000Z"],
      ["2026-03-01T00:00:00.123456Z", "2026-03-01T00:00:00.123Z"],
    ]) {
      const created = await request(t.app).post(api(`/projects/${w.project.id}/tasks`)).set(w.owner.auth).send({ title: sent, dueDate: sent });
      expect({ sent, status: created.status, dueDate: created.body.data.dueDate }).toEqual({ sent, status: 201, dueDate: stored });
      const read = await request(t.app).get(api(`/tasks/${created.body.data.id}`)).set(w.owner.auth);
      expect({ sent, status: read.status, dueDate: read.body.data.dueDate }).toEqual({ sent, status: 200, dueDate: stored });
      const patched = await request(t.app).patch(api(`/tasks/${w.task.id}`)).set(w.owner.auth).send({ dueDate: sent, version: (await t.ctx.db.task.findUniqueOrThrow({ where: { id: w.task.id } })).version });
      expect({ sent, status: patched.status, dueDate: patched.body.data.dueDate }).toEqual({ sent, status: 200, dueDate: stored });
    }
    const list = await request(t.app).get(api(`/projects/${w.project.id}/tasks`)).query({ sort: "dueDate", dueAfter: "0001-01-01T00:00:00Z", dueBefore: "9999-12-31T23:59:59.999Z" }).set(w.owner.auth);
    expect(list.status).toBe(200);
    expect(list.body.data[0].dueDate).toBe("0001-01-01T00:00:00.000Z");
  });

  it("year 0 in task list filters (project tasks, my tasks) and in the activity feed is a 400", async () => {
    const w = await world();
    for (const field of ["dueBefore", "dueAfter"]) {
      expectFieldError(await request(t.app).get(api(`/projects/${w.project.id}/tasks`)).query({ [field]: "0000-01-01T00:00:00Z" }).set(w.owner.auth), field);
      expectFieldError(await request(t.app).get(api("/tasks")).query({ [field]: "0000-01-01T00:00:00Z" }).set(w.owner.auth), field);
    }
    expectFieldError(await request(t.app).get(api("/activity")).query({ workspaceId: w.workspaceId, since: "0000-12-31T23:59:59Z" }).set(w.owner.auth), "since");
  });

  it("project and sprint dates: year 0 and days that do not exist are refused, real days round-trip", async () => {
    const w = await world();
    const before = await stateOf(w);
    const bad = ["0000-01-01", "2026-13-01", "2026-02-30", "2025-02-29", "2026-1-01", "20260101"];
    for (const day of bad) {
      for (const field of ["startDate", "endDate"]) {
        expectFieldError(await request(t.app).post(api(`/workspaces/${w.workspaceId}/projects`)).set(w.owner.auth).send({ name: "Dated", key: "DTD", [field]: day }), field);
        expectFieldError(await request(t.app).patch(api(`/projects/${w.project.id}`)).set(w.owner.auth).send({ [field]: day }), field);
        expectFieldError(await request(t.app).post(api(`/projects/${w.project.id}/sprints`)).set(w.owner.auth).send({ name: "Dated", [field]: day }), field);
        expectFieldError(await request(t.app).patch(api(`/sprints/${w.sprint.id}`)).set(w.owner.auth).send({ [field]: day }), field);
      }
    }
    expect(await stateOf(w)).toEqual(before);

    const sprint = await request(t.app).post(api(`/projects/${w.project.id}/sprints`)).set(w.owner.auth).send({ name: "Leap", startDate: "2024-02-29", endDate: "9999-12-31" });
    expect(sprint.status).toBe(201);
    const listed = (await request(t.app).get(api(`/projects/${w.project.id}/sprints`)).set(w.owner.auth)).body.data.find((s: { id: string }) => s.id === sprint.body.data.id);
    expect(listed).toMatchObject({ startDate: "2024-02-29", endDate: "9999-12-31" });
    const project = await request(t.app).patch(api(`/projects/${w.project.id}`)).set(w.owner.auth).send({ startDate: "0001-01-01", endDate: "2024-02-29" });
    expect(project.status).toBe(200);
    expect((await request(t.app).get(api(`/projects/${w.project.id}`)).set(w.owner.auth)).body.data).toMatchObject({ startDate: "0001-01-01", endDate: "2024-02-29" });
  });
});
