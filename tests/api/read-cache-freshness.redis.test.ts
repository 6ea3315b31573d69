import request from "supertest";
import { addMember, createTestApp, createWorkspace, registerUser, type TestApp, type TestUser } from "../helpers/app";
import { startDelayingProxy, type DelayingProxy } from "../helpers/tcp-proxy";
import { testEnv } from "../setup/services";
import { readCache } from "../../src/cache/reads";

/**
 * The generation bump is done before the write answers (the unit of work awaits it), so a client
 * that gets the write's response and reads at once sees the write: on the instance that wrote, and
 * on another instance sharing the Redis store even when the writer's Redis link is slow (a proxy
 * holds A's Redis bytes back; were the bump left running after the response, B would serve its
 * cached pre-write body). Also the list's filters: a filtered, cached list follows the write.
 */
describe("read cache: a write's response comes after its generation bump (Redis)", () => {
  let proxy: DelayingProxy;
  let a: TestApp; // talks to Redis through the delaying proxy
  let b: TestApp; // talks to Redis directly
  let owner: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let workspaceId: string;
  let projectId: string;
  const api = (p: string) => `/api/v1${p}`;
  const list = (t: TestApp, u: TestUser, qs = "") => request(t.app).get(api(`/projects/${projectId}/tasks?perPage=100${qs}`)).set(u.auth);
  const titles = (res: request.Response) => (res.body.data as Array<{ title: string }>).map((x) => x.title);

  beforeAll(async () => {
    const target = new URL(testEnv.redisUrl!);
    proxy = await startDelayingProxy({ host: target.hostname, port: Number(target.port || 6379) });
    a = await createTestApp({ redis: true, env: { REDIS_URL: proxy.url } });
    b = await createTestApp({ redis: true });
    owner = await registerUser(a.app);
    member = await registerUser(a.app);
    outsider = await registerUser(a.app);
    workspaceId = await createWorkspace(a.app, owner);
    await addMember(a.app, owner, workspaceId, member, "MEMBER");
    await createWorkspace(a.app, outsider, "Elsewhere");
    projectId = (await request(a.app).post(api(`/workspaces/${workspaceId}/projects`)).set(owner.auth).send({ name: "Fresh", key: "FRS" }).expect(201)).body.data.id;
  });
  afterAll(async () => {
    proxy.delayMs = 0;
    await a.close();
    await b.close();
    await proxy.close();
  });

  it("write then immediate read on the same instance sees the write, 20 times in a row", async () => {
    for (let i = 0; i < 20; i++) {
      await list(a, owner).expect(200);
      await list(a, owner).expect(200); // now served from the cache
      await request(a.app).post(api(`/projects/${projectId}/tasks`)).set(member.auth).send({ title: `Same ${i}` }).expect(201);
      expect(titles(await list(a, owner).expect(200))).toContain(`Same ${i}`);
    }
    expect(readCache(a.ctx).hits).toBeGreaterThanOrEqual(20);
  });

  it("write on A (slow Redis link) then immediate read on B sees the write, 20 times in a row", async () => {
    const hitsBefore = readCache(b.ctx).hits;
    for (let i = 0; i < 20; i++) {
      await list(b, owner).expect(200);
      await list(b, owner).expect(200); // B holds the pre-write body in the shared store
      proxy.delayMs = 40;
      try {
        await request(a.app).post(api(`/projects/${projectId}/tasks`)).set(member.auth).send({ title: `Across ${i}` }).expect(201);
      } finally {
        proxy.delayMs = 0;
      }
      expect(titles(await list(b, owner).expect(200))).toContain(`Across ${i}`);
    }
    expect(readCache(b.ctx).hits).toBeGreaterThanOrEqual(hitsBefore + 20); // the warm reads were hits: the cache was in play
  });

  it("an update and a delete on A are seen by the next read on B (slow link), in a filtered list", async () => {
    const made = (await request(a.app).post(api(`/projects/${projectId}/tasks`)).set(owner.auth).send({ title: "Filtered", status: "IN_PROGRESS" }).expect(201)).body.data;
    const filtered = "&status=IN_PROGRESS";
    for (let i = 0; i < 5; i++) {
      await list(b, owner, filtered).expect(200);
      await list(b, owner, filtered).expect(200);
      proxy.delayMs = 40;
      const version = (await request(a.app).patch(api(`/tasks/${made.id}`)).set(owner.auth).send({ title: `Filtered ${i}`, version: made.version + i }).expect(200)).body.data.version;
      proxy.delayMs = 0;
      expect(version).toBe(made.version + i + 1);
      expect(titles(await list(b, owner, filtered).expect(200))).toEqual([`Filtered ${i}`]);
    }
    await list(b, owner, filtered).expect(200);
    proxy.delayMs = 40;
    await request(a.app).delete(api(`/tasks/${made.id}`)).set(owner.auth).expect(204);
    proxy.delayMs = 0;
    expect(titles(await list(b, owner, filtered).expect(200))).toEqual([]);
  });

  it("a non-member gets a 404 and never the cached body, on either instance", async () => {
    for (const t of [a, b]) {
      const warm = await list(t, owner).expect(200);
      expect(warm.body.data.length).toBeGreaterThan(0);
      const refused = await list(t, outsider).expect(404);
      expect(refused.text).not.toContain("Same 0");
      expect(refused.body.data).toBeUndefined();
    }
  });
});
