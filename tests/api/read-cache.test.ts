import request from "supertest";
import { addMember, createTestApp, createWorkspace, registerUser, type TestApp, type TestUser } from "../helpers/app";
import { generationKey, generationsBumpedBy, readCache } from "../../src/cache/reads";
import { withEvents } from "../../src/events/unit-of-work";
import type { AnyDomainEvent } from "../../src/events/bus";

/** The read cache in embedded mode (memory store, one instance): fresh after every write, never a body for someone who may not read it. */
describe("read cache (memory, one instance)", () => {
  let t: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let workspaceId: string;
  let projectId: string;
  const api = (p: string) => `/api/v1${p}`;
  const list = (u: TestUser, qs = "") => request(t.app).get(api(`/projects/${projectId}/tasks${qs}`)).set(u.auth);
  const titles = (res: request.Response) => (res.body.data as Array<{ title: string }>).map((x) => x.title).sort();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t.app);
    member = await registerUser(t.app);
    outsider = await registerUser(t.app);
    workspaceId = await createWorkspace(t.app, owner);
    await addMember(t.app, owner, workspaceId, member, "MEMBER");
    await createWorkspace(t.app, outsider, "Elsewhere");
    projectId = (await request(t.app).post(api(`/workspaces/${workspaceId}/projects`)).set(owner.auth).send({ name: "Cached", key: "CCH" }).expect(201)).body.data.id;
  });
  afterAll(() => t.close());

  it("serves the second identical read from the cache, byte for byte", async () => {
    await request(t.app).post(api(`/projects/${projectId}/tasks`)).set(owner.auth).send({ title: "First" }).expect(201);
    const cache = readCache(t.ctx);
    const first = await list(owner).expect(200);
    const hits = cache.hits;
    const second = await list(owner).expect(200);
    expect(cache.hits).toBe(hits + 1);
    expect(second.headers["content-type"]).toMatch(/application\/json/);
    expect(second.text).toBe(first.text);
  });

  it("a hit carries the ETag the miss had: a client holding it gets 304, and a write changes it", async () => {
    await list(owner).expect(200);
    const hits = readCache(t.ctx).hits;
    const hit = await list(owner).expect(200);
    expect(readCache(t.ctx).hits).toBe(hits + 1);
    const etag = hit.headers.etag as string;
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect((await list(owner).set("If-None-Match", etag).expect(304)).text).toBe("");
    await request(t.app).post(api(`/projects/${projectId}/tasks`)).set(owner.auth).send({ title: "Etagged" }).expect(201);
    const fresh = await list(owner).set("If-None-Match", etag).expect(200);
    expect(fresh.headers.etag).not.toBe(etag);
    expect(titles(fresh)).toContain("Etagged");
    const again = await list(owner).expect(200); // a hit now: the same ETag as the miss that stored it
    expect(again.headers.etag).toBe(fresh.headers.etag);
    const made = (fresh.body.data as Array<{ id: string; title: string; version: number }>).find((x) => x.title === "Etagged")!;
    await request(t.app).delete(api(`/tasks/${made.id}`)).set(owner.auth).expect(204);
  });

  it("the workspace's booking list is cached and fresh after a booking is made, moved and cancelled", async () => {
    const artist = (await request(t.app).post(api(`/workspaces/${workspaceId}/artists`)).set(owner.auth).send({ name: "Cached artist", timezone: "UTC" }).expect(201)).body.data;
    const bookings = () => request(t.app).get(api(`/workspaces/${workspaceId}/bookings?artistId=${artist.id}`)).set(member.auth).expect(200);
    expect((await bookings()).body.data).toEqual([]);
    const hits = readCache(t.ctx).hits;
    expect((await bookings()).body.data).toEqual([]);
    expect(readCache(t.ctx).hits).toBe(hits + 1);
    const made = (await request(t.app).post(api(`/workspaces/${workspaceId}/bookings`)).set(member.auth).send({ artistId: artist.id, title: "Cached", start: "2031-05-06T09:00:00Z", end: "2031-05-06T17:00:00Z", status: "CONFIRMED" }).expect(201)).body.data;
    expect((await bookings()).body.data.map((b: { id: string }) => b.id)).toEqual([made.id]);
    await request(t.app).patch(api(`/bookings/${made.id}`)).set(member.auth).send({ start: "2031-05-07T09:00:00Z", end: "2031-05-07T17:00:00Z", version: made.version }).expect(200);
    expect((await bookings()).body.data[0].start).toBe("2031-05-07T09:00:00.000Z");
    await request(t.app).delete(api(`/bookings/${made.id}`)).set(member.auth).expect((r) => expect([200, 204]).toContain(r.status));
    expect((await bookings()).body.data.map((b: { status: string }) => b.status)).toEqual(["CANCELLED"]);
    expect((await request(t.app).get(api(`/workspaces/${workspaceId}/bookings?artistId=${artist.id}`)).set(outsider.auth)).status).toBe(404);
  });

  it("a write is seen by the very next read: create, update, delete", async () => {
    await list(owner).expect(200);
    const made = (await request(t.app).post(api(`/projects/${projectId}/tasks`)).set(member.auth).send({ title: "Second" }).expect(201)).body.data;
    expect(titles(await list(owner).expect(200))).toEqual(["First", "Second"]);
    await request(t.app).patch(api(`/tasks/${made.id}`)).set(member.auth).send({ title: "Renamed", version: made.version }).expect(200);
    expect(titles(await list(owner).expect(200))).toEqual(["First", "Renamed"]);
    await request(t.app).delete(api(`/tasks/${made.id}`)).set(member.auth).expect(204);
    expect(titles(await list(owner).expect(200))).toEqual(["First"]);
  });

  it("keys on the query: another filter or page is another answer", async () => {
    const all = await list(owner).expect(200);
    const none = await list(owner, "?status=DONE").expect(200);
    expect(none.body.data).toEqual([]);
    expect(all.body.data.length).toBeGreaterThan(0);
    const paged = await list(owner, "?perPage=1&page=1").expect(200);
    expect(paged.body.links.first).toContain("perPage=1");
  });

  it("another workspace's user never gets the cached body, and a removed member is refused at once", async () => {
    const warm = await list(member).expect(200);
    expect(warm.body.data.length).toBeGreaterThan(0);
    const hits = readCache(t.ctx).hits;
    const refused = await list(outsider).expect(404);
    expect(refused.text).not.toContain("First");
    expect(readCache(t.ctx).hits).toBe(hits); // the permission check answered before any lookup

    await list(member).expect(200);
    await request(t.app).delete(api(`/workspaces/${workspaceId}/members/${member.id}`)).set(owner.auth).expect(204);
    const gone = await list(member).expect(404);
    expect(gone.text).not.toContain("First");
  });

  it("two workspaces asking the same query get their own answers (their generations are both unbumped)", async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const wa = await createWorkspace(t.app, a, "Studio A");
    const wb = await createWorkspace(t.app, b, "Studio B");
    // Rows written without events: neither workspace's generation moves.
    await t.ctx.db.artist.create({ data: { workspaceId: wa, name: "Only in A" } });
    await t.ctx.db.artist.create({ data: { workspaceId: wb, name: "Only in B" } });
    const q = "from=2027-03-01T00:00:00Z&to=2027-03-08T00:00:00Z";
    const names = async (u: TestUser, w: string) => ((await request(t.app).get(api(`/workspaces/${w}/calendar?${q}`)).set(u.auth).expect(200)).body.data.artists as Array<{ name: string }>).map((x) => x.name);
    expect(await names(a, wa)).toEqual(["Only in A"]);
    expect(await names(b, wb)).toEqual(["Only in B"]);
    expect(await names(a, wa)).toEqual(["Only in A"]);
  });

  it("project and workspace stats follow the tasks", async () => {
    const stats = () => request(t.app).get(api(`/projects/${projectId}/stats`)).set(owner.auth).expect(200);
    const dash = () => request(t.app).get(api(`/workspaces/${workspaceId}/stats`)).set(owner.auth).expect(200);
    const before = (await stats()).body.data;
    const dashBefore = (await dash()).body.data;
    await stats();
    await dash();
    await request(t.app).post(api(`/projects/${projectId}/tasks`)).set(owner.auth).send({ title: "Third", status: "DONE" }).expect(201);
    const after = (await stats()).body.data;
    expect(after.byStatus.DONE).toBe(before.byStatus.DONE + 1);
    expect(JSON.stringify((await dash()).body.data)).not.toBe(JSON.stringify(dashBefore));
  });

  it("an event emitted through a unit of work makes the next read a miss", async () => {
    await list(owner).expect(200);
    await list(owner).expect(200);
    const misses = readCache(t.ctx).misses;
    await withEvents(t.ctx, async (e) => e.emit({ type: "label.created", workspaceId, actorId: owner.id, data: { id: "l", name: "x" } as never }));
    await t.ctx.events.drain();
    await list(owner).expect(200);
    expect(readCache(t.ctx).misses).toBe(misses + 1);
  });

  it("CACHE_READS=off answers every read from the database", async () => {
    const off = await createTestApp({ env: { CACHE_READS: "off" } });
    try {
      const u = await registerUser(off.app);
      const ws = await createWorkspace(off.app, u);
      const p = (await request(off.app).post(api(`/workspaces/${ws}/projects`)).set(u.auth).send({ name: "Off", key: "OFF" }).expect(201)).body.data.id;
      await request(off.app).get(api(`/projects/${p}/tasks`)).set(u.auth).expect(200);
      await request(off.app).get(api(`/projects/${p}/tasks`)).set(u.auth).expect(200);
      expect(readCache(off.ctx).hits + readCache(off.ctx).misses).toBe(0);
    } finally {
      await off.close();
    }
  });

  it("counts hits and misses on /metrics", async () => {
    const res = await request(t.app).get("/metrics").expect(200);
    expect(res.text).toMatch(/teamflow_cache_requests_total\{cache="reads",result="hit"\} [1-9]/);
    expect(res.text).toMatch(/teamflow_cache_requests_total\{cache="reads",result="miss"\} [1-9]/);
  });
});

describe("which events bump which generations", () => {
  const W = "11111111-1111-4111-8111-111111111111";
  const P = "22222222-2222-4222-8222-222222222222";
  const project = [generationKey.workspace(W), generationKey.project(P)];
  const shared = [generationKey.workspace(W), generationKey.workspaceShared(W)];
  const booking = { projectId: P };
  const rows: Array<[string, unknown, string[], string | null]> = [
    ["task.created", { projectId: P }, project, W],
    ["task.updated", { projectId: P }, project, W],
    ["task.moved", { projectId: P }, project, W],
    ["task.deleted", { id: "t", projectId: P }, project, W],
    ["task.deleted", { id: "t", projectId: null }, shared, W], // a personal task
    ["task.assigned", { task: { projectId: P }, userIds: [] }, project, W],
    ["comment.created", { taskId: "t" }, shared, W],
    ["comment.deleted", { id: "c", taskId: "t" }, shared, W],
    ["project.created", { id: P }, project, W],
    ["project.updated", { id: P }, project, W],
    ["project.deleted", { id: P }, project, W],
    ["sprint.started", { projectId: P }, project, W],
    ["sprint.deleted", { id: "s", projectId: P }, project, W],
    ["phase.reordered", { projectId: P, order: [] }, project, W],
    ["milestone.updated", { projectId: P }, project, W],
    ["label.created", { id: "l" }, shared, W],
    ["label.deleted", { id: "l" }, shared, W],
    ["member.joined", { userId: "u" }, shared, W],
    ["member.updated", { userId: "u" }, shared, W],
    ["member.removed", { userId: "u" }, shared, W],
    ["workspace.updated", { id: W }, shared, W],
    ["artist.created", { id: "a" }, shared, W],
    ["artist.updated", { id: "a" }, shared, W],
    ["artist.deleted", { id: "a" }, shared, W],
    ["booking.created", booking, project, W],
    ["booking.updated", booking, project, W],
    ["booking.cancelled", booking, project, W],
    ["booking.responded", { booking, response: "accept", note: null }, project, W],
    ["booking.hold_moved_up", { booking, fromRank: 2, toRank: 1 }, project, W],
    ["booking.hold_expired", { booking, expiredAt: "x" }, project, W],
    ["booking.reassigned", { booking, fromArtistId: "a" }, project, W],
    ["attachment.created", { taskId: "t" }, shared, W],
    ["notification.created", { unreadCount: 1 }, [], W],
    ["invitation.created", {}, [], W],
    ["webhook.disabled", {}, [], W],
    ["ai.budget_warning", {}, [], W],
    ["session.revoked", { userId: "u" }, [], null],
  ];
  it.each(rows)("%s %j bumps %j", (type, data, expected, workspaceId) => {
    const event = { type, data, workspaceId, actorId: null, at: new Date().toISOString() } as unknown as AnyDomainEvent;
    expect(generationsBumpedBy(event).sort()).toEqual([...expected].sort());
  });
});
