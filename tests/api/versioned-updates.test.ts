import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";
import { createTeam } from "../helpers/team";

/**
 * Optimistic concurrency is one rule for every mutable resource (db/versioned.ts):
 * the version read goes in the body or in If-Match; a stale one changes nothing
 * and answers 409 with the current resource; the current one succeeds and moves
 * the version on.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Resource {
  name: string;
  /** PATCH path and a change to send. */
  path: string;
  change: Record<string, unknown>;
  /** The resource as GET-like reads show it (to check nothing changed). */
  read: () => Promise<{ version: number } & Record<string, unknown>>;
}

async function resources() {
  const { owner, workspaceId } = await createTeam(t.app, "Versions");
  const as = (r: request.Test) => r.set(owner.auth);
  const project = (await as(request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`)).send({ name: "Versions", key: "VER" }).expect(201)).body.data;
  const task = (await as(request(t.app).post(`/api/v1/projects/${project.id}/tasks`)).send({ title: "Versioned" }).expect(201)).body.data;
  const comment = (await as(request(t.app).post(`/api/v1/tasks/${task.id}/comments`)).send({ body: "First" }).expect(201)).body.data;
  const sprint = (await as(request(t.app).post(`/api/v1/projects/${project.id}/sprints`)).send({ name: "Sprint 1" }).expect(201)).body.data;
  const label = (await as(request(t.app).post(`/api/v1/workspaces/${workspaceId}/labels`)).send({ name: "bug" }).expect(201)).body.data;
  const get = async (path: string, pick: (body: { data: unknown }) => unknown = (b) => b.data) => pick((await as(request(t.app).get(path)).expect(200)).body) as { version: number };
  const list: Resource[] = [
    { name: "workspace", path: `/api/v1/workspaces/${workspaceId}`, change: { name: "Renamed" }, read: () => get(`/api/v1/workspaces/${workspaceId}`) },
    { name: "project", path: `/api/v1/projects/${project.id}`, change: { name: "Renamed" }, read: () => get(`/api/v1/projects/${project.id}`) },
    { name: "task", path: `/api/v1/tasks/${task.id}`, change: { title: "Renamed" }, read: () => get(`/api/v1/tasks/${task.id}`) },
    {
      name: "comment",
      path: `/api/v1/comments/${comment.id}`,
      change: { body: "Edited" },
      read: () => get(`/api/v1/tasks/${task.id}/comments`, (b) => (b.data as Array<{ id: string }>).find((c) => c.id === comment.id)),
    },
    { name: "sprint", path: `/api/v1/sprints/${sprint.id}`, change: { name: "Renamed" }, read: () => get(`/api/v1/projects/${project.id}/sprints`, (b) => (b.data as Array<{ id: string }>).find((s) => s.id === sprint.id)) },
    { name: "label", path: `/api/v1/labels/${label.id}`, change: { name: "defect" }, read: () => get(`/api/v1/workspaces/${workspaceId}/labels`, (b) => (b.data as Array<{ id: string }>).find((l) => l.id === label.id)) },
  ];
  return { owner, list };
}

describe("versioned updates, the same for every resource", () => {
  it("a stale version in the body or in If-Match answers 409 with the current resource and changes nothing; the current one succeeds", async () => {
    const { owner, list } = await resources();
    for (const r of list) {
      const before = await r.read();
      expect([r.name, before.version]).toEqual([r.name, 1]);

      for (const send of [(q: request.Test) => q.send({ ...r.change, version: 7 }), (q: request.Test) => q.set("If-Match", '"7"').send(r.change)]) {
        const stale = await send(request(t.app).patch(r.path).set(owner.auth));
        const error = expectError(stale, 409, "CONFLICT");
        expect([r.name, error.details]).toEqual([r.name, [{ field: "version", message: "current version is 1" }]]);
        expect([r.name, stale.body.error.current]).toEqual([r.name, expect.objectContaining({ version: 1 })]);
        expect([r.name, await r.read()]).toEqual([r.name, before]);
      }

      const fresh = await request(t.app).patch(r.path).set(owner.auth).set("If-Match", '"1"').send(r.change);
      expect([r.name, fresh.status]).toEqual([r.name, 200]);
      expect([r.name, fresh.body.data.version]).toEqual([r.name, 2]);
      expect([r.name, (await r.read()).version]).toEqual([r.name, 2]);
    }
  });

  it("tasks need a version: neither body nor If-Match answers 400 naming it, an unknown task still 404", async () => {
    const { owner, list } = await resources();
    const task = list.find((r) => r.name === "task")!;
    const res = await request(t.app).patch(task.path).set(owner.auth).send({ title: "No version" });
    expect(expectError(res, 400, "VALIDATION_ERROR").details).toEqual([expect.objectContaining({ field: "version" })]);
    expectError(await request(t.app).patch("/api/v1/tasks/00000000-0000-4000-8000-000000000000").set(owner.auth).send({ title: "x" }), 404, "NOT_FOUND");
  });
});
