import request from "supertest";
import { addMember, createTestApp, createWorkspace, registerUser, type TestApp, type TestUser } from "../helpers/app";
import { readCache } from "../../src/cache/reads";

/** Two instances on one database and Redis: a write on one is seen by the next read on the other; Redis gone, reads stay correct. */
describe("read cache across two instances (Redis)", () => {
  let a: TestApp;
  let b: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let workspaceId: string;
  let projectId: string;
  const api = (p: string) => `/api/v1${p}`;
  const list = (t: TestApp, u: TestUser) => request(t.app).get(api(`/projects/${projectId}/tasks`)).set(u.auth);
  const titles = (res: request.Response) => (res.body.data as Array<{ title: string }>).map((x) => x.title).sort();

  beforeAll(async () => {
    a = await createTestApp({ redis: true });
    b = await createTestApp({ redis: true });
    owner = await registerUser(a.app);
    member = await registerUser(a.app);
    workspaceId = await createWorkspace(a.app, owner);
    await addMember(a.app, owner, workspaceId, member, "MEMBER");
    projectId = (await request(a.app).post(api(`/workspaces/${workspaceId}/projects`)).set(owner.auth).send({ name: "Shared", key: "SHR" }).expect(201)).body.data.id;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("B serves a body A stored (the store is shared)", async () => {
    await request(a.app).post(api(`/projects/${projectId}/tasks`)).set(owner.auth).send({ title: "One" }).expect(201);
    const onA = await list(a, owner).expect(200);
    const hits = readCache(b.ctx).hits;
    const onB = await list(b, owner).expect(200);
    expect(readCache(b.ctx).hits).toBe(hits + 1);
    expect(onB.text).toBe(onA.text);
  });

  it("a write on A is seen by the next read on B, every time", async () => {
    for (let i = 0; i < 10; i++) {
      await list(b, owner).expect(200); // warm B
      await list(b, owner).expect(200);
      await request(a.app).post(api(`/projects/${projectId}/tasks`)).set(member.auth).send({ title: `Loop ${i}` }).expect(201);
      expect(titles(await list(b, owner).expect(200))).toContain(`Loop ${i}`);
    }
  });

  it("a member removed on A is refused on B at once", async () => {
    await list(b, member).expect(200);
    await list(b, member).expect(200);
    await request(a.app).delete(api(`/workspaces/${workspaceId}/members/${member.id}`)).set(owner.auth).expect(204);
    await list(b, member).expect(404);
  });

  it("with its Redis connection gone, an instance answers every read from the database, and writes still work", async () => {
    const c = await createTestApp({ redis: true });
    try {
      await list(c, owner).expect(200);
      c.ctx.redis!.disconnect();
      const bypassed = readCache(c.ctx).bypassed;
      await request(c.app).post(api(`/projects/${projectId}/tasks`)).set(owner.auth).send({ title: "Written without Redis" }).expect(201);
      expect(titles(await list(c, owner).expect(200))).toContain("Written without Redis");
      expect(readCache(c.ctx).bypassed).toBeGreaterThan(bypassed);
      // The other instance missed that bump (it never reached Redis); it still sees the write within one TTL at worst,
      // and here at once, because its next write bumps the shared generation.
      await request(b.app).post(api(`/projects/${projectId}/tasks`)).set(owner.auth).send({ title: "After" }).expect(201);
      expect(titles(await list(b, owner).expect(200))).toEqual(expect.arrayContaining(["Written without Redis", "After"]));
    } finally {
      await c.close().catch(() => {});
    }
  });
});
