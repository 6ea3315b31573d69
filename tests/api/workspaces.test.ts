import crypto from "node:crypto";
import request from "supertest";
import { Client } from "pg";
import { applyMigrations } from "../../src/db/migrate";
import { PERMISSIONS, permissionsOf } from "../../src/access/permissions";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp, type TestUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import { createTeam } from "../helpers/team";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // The first account of a fresh install gets a workspace automatically; make sure no test user is that one.
  await registerUser(t.app);
});
afterAll(() => t.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const WORKSPACE_KEYS = ["createdAt", "holdExpiryHours", "id", "name", "permissions", "role", "slug", "updatedAt", "version"];
const MEMBER_KEYS = ["email", "joinedAt", "name", "role", "userId"];

type Role = "OWNER" | "ADMIN" | "MEMBER" | "VIEWER";


/** Everything a workspace request could change, for "changes nothing" assertions. */
async function dbState(workspaceId: string) {
  const [workspace, memberships, invitations] = await Promise.all([
    t.ctx.db.workspace.findUnique({ where: { id: workspaceId } }),
    t.ctx.db.membership.findMany({ where: { workspaceId }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
    t.ctx.db.invitation.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
  ]);
  return { workspace, memberships, invitations };
}

const roleOf = async (workspaceId: string, userId: string) =>
  (await t.ctx.db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } }))?.role ?? null;

const ownerCount = (workspaceId: string) => t.ctx.db.membership.count({ where: { workspaceId, role: "OWNER" } });

/** A database of its own, migrated and dropped afterwards (for the fresh-install rule). */
async function withFreshDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const adminUrl = process.env.TF_TEST_ADMIN_DATABASE_URL!;
  const name = `teamflow_fresh_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await applyMigrations(url.toString());
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

describe("authentication", () => {
  const id = crypto.randomUUID();
  it.each([
    ["get", "/api/v1/workspaces"],
    ["post", "/api/v1/workspaces"],
    ["get", `/api/v1/workspaces/${id}`],
    ["patch", `/api/v1/workspaces/${id}`],
    ["delete", `/api/v1/workspaces/${id}`],
    ["get", `/api/v1/workspaces/${id}/members`],
    ["patch", `/api/v1/workspaces/${id}/members/${id}`],
    ["delete", `/api/v1/workspaces/${id}/members/${id}`],
  ] as const)("%s %s needs a signed-in user", async (method, path) => {
    expectError(await request(t.app)[method](path), 401, "UNAUTHORIZED");
    expectError(await request(t.app)[method](path).set("Authorization", "Bearer not.a.jwt"), 401, "UNAUTHORIZED");
  });
});

describe("POST /workspaces", () => {
  it("creates a workspace with the caller as its only owner", async () => {
    const u = await registerUser(t.app);
    const res = await request(t.app).post("/api/v1/workspaces").set(u.auth).send({ name: "  Acme Studio  " });
    expect(res.status).toBe(201);
    const ws = res.body.data;
    expect(Object.keys(ws).sort()).toEqual(WORKSPACE_KEYS);
    expect(ws).toMatchObject({ name: "Acme Studio", role: "OWNER", version: 1 });
    expect(ws.id).toMatch(UUID);
    expect(ws.slug).toMatch(/^acme-studio-[0-9a-f]{6}$/);
    expect(ws.createdAt).toMatch(ISO);
    expect(ws.updatedAt).toMatch(ISO);
    const row = await t.ctx.db.workspace.findUniqueOrThrow({ where: { id: ws.id } });
    expect(row).toMatchObject({ name: "Acme Studio", slug: ws.slug, version: 1 });
    expect(await t.ctx.db.membership.findMany({ where: { workspaceId: ws.id }, select: { userId: true, role: true } })).toEqual([
      { userId: u.id, role: "OWNER" },
    ]);
  });

  it("gives every workspace a unique slug, even with the same name", async () => {
    const u = await registerUser(t.app);
    const [a, b] = await Promise.all([1, 2].map(() => request(t.app).post("/api/v1/workspaces").set(u.auth).send({ name: "Same name" })));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.data.slug).not.toBe(b.body.data.slug);
    expect(a.body.data.slug).toMatch(/^same-name-[0-9a-f]{6}$/);
  });

  it.each([
    ["a 100-character name", "x".repeat(100), /^x{40}-[0-9a-f]{6}$/],
    ["accents", "Café Zürich", /^cafe-zurich-[0-9a-f]{6}$/],
    ["only symbols", "!!! ???", /^workspace-[0-9a-f]{6}$/],
    ["a name cut at a separator", `${"a".repeat(39)} tail`, /^a{39}-[0-9a-f]{6}$/],
    ["an HTML/SQL payload (stored verbatim)", `<script>alert(1)</script>'; DROP TABLE workspaces;--`, /^script-alert-1-script-drop-table-workspa-[0-9a-f]{6}$/],
  ])("accepts %s", async (_label, name, slug) => {
    const u = await registerUser(t.app);
    const res = await request(t.app).post("/api/v1/workspaces").set(u.auth).send({ name });
    expect(res.status).toBe(201);
    expect(res.body.data.name).toBe(name);
    expect(res.body.data.slug).toMatch(slug);
    expect((await t.ctx.db.workspace.findUniqueOrThrow({ where: { id: res.body.data.id } })).name).toBe(name);
  });

  it.each([
    [{}, "name"],
    [{ name: "" }, "name"],
    [{ name: "   " }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ name: 42 }, "name"],
    [{ name: null }, "name"],
    [{ name: ["Acme"] }, "name"],
    [{ name: "Acme", slug: "mine" }, "slug"],
    [{ name: "Acme", role: "OWNER" }, "role"],
    [[{ name: "Acme" }], "body"],
  ])("rejects %j with 400 and creates nothing", async (body, field) => {
    const u = await registerUser(t.app);
    const err = expectError(await request(t.app).post("/api/v1/workspaces").set(u.auth).send(body), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toContain(field);
    expect(await t.ctx.db.membership.count({ where: { userId: u.id } })).toBe(0);
  });

  it("rejects malformed JSON, a missing body and non-JSON bodies, creating nothing", async () => {
    const u = await registerUser(t.app);
    expectError(await request(t.app).post("/api/v1/workspaces").set(u.auth).set("Content-Type", "application/json").send('{"name":'), 400, "INVALID_JSON");
    const missing = expectError(await request(t.app).post("/api/v1/workspaces").set(u.auth), 400, "VALIDATION_ERROR");
    expect(missing.details!.map((d) => d.field)).toContain("body");
    expectError(await request(t.app).post("/api/v1/workspaces").set(u.auth).set("Content-Type", "text/plain").send("name=Acme"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(await t.ctx.db.membership.count({ where: { userId: u.id } })).toBe(0);
  });

  it("refuses a 51st owned workspace with 409", async () => {
    const u = await registerUser(t.app);
    await t.ctx.db.$transaction(
      Array.from({ length: 50 }, (_, i) =>
        t.ctx.db.workspace.create({ data: { name: `W${i}`, slug: `limit-${crypto.randomUUID()}`, memberships: { create: { userId: u.id, role: "OWNER" } } } }),
      ),
    );
    expectError(await request(t.app).post("/api/v1/workspaces").set(u.auth).send({ name: "One too many" }), 409, "CONFLICT");
    expect(await t.ctx.db.membership.count({ where: { userId: u.id } })).toBe(50);
  });
});

describe("GET /workspaces", () => {
  it("lists only my workspaces with my role, oldest membership first, paginated", async () => {
    const [u, other] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const w1 = await createWorkspace(t.app, u, "First");
    const w2 = await createWorkspace(t.app, u, "Second");
    const w3 = await createWorkspace(t.app, other, "Theirs, shared");
    await addMember(t.app, other, w3, u, "VIEWER");
    await createWorkspace(t.app, other, "Theirs, private");

    const all = await request(t.app).get("/api/v1/workspaces").set(u.auth);
    expect(all.status).toBe(200);
    expect(all.body.data.map((w: { id: string; role: string }) => [w.id, w.role])).toEqual([
      [w1, "OWNER"],
      [w2, "OWNER"],
      [w3, "VIEWER"],
    ]);
    for (const w of all.body.data) expect(Object.keys(w).sort()).toEqual(WORKSPACE_KEYS);
    expect(all.body.meta).toEqual({ page: 1, perPage: 20, total: 3, totalPages: 1 });
    expect(all.body.links).toEqual({
      first: "/api/v1/workspaces?page=1&perPage=20",
      prev: null,
      next: null,
      last: "/api/v1/workspaces?page=1&perPage=20",
    });

    const p1 = await request(t.app).get("/api/v1/workspaces?perPage=2").set(u.auth);
    expect(p1.body.data.map((w: { id: string }) => w.id)).toEqual([w1, w2]);
    expect(p1.body.meta).toEqual({ page: 1, perPage: 2, total: 3, totalPages: 2 });
    expect(p1.body.links).toEqual({
      first: "/api/v1/workspaces?perPage=2&page=1",
      prev: null,
      next: "/api/v1/workspaces?perPage=2&page=2",
      last: "/api/v1/workspaces?perPage=2&page=2",
    });
    const p2 = await request(t.app).get(p1.body.links.next).set(u.auth);
    expect(p2.body.data.map((w: { id: string }) => w.id)).toEqual([w3]);
    expect(p2.body.meta).toEqual({ page: 2, perPage: 2, total: 3, totalPages: 2 });
    expect(p2.body.links.prev).toBe("/api/v1/workspaces?perPage=2&page=1");
    expect(p2.body.links.next).toBeNull();
  });

  it.each([["perPage=101", "perPage"], ["perPage=0", "perPage"], ["page=0", "page"], ["page=abc", "page"], ["sort=name", "sort"]])(
    "rejects ?%s with 400",
    async (qs, field) => {
      const u = await registerUser(t.app);
      const err = expectError(await request(t.app).get(`/api/v1/workspaces?${qs}`).set(u.auth), 400, "VALIDATION_ERROR");
      expect(err.details!.map((d) => d.field)).toContain(field);
    },
  );

  it("a user who registers when others already exist gets no workspace", async () => {
    const u = await registerUser(t.app);
    const list = await request(t.app).get("/api/v1/workspaces").set(u.auth);
    expect(list.body.data).toEqual([]);
    expect(list.body.meta).toEqual({ page: 1, perPage: 20, total: 0, totalPages: 1 });
    expect((await request(t.app).get("/api/v1/auth/me").set(u.auth)).body.data.workspaces).toEqual([]);
    expect(await t.ctx.db.membership.count({ where: { userId: u.id } })).toBe(0);
  });

  it("on a fresh install exactly the first of two simultaneous registrations gets a workspace", async () => {
    await withFreshDatabase(async (url) => {
      const fresh = await createTestApp({ env: { DATABASE_URL: url } });
      try {
        const [a, b] = await Promise.all([registerUser(fresh.app, { name: "Ada" }), registerUser(fresh.app, { name: "Bob" })]);
        const memberships = await fresh.ctx.db.membership.findMany({ include: { workspace: true } });
        expect(memberships).toHaveLength(1);
        const first = [a, b].find((u) => u.id === memberships[0].userId)!;
        expect(first).toBeDefined();
        expect(memberships[0].role).toBe("OWNER");
        expect(memberships[0].workspace.name).toBe(`${first.name}'s workspace`);
        const me = await request(fresh.app).get("/api/v1/auth/me").set(first.auth);
        expect(me.body.data.workspaces).toEqual([{ id: memberships[0].workspaceId, name: `${first.name}'s workspace`, slug: memberships[0].workspace.slug, role: "OWNER", permissions: permissionsOf("OWNER") }]);
        // later registrations get none
        const c = await registerUser(fresh.app, { name: "Cy" });
        expect((await request(fresh.app).get("/api/v1/workspaces").set(c.auth)).body.data).toEqual([]);
        expect(await fresh.ctx.db.workspace.count()).toBe(1);
      } finally {
        await fresh.close();
      }
    });
  }, 90_000); // creating and migrating a database takes a while
});

describe("GET /workspaces/:id", () => {
  it("returns the workspace with my role and the member count, to every role", async () => {
    const team = await createTeam(t.app, "Detail");
    for (const [user, role] of [[team.owner, "OWNER"], [team.admin, "ADMIN"], [team.member, "MEMBER"], [team.viewer, "VIEWER"]] as const) {
      const res = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}`).set(user.auth);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.data).sort()).toEqual([...WORKSPACE_KEYS, "memberCount"].sort());
      expect(res.body.data).toMatchObject({ id: team.workspaceId, name: "Detail", role, version: 1, memberCount: 4 });
      expect(res.body.data.permissions).toEqual(permissionsOf(role));
    }
  });

  it("tells each role what it may do there: the owner everything, a viewer only reading", async () => {
    const team = await createTeam(t.app, "Permissions");
    const permissions = async (user: TestUser) => (await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}`).set(user.auth)).body.data.permissions as string[];
    const owner = await permissions(team.owner);
    expect(owner).toEqual(Object.keys(PERMISSIONS));
    expect(owner).toEqual(expect.arrayContaining(["workspace:update", "workspace:delete", "member:manage", "task:create", "task:update", "task:delete"]));
    const viewer = await permissions(team.viewer);
    expect(viewer).toEqual(expect.arrayContaining(["workspace:read", "member:read", "project:read", "task:read"]));
    for (const key of viewer) expect(PERMISSIONS[key as keyof typeof PERMISSIONS]).toContain("VIEWER");
    for (const key of ["workspace:update", "member:manage", "invitation:manage", "project:create", "task:create", "task:update", "task:delete"]) expect(viewer).not.toContain(key);
    // The list of my workspaces says the same.
    const list = (await request(t.app).get("/api/v1/workspaces").set(team.viewer.auth)).body.data as Array<{ id: string; permissions: string[] }>;
    expect(list.find((w) => w.id === team.workspaceId)!.permissions).toEqual(viewer);
  });

  it("answers 404 to non-members and for unknown ids, 400 for malformed ids", async () => {
    const team = await createTeam(t.app);
    const other = await registerUser(t.app);
    const otherWs = await createWorkspace(t.app, other);
    expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}`).set(team.outsider.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/workspaces/${otherWs}`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/workspaces/${crypto.randomUUID()}`).set(team.owner.auth), 404, "NOT_FOUND");
    const err = expectError(await request(t.app).get(`/api/v1/workspaces/not-a-uuid`).set(team.owner.auth), 400, "VALIDATION_ERROR");
    expect(err.details).toEqual([{ field: "id", message: "must be a UUID" }]);
  });
});

describe("PATCH /workspaces/:id", () => {
  it("lets the owner rename it, bumping the version", async () => {
    const u = await registerUser(t.app);
    const id = await createWorkspace(t.app, u, "Old name");
    const before = await t.ctx.db.workspace.findUniqueOrThrow({ where: { id } });
    const res = await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).send({ name: "  New name " });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data).sort()).toEqual(WORKSPACE_KEYS);
    expect(res.body.data).toMatchObject({ id, name: "New name", role: "OWNER", version: 2, slug: before.slug });
    expect(new Date(res.body.data.updatedAt).getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(await t.ctx.db.workspace.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "New name", version: 2, slug: before.slug });
  });

  it("with a stale body version answers 409 with the current workspace and changes nothing", async () => {
    const u = await registerUser(t.app);
    const id = await createWorkspace(t.app, u, "V1");
    expect((await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).send({ name: "V2", version: 1 })).body.data.version).toBe(2);
    const before = await dbState(id);
    const res = await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).send({ name: "Lost update", version: 1 });
    const err = expectError(res, 409, "CONFLICT");
    expect(res.body.error.current).toMatchObject({ id, name: "V2", version: 2 });
    expect(err.details).toEqual([expect.objectContaining({ field: "version" })]);
    expect(await dbState(id)).toEqual(before);
    // with the current version it works
    const ok = await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).send({ name: "V3", version: 2 });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ name: "V3", version: 3 });
  });

  it("honours If-Match the same way", async () => {
    const u = await registerUser(t.app);
    const id = await createWorkspace(t.app, u, "V1");
    expect((await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).set("If-Match", '"1"').send({ name: "V2" })).status).toBe(200);
    const before = await dbState(id);
    const stale = await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).set("If-Match", '"1"').send({ name: "Lost update" });
    expectError(stale, 409, "CONFLICT");
    expect(stale.body.error.current).toMatchObject({ id, name: "V2", version: 2 });
    expect(await dbState(id)).toEqual(before);
    const unquoted = await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).set("If-Match", "2").send({ name: "V3" });
    expect(unquoted.status).toBe(200);
    expect(unquoted.body.data).toMatchObject({ name: "V3", version: 3 });
    // an If-Match far beyond any version is never a server error
    const huge = await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).set("If-Match", '"99999999999"').send({ name: "V4" });
    expect([200, 409]).toContain(huge.status);
  });

  it("two simultaneous renames with the same version: exactly one wins", async () => {
    const u = await registerUser(t.app);
    const id = await createWorkspace(t.app, u, "Race");
    const results = await Promise.all(["A", "B"].map((name) => request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).send({ name, version: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.data.name;
    expect(await t.ctx.db.workspace.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: winner, version: 2 });
  });

  it.each(["admin", "member", "viewer"] as const)("is forbidden to the %s (403, nothing changed)", async (who) => {
    const team = await createTeam(t.app, "Keep");
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).patch(`/api/v1/workspaces/${team.workspaceId}`).set(team[who].auth).send({ name: "Hijacked" }), 403, "FORBIDDEN");
    expect(await dbState(team.workspaceId)).toEqual(before);
  });

  it("answers 404 to non-members and for unknown ids, 400 for malformed ids", async () => {
    const team = await createTeam(t.app, "Keep");
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).patch(`/api/v1/workspaces/${team.workspaceId}`).set(team.outsider.auth).send({ name: "X" }), 404, "NOT_FOUND");
    expectError(await request(t.app).patch(`/api/v1/workspaces/${crypto.randomUUID()}`).set(team.owner.auth).send({ name: "X" }), 404, "NOT_FOUND");
    const err = expectError(await request(t.app).patch(`/api/v1/workspaces/1234`).set(team.owner.auth).send({ name: "X" }), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toEqual(["id"]);
    expect(await dbState(team.workspaceId)).toEqual(before);
  });

  it.each([{}, { version: 1 }])("answers %j (nothing to change) with the workspace as it is, changing nothing", async (body) => {
    const u = await registerUser(t.app);
    const id = await createWorkspace(t.app, u, "Unchanged");
    const before = await dbState(id);
    const res = await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).send(body);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id, name: "Unchanged", version: 1 });
    expect(await dbState(id)).toEqual(before);
  });

  it.each([
    [{ holdExpiryHours: 0 }, "holdExpiryHours"],
    [{ name: "Ok", holdExpiryHours: "72" }, "holdExpiryHours"],
    [{ name: "" }, "name"],
    [{ name: "   " }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ name: 7 }, "name"],
    [{ name: "Ok", version: "1" }, "version"],
    [{ name: "Ok", version: 0 }, "version"],
    [{ name: "Ok", version: 1.5 }, "version"],
    [{ name: "Ok", version: 2 ** 31 }, "version"],
    [{ name: "Ok", slug: "custom" }, "slug"],
  ])("rejects %j with 400 and changes nothing", async (body, field) => {
    const u = await registerUser(t.app);
    const id = await createWorkspace(t.app, u, "Unchanged");
    const before = await dbState(id);
    const err = expectError(await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).send(body), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toContain(field);
    expect(await dbState(id)).toEqual(before);
  });

  it("rejects malformed JSON with INVALID_JSON and changes nothing", async () => {
    const u = await registerUser(t.app);
    const id = await createWorkspace(t.app, u, "Unchanged");
    const before = await dbState(id);
    expectError(await request(t.app).patch(`/api/v1/workspaces/${id}`).set(u.auth).set("Content-Type", "application/json").send("{name: 'x'}"), 400, "INVALID_JSON");
    expect(await dbState(id)).toEqual(before);
  });
});

describe("DELETE /workspaces/:id", () => {
  it("lets the owner delete it with its memberships and invitations; later requests answer 404", async () => {
    const team = await createTeam(t.app, "Doomed");
    const keep = await createWorkspace(t.app, team.owner, "Kept");
    const invite = await request(t.app)
      .post(`/api/v1/workspaces/${team.workspaceId}/invitations`)
      .set(team.owner.auth)
      .send({ email: team.outsider.email, role: "MEMBER" });
    expect(invite.status).toBe(201);
    const token = String(invite.body.data.acceptUrl).split("/invite/")[1];
    expect(await t.ctx.db.invitation.count({ where: { workspaceId: team.workspaceId } })).toBe(4); // 3 accepted + 1 pending

    const res = await request(t.app).delete(`/api/v1/workspaces/${team.workspaceId}`).set(team.owner.auth);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await dbState(team.workspaceId)).toEqual({ workspace: null, memberships: [], invitations: [] });
    // the people and the owner's other workspace are untouched
    expect(await t.ctx.db.user.count({ where: { id: { in: [team.owner.id, team.admin.id, team.member.id, team.viewer.id] } } })).toBe(4);
    expect(await roleOf(keep, team.owner.id)).toBe("OWNER");

    for (const user of [team.owner, team.member]) {
      expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}`).set(user.auth), 404, "NOT_FOUND");
      expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/members`).set(user.auth), 404, "NOT_FOUND");
    }
    expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/invitations`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/invitations/${token}`), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/invitations/${token}/accept`).set(team.outsider.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/workspaces/${team.workspaceId}`).set(team.owner.auth), 404, "NOT_FOUND");
    const list = await request(t.app).get("/api/v1/workspaces").set(team.member.auth);
    expect(list.body.data).toEqual([]);
  });

  it.each(["admin", "member", "viewer"] as const)("is forbidden to the %s (403, nothing deleted)", async (who) => {
    const team = await createTeam(t.app);
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).delete(`/api/v1/workspaces/${team.workspaceId}`).set(team[who].auth), 403, "FORBIDDEN");
    expect(await dbState(team.workspaceId)).toEqual(before);
  });

  it("answers 404 to non-members and for unknown ids, 400 for malformed ids", async () => {
    const team = await createTeam(t.app);
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).delete(`/api/v1/workspaces/${team.workspaceId}`).set(team.outsider.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/workspaces/${crypto.randomUUID()}`).set(team.owner.auth), 404, "NOT_FOUND");
    const err = expectError(await request(t.app).delete(`/api/v1/workspaces/${team.workspaceId}x`).set(team.owner.auth), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toEqual(["id"]);
    expect(await dbState(team.workspaceId)).toEqual(before);
  });
});

describe("GET /workspaces/:id/members", () => {
  it("lists members to every role, in joining order by default", async () => {
    const team = await createTeam(t.app);
    for (const user of [team.owner, team.admin, team.member, team.viewer]) {
      const res = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/members`).set(user.auth);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(4);
      for (const m of res.body.data) {
        expect(Object.keys(m).sort()).toEqual(MEMBER_KEYS);
        expect(m.joinedAt).toMatch(ISO);
      }
      expect(res.body.data.map((m: { userId: string; name: string; email: string; role: string }) => [m.userId, m.name, m.email, m.role])).toEqual([
        [team.owner.id, "Olive Owner", team.owner.email, "OWNER"],
        [team.admin.id, "Adam Admin", team.admin.email, "ADMIN"],
        [team.member.id, "Mia Member", team.member.email, "MEMBER"],
        [team.viewer.id, "Vic Viewer", team.viewer.email, "VIEWER"],
      ]);
      expect(res.body.meta).toEqual({ page: 1, perPage: 20, total: 4, totalPages: 1 });
    }
  });

  it("paginates with meta and links that keep the filters", async () => {
    const team = await createTeam(t.app);
    const extra = await registerUser(t.app, { name: "Eve Extra" });
    await addMember(t.app, team.owner, team.workspaceId, extra, "MEMBER");
    const base = `/api/v1/workspaces/${team.workspaceId}/members`;
    const res = await request(t.app).get(`${base}?page=2&perPage=2&sort=name`).set(team.viewer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.map((m: { name: string }) => m.name)).toEqual(["Mia Member", "Olive Owner"]);
    expect(res.body.meta).toEqual({ page: 2, perPage: 2, total: 5, totalPages: 3 });
    expect(res.body.links).toEqual({
      first: `${base}?page=1&perPage=2&sort=name`,
      prev: `${base}?page=1&perPage=2&sort=name`,
      next: `${base}?page=3&perPage=2&sort=name`,
      last: `${base}?page=3&perPage=2&sort=name`,
    });
    // following the links from the first page visits everyone exactly once
    const seen: string[] = [];
    let url: string | null = res.body.links.first;
    while (url) {
      const page = await request(t.app).get(url).set(team.viewer.auth);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((m: { name: string }) => m.name));
      url = page.body.links.next;
    }
    expect(seen).toEqual(["Adam Admin", "Eve Extra", "Mia Member", "Olive Owner", "Vic Viewer"]);
    // a page past the end is empty and points back
    const past = await request(t.app).get(`${base}?page=9&perPage=2`).set(team.viewer.auth);
    expect(past.body.data).toEqual([]);
    expect(past.body.links).toMatchObject({ prev: `${base}?page=3&perPage=2`, next: null });
  });

  it("filters by q (name or email, case-insensitive) and role, and sorts", async () => {
    const team = await createTeam(t.app);
    const base = `/api/v1/workspaces/${team.workspaceId}/members`;
    const names = async (qs: Record<string, string>) => {
      const res = await request(t.app).get(base).query(qs).set(team.member.auth);
      expect(res.status).toBe(200);
      expect(res.body.meta.total).toBe(res.body.data.length);
      return res.body.data.map((m: { name: string }) => m.name);
    };
    expect(await names({ q: "mia" })).toEqual(["Mia Member"]);
    expect(await names({ q: "  VIEWER " })).toEqual(["Vic Viewer"]);
    expect(await names({ q: team.admin.email.split("@")[0].toUpperCase() })).toEqual(["Adam Admin"]);
    expect(await names({ role: "VIEWER" })).toEqual(["Vic Viewer"]);
    expect(await names({ role: "OWNER", q: "o" })).toEqual(["Olive Owner"]);
    expect(await names({ role: "ADMIN", q: "mia" })).toEqual([]);
    expect(await names({ q: "nobody-by-this-name" })).toEqual([]);
    expect(await names({ sort: "name" })).toEqual(["Adam Admin", "Mia Member", "Olive Owner", "Vic Viewer"]);
    expect(await names({ sort: "-name" })).toEqual(["Vic Viewer", "Olive Owner", "Mia Member", "Adam Admin"]);
    expect(await names({ sort: "joinedAt" })).toEqual(["Olive Owner", "Adam Admin", "Mia Member", "Vic Viewer"]);
    expect(await names({ sort: "-joinedAt" })).toEqual(["Vic Viewer", "Mia Member", "Adam Admin", "Olive Owner"]);
    const empty = await request(t.app).get(base).query({ q: "zzz-none" }).set(team.member.auth);
    expect(empty.body.meta).toEqual({ page: 1, perPage: 20, total: 0, totalPages: 1 });
    expect(empty.body.links.next).toBeNull();
  });

  it("treats % and _ in q literally", async () => {
    const team = await createTeam(t.app);
    const odd = await registerUser(t.app, { name: "Under_Score 100%" });
    await addMember(t.app, team.owner, team.workspaceId, odd, "VIEWER");
    const base = `/api/v1/workspaces/${team.workspaceId}/members`;
    for (const q of ["_", "%", "0%", "d_r"]) {
      const res = await request(t.app).get(base).query({ q }).set(team.owner.auth);
      expect({ q, names: res.body.data.map((m: { name: string }) => m.name) }).toEqual({
        q,
        names: q === "d_r" ? [] : ["Under_Score 100%"],
      });
    }
  });

  it.each([
    ["perPage=101", "perPage"],
    ["perPage=0", "perPage"],
    ["page=0", "page"],
    ["page=-1", "page"],
    ["sort=email", "sort"],
    ["role=owner", "role"],
    ["role=SUPERUSER", "role"],
    [`q=${"x".repeat(101)}`, "q"],
    ["status=active", "status"],
  ])("rejects ?%s with 400", async (qs, field) => {
    const team = await createTeam(t.app);
    const err = expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/members?${qs}`).set(team.owner.auth), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toContain(field);
  });

  it("answers 404 to non-members and for unknown ids, 400 for malformed ids", async () => {
    const team = await createTeam(t.app);
    expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/members`).set(team.outsider.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/workspaces/${crypto.randomUUID()}/members`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/workspaces/abc/members`).set(team.owner.auth), 400, "VALIDATION_ERROR");
  });
});

describe("PATCH /workspaces/:id/members/:userId", () => {
  type Who = "owner" | "admin" | "member" | "viewer";
  it.each<[Who, Who, Role, number]>([
    ["owner", "member", "ADMIN", 200],
    ["owner", "member", "OWNER", 200],
    ["owner", "admin", "VIEWER", 200],
    ["admin", "member", "VIEWER", 200],
    ["admin", "viewer", "ADMIN", 200],
    ["admin", "admin", "MEMBER", 200],
    ["admin", "member", "OWNER", 403],
    ["admin", "owner", "ADMIN", 403],
    ["admin", "admin", "OWNER", 403],
    ["member", "viewer", "MEMBER", 403],
    ["member", "member", "ADMIN", 403],
    ["viewer", "member", "VIEWER", 403],
    ["viewer", "viewer", "MEMBER", 403],
  ])("%s sets the %s's role to %s → %i", async (actor, target, role, status) => {
    const team = await createTeam(t.app);
    const before = await dbState(team.workspaceId);
    const res = await request(t.app)
      .patch(`/api/v1/workspaces/${team.workspaceId}/members/${team[target].id}`)
      .set(team[actor].auth)
      .send({ role });
    if (status === 200) {
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.data).sort()).toEqual(MEMBER_KEYS);
      expect(res.body.data).toMatchObject({ userId: team[target].id, email: team[target].email, name: team[target].name, role });
      expect(await roleOf(team.workspaceId, team[target].id)).toBe(role);
      const detail = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}`).set(team[target].auth);
      expect(detail.body.data.role).toBe(role);
    } else {
      expectError(res, status, "FORBIDDEN");
      expect(await dbState(team.workspaceId)).toEqual(before);
    }
  });

  it("the last owner cannot be demoted (409); once there is another owner it can", async () => {
    const team = await createTeam(t.app);
    const url = (u: TestUser) => `/api/v1/workspaces/${team.workspaceId}/members/${u.id}`;
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).patch(url(team.owner)).set(team.owner.auth).send({ role: "ADMIN" }), 409, "CONFLICT");
    expect(await dbState(team.workspaceId)).toEqual(before);
    // keeping the role is fine
    expect((await request(t.app).patch(url(team.owner)).set(team.owner.auth).send({ role: "OWNER" })).status).toBe(200);

    expect((await request(t.app).patch(url(team.admin)).set(team.owner.auth).send({ role: "OWNER" })).status).toBe(200);
    const demoted = await request(t.app).patch(url(team.owner)).set(team.owner.auth).send({ role: "MEMBER" });
    expect(demoted.status).toBe(200);
    expect(demoted.body.data.role).toBe("MEMBER");
    expect(await roleOf(team.workspaceId, team.owner.id)).toBe("MEMBER");
    // now the former admin is the last owner
    expectError(await request(t.app).patch(url(team.admin)).set(team.admin.auth).send({ role: "VIEWER" }), 409, "CONFLICT");
    expect(await ownerCount(team.workspaceId)).toBe(1);
    expect(await roleOf(team.workspaceId, team.admin.id)).toBe("OWNER");
  });

  it("two owners demoting each other at the same time: exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const team = await createTeam(t.app);
      const url = (u: TestUser) => `/api/v1/workspaces/${team.workspaceId}/members/${u.id}`;
      expect((await request(t.app).patch(url(team.admin)).set(team.owner.auth).send({ role: "OWNER" })).status).toBe(200);
      const results = await Promise.all([
        request(t.app).patch(url(team.admin)).set(team.owner.auth).send({ role: "ADMIN" }),
        request(t.app).patch(url(team.owner)).set(team.admin.auth).send({ role: "ADMIN" }),
      ]);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      const loser = results.find((r) => r.status !== 200)!;
      expect([403, 409]).toContain(loser.status);
      expect(["FORBIDDEN", "CONFLICT"]).toContain(loser.body.error.code);
      expect(await ownerCount(team.workspaceId)).toBe(1);
    }
  });

  it("re-checks the caller's role after waiting for the workspace lock", async () => {
    const team = await createTeam(t.app);
    expect(
      (await request(t.app).patch(`/api/v1/workspaces/${team.workspaceId}/members/${team.admin.id}`).set(team.owner.auth).send({ role: "OWNER" })).status,
    ).toBe(200);
    let pending: Promise<request.Response> | undefined;
    // While we hold the workspace lock and demote the second owner, that owner tries to make the member an owner.
    await t.ctx.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${team.workspaceId}::uuid FOR UPDATE`;
        await tx.membership.update({ where: { workspaceId_userId: { workspaceId: team.workspaceId, userId: team.admin.id } }, data: { role: "ADMIN" } });
        pending = request(t.app)
          .patch(`/api/v1/workspaces/${team.workspaceId}/members/${team.member.id}`)
          .set(team.admin.auth)
          .send({ role: "OWNER" })
          .then((r) => r);
        // wait until the request is blocked by this transaction (an event, not a fixed delay)
        await eventually(
          async () => {
            const [{ n }] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))`;
            return n > 0;
          },
          { what: "the role change to wait for the workspace lock", timeoutMs: 4000, intervalMs: 10 },
        );
      },
      { timeout: 10000 },
    );
    expectError(await pending!, 403, "FORBIDDEN");
    expect(await roleOf(team.workspaceId, team.member.id)).toBe("MEMBER");
    expect(await ownerCount(team.workspaceId)).toBe(1);
  });

  it("answers 404 for users who are not members and for unknown ids, 400 for malformed ids", async () => {
    const team = await createTeam(t.app);
    const other = await createTeam(t.app);
    const before = await dbState(team.workspaceId);
    const base = `/api/v1/workspaces/${team.workspaceId}/members`;
    expectError(await request(t.app).patch(`${base}/${team.outsider.id}`).set(team.owner.auth).send({ role: "ADMIN" }), 404, "NOT_FOUND");
    expectError(await request(t.app).patch(`${base}/${other.member.id}`).set(team.owner.auth).send({ role: "ADMIN" }), 404, "NOT_FOUND");
    expectError(await request(t.app).patch(`${base}/${crypto.randomUUID()}`).set(team.owner.auth).send({ role: "ADMIN" }), 404, "NOT_FOUND");
    // a non-member (even an owner elsewhere) cannot touch the workspace
    expectError(await request(t.app).patch(`${base}/${team.member.id}`).set(other.owner.auth).send({ role: "ADMIN" }), 404, "NOT_FOUND");
    expectError(
      await request(t.app).patch(`/api/v1/workspaces/${other.workspaceId}/members/${team.member.id}`).set(team.owner.auth).send({ role: "ADMIN" }),
      404,
      "NOT_FOUND",
    );
    let err = expectError(await request(t.app).patch(`${base}/not-a-uuid`).set(team.owner.auth).send({ role: "ADMIN" }), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toEqual(["userId"]);
    err = expectError(await request(t.app).patch(`/api/v1/workspaces/nope/members/${team.member.id}`).set(team.owner.auth).send({ role: "ADMIN" }), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toEqual(["id"]);
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect(await roleOf(other.workspaceId, other.member.id)).toBe("MEMBER");
  });

  it.each([
    [{}, "role"],
    [{ role: "SUPERUSER" }, "role"],
    [{ role: "admin" }, "role"],
    [{ role: 1 }, "role"],
    [{ role: null }, "role"],
    [{ role: "ADMIN", name: "Renamed" }, "name"],
  ])("rejects %j with 400 and changes nothing", async (body, field) => {
    const team = await createTeam(t.app);
    const before = await dbState(team.workspaceId);
    const err = expectError(
      await request(t.app).patch(`/api/v1/workspaces/${team.workspaceId}/members/${team.member.id}`).set(team.owner.auth).send(body),
      400,
      "VALIDATION_ERROR",
    );
    expect(err.details!.map((d) => d.field)).toContain(field);
    expect(await dbState(team.workspaceId)).toEqual(before);
  });

  it("rejects malformed JSON with INVALID_JSON and changes nothing", async () => {
    const team = await createTeam(t.app);
    const before = await dbState(team.workspaceId);
    expectError(
      await request(t.app)
        .patch(`/api/v1/workspaces/${team.workspaceId}/members/${team.member.id}`)
        .set(team.owner.auth)
        .set("Content-Type", "application/json")
        .send('{"role":"ADMIN"'),
      400,
      "INVALID_JSON",
    );
    expect(await dbState(team.workspaceId)).toEqual(before);
  });
});

describe("DELETE /workspaces/:id/members/:userId", () => {
  type Who = "owner" | "admin" | "member" | "viewer";
  it.each<[Who, Who, number]>([
    ["owner", "admin", 204],
    ["owner", "viewer", 204],
    ["admin", "member", 204],
    ["admin", "viewer", 204],
    ["admin", "owner", 403],
    ["member", "viewer", 403],
    ["member", "admin", 403],
    ["viewer", "member", 403],
    ["admin", "admin", 204],
    ["member", "member", 204],
    ["viewer", "viewer", 204],
  ])("%s removes the %s → %i", async (actor, target, status) => {
    const team = await createTeam(t.app);
    const before = await dbState(team.workspaceId);
    const res = await request(t.app).delete(`/api/v1/workspaces/${team.workspaceId}/members/${team[target].id}`).set(team[actor].auth);
    if (status === 204) {
      expect(res.status).toBe(204);
      expect(await roleOf(team.workspaceId, team[target].id)).toBeNull();
      expect(await t.ctx.db.membership.count({ where: { workspaceId: team.workspaceId } })).toBe(3);
      expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}`).set(team[target].auth), 404, "NOT_FOUND");
      const list = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/members`).set(team.owner.auth);
      expect(list.body.data.map((m: { userId: string }) => m.userId)).not.toContain(team[target].id);
    } else {
      expectError(res, status, "FORBIDDEN");
      expect(await dbState(team.workspaceId)).toEqual(before);
    }
  });

  it("the last owner cannot leave (409); with a second owner, owners can remove each other or leave", async () => {
    const team = await createTeam(t.app);
    const url = (u: TestUser) => `/api/v1/workspaces/${team.workspaceId}/members/${u.id}`;
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).delete(url(team.owner)).set(team.owner.auth), 409, "CONFLICT");
    expect(await dbState(team.workspaceId)).toEqual(before);

    expect((await request(t.app).patch(url(team.admin)).set(team.owner.auth).send({ role: "OWNER" })).status).toBe(200);
    expect((await request(t.app).patch(url(team.member)).set(team.owner.auth).send({ role: "OWNER" })).status).toBe(200);
    // an owner removes another owner
    expect((await request(t.app).delete(url(team.member)).set(team.owner.auth)).status).toBe(204);
    // an owner leaves while another owner remains
    expect((await request(t.app).delete(url(team.owner)).set(team.owner.auth)).status).toBe(204);
    expect(await roleOf(team.workspaceId, team.owner.id)).toBeNull();
    // the remaining owner is the last one
    expectError(await request(t.app).delete(url(team.admin)).set(team.admin.auth), 409, "CONFLICT");
    expect(await ownerCount(team.workspaceId)).toBe(1);
    expect(await roleOf(team.workspaceId, team.admin.id)).toBe("OWNER");
  });

  it("two owners removing each other at the same time: exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const team = await createTeam(t.app);
      const url = (u: TestUser) => `/api/v1/workspaces/${team.workspaceId}/members/${u.id}`;
      expect((await request(t.app).patch(url(team.admin)).set(team.owner.auth).send({ role: "OWNER" })).status).toBe(200);
      const results = await Promise.all([
        request(t.app).delete(url(team.admin)).set(team.owner.auth),
        request(t.app).delete(url(team.owner)).set(team.admin.auth),
      ]);
      expect(results.filter((r) => r.status === 204)).toHaveLength(1);
      const loser = results.find((r) => r.status !== 204)!;
      expect([404, 409]).toContain(loser.status);
      expect(await ownerCount(team.workspaceId)).toBe(1);
    }
  });

  it("answers 404 for users who are not members and for unknown ids, 400 for malformed ids", async () => {
    const team = await createTeam(t.app);
    const other = await createTeam(t.app);
    const before = await dbState(team.workspaceId);
    const base = `/api/v1/workspaces/${team.workspaceId}/members`;
    expectError(await request(t.app).delete(`${base}/${team.outsider.id}`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`${base}/${other.member.id}`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`${base}/${crypto.randomUUID()}`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`${base}/${team.member.id}`).set(other.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`${base}/${team.outsider.id}`).set(team.outsider.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/workspaces/${other.workspaceId}/members/${other.member.id}`).set(team.owner.auth), 404, "NOT_FOUND");
    const err = expectError(await request(t.app).delete(`${base}/12345`).set(team.owner.auth), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toEqual(["userId"]);
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect(await roleOf(other.workspaceId, other.member.id)).toBe("MEMBER");
  });
});
