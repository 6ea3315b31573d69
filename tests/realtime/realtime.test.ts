import request from "supertest";
import type { Socket } from "socket.io-client";
import { addMember, createWorkspace, registerUser, type TestUser } from "../helpers/app";
import { connectSocket, expectNotReceived, join, nextEvent, sentinelFor, startLiveApp, type LiveApp } from "../helpers/realtime";
import { createTeam } from "../helpers/team";
import { testEnv } from "../setup/services";

let t: LiveApp;
const sockets: Socket[] = [];
const open = async (token: string | undefined, app: LiveApp = t) => {
  const s = await connectSocket(app.url, token);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  t = await startLiveApp();
});
afterEach(() => {
  sockets.splice(0).forEach((s) => s.close());
});
afterAll(() => t.close());

/** A workspace with a user of each role, and an outsider. */
const team = () => createTeam(t.app);

describe("handshake", () => {
  it("refuses a connection without a valid access token", async () => {
    await expect(connectSocket(t.url, undefined)).rejects.toThrow(/UNAUTHORIZED/);
    await expect(connectSocket(t.url, "garbage")).rejects.toThrow(/UNAUTHORIZED/);
  });

  it("accepts a valid access token", async () => {
    const u = await registerUser(t.app);
    const s = await open(u.accessToken);
    expect(s.connected).toBe(true);
  });

  it("disconnects the socket when its session is revoked (logout)", async () => {
    const u = await registerUser(t.app);
    const s = await open(u.accessToken);
    const gone = nextEvent(s, "disconnect");
    await request(t.app).post("/api/v1/auth/logout").set(u.auth).set("Cookie", u.refreshCookie).expect(204);
    await gone;
    await expect(connectSocket(t.url, u.accessToken)).rejects.toThrow(/UNAUTHORIZED/);
  });
});

describe("rooms", () => {
  it("joins are authorised like the REST API", async () => {
    const { member, outsider, workspaceId } = await team();
    const s = await open(member.accessToken);
    expect(await join(s, [`workspace:${workspaceId}`])).toEqual({ joined: [`workspace:${workspaceId}`], refused: [] });
    const o = await open(outsider.accessToken);
    expect(await join(o, [`workspace:${workspaceId}`, `user:${member.id}`, "nonsense", `project:${workspaceId}`])).toEqual({
      joined: [],
      refused: [`workspace:${workspaceId}`, `user:${member.id}`, "nonsense", `project:${workspaceId}`],
    });
  });

  it("events reach room members and never non-members", async () => {
    const { owner, member, outsider, workspaceId } = await team();
    const m = await open(member.accessToken);
    await join(m, [`workspace:${workspaceId}`]);
    const o = await open(outsider.accessToken);
    await join(o, [`workspace:${workspaceId}`]);
    const outsiderSentinel = await sentinelFor(t.app, outsider, o);
    await expectNotReceived(o, ["workspace.updated"], async () => {
      const received = nextEvent(m, "workspace.updated");
      await request(t.app).patch(`/api/v1/workspaces/${workspaceId}`).set(owner.auth).send({ name: "Renamed live" }).expect(200);
      const event = await received;
      expect(event).toMatchObject({ type: "workspace.updated", workspaceId, actorId: owner.id, data: { name: "Renamed live", version: 2 } });
      expect(typeof event.at).toBe("string");
    }, outsiderSentinel);
  });

  it("a removed member is told and stops receiving the workspace's, its projects' and its tasks' events", async () => {
    const { owner, member, workspaceId } = await team();
    const project = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Gone", key: "GONE" })).body.data;
    const task = (await request(t.app).post(`/api/v1/projects/${project.id}/tasks`).set(owner.auth).send({ title: "Secret plans" })).body.data;
    const m = await open(member.accessToken);
    await join(m, [`workspace:${workspaceId}`, `project:${project.id}`, `task:${task.id}`]);
    const memberSentinel = await sentinelFor(t.app, member, m); // a workspace of the member's own: they stay in its room
    const removed = nextEvent(m, "member.removed");
    await request(t.app).delete(`/api/v1/workspaces/${workspaceId}/members/${member.id}`).set(owner.auth).expect(204);
    expect((await removed).data.userId).toBe(member.id);
    await expectNotReceived(m, ["workspace.updated", "task.updated"], async () => {
      await request(t.app).patch(`/api/v1/workspaces/${workspaceId}`).set(owner.auth).send({ name: "After removal" }).expect(200);
      await request(t.app).patch(`/api/v1/tasks/${task.id}`).set(owner.auth).send({ title: "Still secret", version: 1 }).expect(200);
    }, memberSentinel);
  });
});

describe("project rooms", () => {
  it("members join project:<id> and see its updates live; outsiders are refused", async () => {
    const { owner, member, outsider, workspaceId } = await team();
    const project = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Live", key: "LIVE" })).body.data;
    const m = await open(member.accessToken);
    expect(await join(m, [`project:${project.id}`])).toEqual({ joined: [`project:${project.id}`], refused: [] });
    const o = await open(outsider.accessToken);
    expect((await join(o, [`project:${project.id}`])).refused).toEqual([`project:${project.id}`]);
    const received = nextEvent(m, "project.updated");
    await request(t.app).patch(`/api/v1/projects/${project.id}`).set(owner.auth).send({ name: "Live 2" }).expect(200);
    expect((await received).data).toMatchObject({ id: project.id, name: "Live 2", version: 2 });
  });

  it("task events reach the project room; task rooms are joinable by readers only", async () => {
    const { owner, member, outsider, workspaceId } = await team();
    const project = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Board", key: "BRD" })).body.data;
    const m = await open(member.accessToken);
    await join(m, [`project:${project.id}`]);
    const created = nextEvent(m, "task.created");
    const task = (await request(t.app).post(`/api/v1/projects/${project.id}/tasks`).set(owner.auth).send({ title: "Live card" })).body.data;
    expect((await created).data).toMatchObject({ id: task.id, key: "BRD-1" });
    const moved = nextEvent(m, "task.moved");
    await request(t.app).post(`/api/v1/tasks/${task.id}/move`).set(owner.auth).send({ status: "IN_PROGRESS", version: 1 }).expect(200);
    expect((await moved).data).toMatchObject({ id: task.id, status: "IN_PROGRESS", version: 2 });
    expect((await join(m, [`task:${task.id}`])).joined).toEqual([`task:${task.id}`]);
    const o = await open(outsider.accessToken);
    expect((await join(o, [`task:${task.id}`])).refused).toEqual([`task:${task.id}`]);
  });
});

describe("domain events", () => {
  it("a failing subscriber fails neither the request nor the other subscribers", async () => {
    const { owner, member, workspaceId } = await team();
    const unsubscribe = t.ctx.events.subscribe("broken", () => {
      throw new Error("subscriber exploded");
    });
    try {
      const m = await open(member.accessToken);
      await join(m, [`workspace:${workspaceId}`]);
      const received = nextEvent(m, "workspace.updated");
      const res = await request(t.app).patch(`/api/v1/workspaces/${workspaceId}`).set(owner.auth).send({ name: "Still fine" });
      expect(res.status).toBe(200);
      expect((await received).data.name).toBe("Still fine");
    } finally {
      unsubscribe();
    }
  });

  it("nothing is published when the change fails (stale version)", async () => {
    const { owner, member, workspaceId } = await team();
    const m = await open(member.accessToken);
    await join(m, [`workspace:${workspaceId}`]);
    const sentinel = await sentinelFor(t.app, member, m);
    await expectNotReceived(m, ["workspace.updated"], async () => {
      expect((await request(t.app).patch(`/api/v1/workspaces/${workspaceId}`).set(owner.auth).send({ name: "Stale", version: 99 })).status).toBe(409);
    }, sentinel);
  });
});

describe("presence", () => {
  it("shows who is online in a workspace, with join and leave", async () => {
    const { owner, member, workspaceId } = await team();
    const room = `workspace:${workspaceId}`;
    const a = await open(owner.accessToken);
    await join(a, [room]);
    const seesMember = nextEvent<{ room: string; users: Array<{ id: string }>; rev: number }>(a, "presence", (p) => p.users.some((u) => u.id === member.id));
    const b = await open(member.accessToken);
    await join(b, [room]);
    const present = await seesMember;
    expect(present.users.map((u) => u.id).sort()).toEqual([owner.id, member.id].sort());
    const list = await a.timeout(5000).emitWithAck("presence", room);
    expect(list.users.map((u: TestUser) => u.id).sort()).toEqual([owner.id, member.id].sort());
    // Every snapshot is newer than the ones before it: clients drop one that arrives late.
    expect(list.rev).toBeGreaterThan(present.rev);
    const memberGone = nextEvent<{ users: Array<{ id: string }>; rev: number }>(a, "presence", (p) => !p.users.some((u) => u.id === member.id));
    b.close();
    const gone = await memberGone;
    expect(gone.users.map((u) => u.id)).toEqual([owner.id]);
    expect(gone.rev).toBeGreaterThan(list.rev);
  });
});

// Two app instances on one Redis deliver each other's events (registered only when the run has Redis).
if (testEnv.redisUrl) {
  describe("two instances behind one Redis", () => {
    type LiveApp = Awaited<ReturnType<typeof startLiveApp>>;
    /** Two app instances on the run's Redis, with an owner and a member (of `role`) of one workspace, made on A. */
    async function onTwoInstances(role: "VIEWER" | "MEMBER", run: (s: { a: LiveApp; b: LiveApp; owner: TestUser; member: TestUser; workspaceId: string }) => Promise<void>) {
      const a = await startLiveApp({ redis: true });
      const b = await startLiveApp({ redis: true });
      try {
        const owner = await registerUser(a.app);
        const member = await registerUser(a.app);
        const workspaceId = await createWorkspace(a.app, owner);
        await addMember(a.app, owner, workspaceId, member, role);
        await run({ a, b, owner, member, workspaceId });
      } finally {
        await a.close();
        await b.close();
      }
    }

    it("an event published on instance A reaches a socket on instance B", () =>
      onTwoInstances("VIEWER", async ({ a, b, owner, member, workspaceId }) => {
        const onB = await open(member.accessToken, b);
        await join(onB, [`workspace:${workspaceId}`]);
        const received = nextEvent(onB, "workspace.updated");
        await request(a.app).patch(`/api/v1/workspaces/${workspaceId}`).set(owner.auth).send({ name: "Across instances" }).expect(200);
        expect((await received).data.name).toBe("Across instances");
        // revocation on A disconnects the socket on B
        const gone = nextEvent(onB, "disconnect");
        await request(a.app).post("/api/v1/auth/logout-all").set(member.auth).expect(204);
        await gone;
      }));

    it("presence is shared: sockets on A and on B see both users, in snapshot order", () =>
      onTwoInstances("MEMBER", async ({ a, b, owner, member, workspaceId }) => {
        const room = `workspace:${workspaceId}`;
        const onA = await open(owner.accessToken, a);
        await join(onA, [room]);
        const bothOnA = nextEvent<{ users: Array<{ id: string }>; rev: number }>(onA, "presence", (p) => p.users.length === 2);
        const onB = await open(member.accessToken, b);
        await join(onB, [room]);
        const seen = await bothOnA;
        const fromB = await onB.timeout(5000).emitWithAck("presence", room);
        expect(fromB.users.map((u: { id: string }) => u.id).sort()).toEqual([owner.id, member.id].sort());
        // Redis's clock orders snapshots taken on different instances.
        expect(fromB.rev).toBeGreaterThan(seen.rev);
      }));
  });
}
