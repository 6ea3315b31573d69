import request from "supertest";
import { createTestApp, createWorkspace, expectError, registerUser, type TestApp, type TestUser } from "../helpers/app";
import { createTeam } from "../helpers/team";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const team = () => createTeam(t.app);

const create = (u: TestUser, workspaceId: string, body: Record<string, unknown>) => request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(u.auth).send(body);

describe("projects", () => {
  it("creates a project with an uppercase key and returns it", async () => {
    const { owner, member, workspaceId } = await team();
    const res = await create(member, workspaceId, { name: "Website", key: "web", color: "#112233", startDate: "2026-01-01", endDate: "2026-03-31", leadId: owner.id, description: "<script>x</script>" });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      workspaceId,
      key: "WEB",
      name: "Website",
      color: "#112233",
      status: "ACTIVE",
      startDate: "2026-01-01",
      endDate: "2026-03-31",
      leadId: owner.id,
      createdById: member.id,
      description: "<script>x</script>", // stored verbatim, escaped when rendered
      version: 1,
      archivedAt: null,
    });
    const get = await request(t.app).get(`/api/v1/projects/${res.body.data.id}`).set(owner.auth);
    expect(get.body.data).toEqual(res.body.data);
  });

  it("keys are unique per workspace (409), not across workspaces", async () => {
    const { owner, workspaceId } = await team();
    expect((await create(owner, workspaceId, { name: "A", key: "APP" })).status).toBe(201);
    const dup = expectError(await create(owner, workspaceId, { name: "B", key: "app" }), 409, "CONFLICT");
    expect(dup.details?.[0].field).toBe("key");
    const other = await createWorkspace(t.app, owner, "Other");
    expect((await create(owner, other, { name: "A", key: "APP" })).status).toBe(201);
    const results = await Promise.all([1, 2, 3].map(() => create(owner, workspaceId, { name: "Race", key: "RACE" })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it("rejects bad input and changes nothing", async () => {
    const { owner, workspaceId, viewer } = await team();
    const outsider = await registerUser(t.app);
    for (const body of [
      {},
      { name: "X" },
      { name: "", key: "OK" },
      { name: "X", key: "1AB" },
      { name: "X", key: "A" },
      { name: "X", key: "TOOLONGKEY1" },
      { name: "X", key: "A-B" },
      { name: "x".repeat(101), key: "OK" },
      { name: "X", key: "OK", color: "red" },
      { name: "X", key: "OK", startDate: "2026-02-30" },
      { name: "X", key: "OK", startDate: "2026-03-01", endDate: "2026-02-01" },
      { name: "X", key: "OK", status: "ARCHIVED" },
      { name: "X", key: "OK", leadId: "nope" },
      { name: "X", key: "OK", leadId: outsider.id },
      { name: "X", key: "OK", extra: true },
      { name: 5, key: "OK" },
    ]) {
      const res = await create(owner, workspaceId, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expectError(res, 400, "VALIDATION_ERROR");
    }
    expectError(await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).set("Content-Type", "application/json").send("{"), 400, "INVALID_JSON");
    expect(await t.ctx.db.project.count({ where: { workspaceId } })).toBe(0);
    expectError(await create(viewer, workspaceId, { name: "X", key: "OK" }), 403, "FORBIDDEN");
    expectError(await create(outsider, workspaceId, { name: "X", key: "OK" }), 404, "NOT_FOUND");
  });

  it("lists with filters, search, sort and pagination; archived hidden unless asked", async () => {
    const { owner, viewer, workspaceId } = await team();
    for (const [name, key] of [["Zeta", "ZET"], ["Alpha", "ALP"], ["Mobile app", "MOB"], ["Beta", "BET"]]) await create(owner, workspaceId, { name, key });
    const mob = (await request(t.app).get(`/api/v1/workspaces/${workspaceId}/projects?q=mob`).set(viewer.auth)).body.data[0];
    await request(t.app).post(`/api/v1/projects/${mob.id}/archive`).set(owner.auth).expect(200);
    const list = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/projects?perPage=2`).set(viewer.auth);
    expect(list.body.data.map((p: { name: string }) => p.name)).toEqual(["Alpha", "Beta"]);
    expect(list.body.meta).toMatchObject({ total: 3, totalPages: 2 });
    expect(list.body.links.next).toContain("page=2");
    const desc = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/projects?sort=-name`).set(viewer.auth);
    expect(desc.body.data.map((p: { name: string }) => p.name)).toEqual(["Zeta", "Beta", "Alpha"]);
    const archived = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/projects?status=ARCHIVED`).set(viewer.auth);
    expect(archived.body.data.map((p: { key: string }) => p.key)).toEqual(["MOB"]);
    const all = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/projects?includeArchived=true`).set(viewer.auth);
    expect(all.body.meta.total).toBe(4);
    expect((await request(t.app).get(`/api/v1/workspaces/${workspaceId}/projects?q=%25`).set(viewer.auth)).body.meta.total).toBe(0);
    for (const q of ["perPage=101", "status=GONE", "sort=secret", "leadId=x", "unknown=1"]) {
      expectError(await request(t.app).get(`/api/v1/workspaces/${workspaceId}/projects?${q}`).set(viewer.auth), 400, "VALIDATION_ERROR");
    }
  });

  it("updates with optimistic concurrency and records each changed field", async () => {
    const { owner, admin, workspaceId } = await team();
    const p = (await create(owner, workspaceId, { name: "Site", key: "SITE" })).body.data;
    const res = await request(t.app).patch(`/api/v1/projects/${p.id}`).set(admin.auth).send({ name: "Site v2", status: "ON_HOLD", version: 1 });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: "Site v2", status: "ON_HOLD", version: 2 });
    const stale = await request(t.app).patch(`/api/v1/projects/${p.id}`).set(admin.auth).send({ name: "Lost", version: 1 });
    expectError(stale, 409, "CONFLICT");
    expect(stale.body.error.current).toMatchObject({ name: "Site v2", version: 2 });
    expectError(await request(t.app).patch(`/api/v1/projects/${p.id}`).set(admin.auth).set("If-Match", '"1"').send({ name: "Lost" }), 409, "CONFLICT");
    const activity = await t.ctx.db.activity.findMany({ where: { entityId: p.id, action: "updated" }, orderBy: { field: "asc" } });
    expect(activity.map((a) => [a.field, a.before, a.after])).toEqual([
      ["name", "Site", "Site v2"],
      ["status", "ACTIVE", "ON_HOLD"],
    ]);
    expectError(await request(t.app).patch(`/api/v1/projects/${p.id}`).set(admin.auth).send({ endDate: "2020-01-01", startDate: "2021-01-01" }), 400, "VALIDATION_ERROR");
    await request(t.app).patch(`/api/v1/projects/${p.id}`).set(admin.auth).send({ startDate: "2026-05-01" }).expect(200);
    expectError(await request(t.app).patch(`/api/v1/projects/${p.id}`).set(admin.auth).send({ endDate: "2026-04-01" }), 400, "VALIDATION_ERROR");
  });

  it("20 concurrent PATCHes with the same version: exactly one wins", async () => {
    const { owner, workspaceId } = await team();
    const p = (await create(owner, workspaceId, { name: "Hot", key: "HOT" })).body.data;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => request(t.app).patch(`/api/v1/projects/${p.id}`).set(owner.auth).send({ name: `Hot ${i}`, version: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it("RBAC: members create but cannot update or delete; viewers read only", async () => {
    const { owner, member, viewer, workspaceId } = await team();
    const p = (await create(member, workspaceId, { name: "Mine", key: "MINE" })).body.data;
    expectError(await request(t.app).patch(`/api/v1/projects/${p.id}`).set(member.auth).send({ name: "x" }), 403, "FORBIDDEN");
    expectError(await request(t.app).post(`/api/v1/projects/${p.id}/archive`).set(viewer.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(`/api/v1/projects/${p.id}`).set(member.auth), 403, "FORBIDDEN");
    expect((await request(t.app).get(`/api/v1/projects/${p.id}`).set(viewer.auth)).status).toBe(200);
    const archived = await request(t.app).post(`/api/v1/projects/${p.id}/archive`).set(owner.auth);
    expect(archived.body.data).toMatchObject({ status: "ARCHIVED" });
    expect(archived.body.data.archivedAt).not.toBeNull();
    const restored = await request(t.app).post(`/api/v1/projects/${p.id}/restore`).set(owner.auth);
    expect(restored.body.data).toMatchObject({ status: "ACTIVE", archivedAt: null });
    expect((await request(t.app).delete(`/api/v1/projects/${p.id}`).set(owner.auth)).status).toBe(204);
    expectError(await request(t.app).get(`/api/v1/projects/${p.id}`).set(owner.auth), 404, "NOT_FOUND");
  });

  it("another workspace's project answers 404 everywhere", async () => {
    const { owner, workspaceId } = await team();
    const p = (await create(owner, workspaceId, { name: "Secret", key: "SEC" })).body.data;
    const stranger = await registerUser(t.app);
    for (const [method, path] of [
      ["get", `/api/v1/projects/${p.id}`],
      ["patch", `/api/v1/projects/${p.id}`],
      ["delete", `/api/v1/projects/${p.id}`],
      ["post", `/api/v1/projects/${p.id}/archive`],
      ["post", `/api/v1/projects/${p.id}/restore`],
      ["get", `/api/v1/workspaces/${workspaceId}/projects`],
    ] as const) {
      const req = request(t.app)[method](path).set(stranger.auth);
      expectError(method === "patch" ? await req.send({ name: "x" }) : await req, 404, "NOT_FOUND");
    }
    expectError(await request(t.app).get(`/api/v1/projects/not-a-uuid`).set(owner.auth), 400, "VALIDATION_ERROR");
    expect((await t.ctx.db.project.findUniqueOrThrow({ where: { id: p.id } })).name).toBe("Secret");
  });
});
