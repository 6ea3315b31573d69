import request from "supertest";
import { inTransaction, withEvents } from "../../src/events/unit-of-work";
import type { AnyDomainEvent } from "../../src/events/bus";
import { addMember, createWorkspace, registerUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import { connectSocket, nextEvent, startLiveApp, type LiveApp } from "../helpers/realtime";

/**
 * Events are published after their transaction commits, by construction
 * (src/events/unit-of-work.ts): a rolled-back change publishes nothing, so no
 * subscriber (realtime, notifications) ever hears of it.
 */

let t: LiveApp;
beforeAll(async () => {
  t = await startLiveApp();
});
afterAll(async () => {
  await t.close();
});

/** Every event the bus publishes while `seen` is attached. */
function listen() {
  const seen: AnyDomainEvent[] = [];
  const off = t.ctx.events.subscribe("unit-of-work.test", (e) => void seen.push(e));
  return { seen, off };
}

const notificationsOf = async (auth: { Authorization: string }) => (await request(t.app).get("/api/v1/notifications").set(auth).expect(200)).body;

async function projectTask() {
  const owner = await registerUser(t.app, { name: "Olga Owner" });
  const member = await registerUser(t.app, { name: "Mina Member" });
  const workspaceId = await createWorkspace(t.app, owner);
  await addMember(t.app, owner, workspaceId, member, "MEMBER");
  const project = await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Rollback", key: "RBK" }).expect(201);
  const task = await request(t.app).post(`/api/v1/projects/${project.body.data.id}/tasks`).set(owner.auth).send({ title: "Assign me" }).expect(201);
  // Let the set-up's own events settle (the member's invitation notification), so each test sees only its own.
  await eventually(async () => (await notificationsOf(member.auth)).data.length === 1, { what: "the member's invitation notification" });
  await t.ctx.events.drain();
  return { owner, member, workspaceId, task: task.body.data };
}


describe("unit of work", () => {
  it("a rolled-back change publishes nothing and sends no notification; the same change committed does both", async () => {
    const { owner, member, workspaceId, task } = await projectTask();
    const socket = await connectSocket(t.url, member.accessToken);
    const pushed: Array<{ data: { notification: { type: string } } }> = [];
    socket.on("notification.created", (p) => pushed.push(p));
    const { seen, off } = listen();
    try {
      // The assignment is written and its event emitted, then the unit fails: everything is rolled back.
      await expect(
        inTransaction(t.ctx, async ({ tx, emit }) => {
          await tx.taskAssignee.create({ data: { taskId: task.id, userId: member.id } });
          emit({ type: "task.assigned", workspaceId, actorId: owner.id, data: { task, userIds: [member.id] }, rooms: [] });
          emit({ type: "task.updated", workspaceId, actorId: owner.id, data: task, rooms: [`project:${task.projectId}`] });
          throw new Error("the unit failed after emitting");
        }),
      ).rejects.toThrow("the unit failed after emitting");
      await t.ctx.events.drain();
      expect(seen).toEqual([]);
      expect(await t.ctx.db.taskAssignee.count({ where: { taskId: task.id } })).toBe(0);

      // Sentinel: the same assignment through the API commits, publishes, and notifies once.
      const live = nextEvent(socket, "notification.created");
      await request(t.app).patch(`/api/v1/tasks/${task.id}`).set(owner.auth).send({ assigneeIds: [member.id], version: task.version }).expect(200);
      const event = await live;
      expect(event.data.notification).toMatchObject({ type: "ASSIGNED", title: `Olga Owner assigned you ${task.key}: Assign me` });
      expect(seen.map((e) => e.type)).toEqual(expect.arrayContaining(["task.updated", "task.assigned"]));
      // Only the committed change reached the member: one assignment notification, one push of it
      // (the member also has the invitation that made them a member).
      const assigned = (await notificationsOf(member.auth)).data.filter((n: { type: string }) => n.type === "ASSIGNED");
      expect(assigned).toHaveLength(1);
      expect(pushed.filter((p) => p.data.notification.type === "ASSIGNED")).toHaveLength(1);
    } finally {
      off();
      socket.close();
    }
  });

  it("a refused write (stale version) publishes nothing", async () => {
    const { owner, member, task } = await projectTask();
    const { seen, off } = listen();
    try {
      const res = await request(t.app).patch(`/api/v1/tasks/${task.id}`).set(owner.auth).send({ assigneeIds: [member.id], version: task.version + 5 });
      expect(res.status).toBe(409);
      expect(res.body.error.current).toMatchObject({ id: task.id, version: task.version });
      await t.ctx.events.drain();
      expect(seen).toEqual([]);
      expect((await notificationsOf(member.auth)).data.filter((n: { type: string }) => n.type !== "INVITATION")).toEqual([]);
    } finally {
      off();
    }
  });

  it("subscribers run after the commit: another connection already sees the change", async () => {
    const { owner, task } = await projectTask();
    let visibleToSubscriber: string | null | undefined;
    const off = t.ctx.events.on("task.updated", "unit-of-work.test", async (e) => {
      if (e.data.id !== task.id) return;
      // A fresh read through the pool: it sees the title only if the transaction has committed.
      visibleToSubscriber = (await t.ctx.db.task.findUnique({ where: { id: task.id }, select: { title: true } }))?.title;
    });
    try {
      await request(t.app).patch(`/api/v1/tasks/${task.id}`).set(owner.auth).send({ title: "Committed title", version: task.version }).expect(200);
      await t.ctx.events.drain();
      expect(visibleToSubscriber).toBe("Committed title");
    } finally {
      off();
    }
  });

  it("withEvents publishes when its work resolves and drops the events when it throws", async () => {
    const { seen, off } = listen();
    try {
      await expect(
        withEvents(t.ctx, async ({ emit }) => {
          emit({ type: "label.deleted", workspaceId: null, actorId: null, data: { id: "00000000-0000-4000-8000-000000000000" } });
          throw new Error("write failed");
        }),
      ).rejects.toThrow("write failed");
      await t.ctx.events.drain();
      expect(seen).toEqual([]);

      await withEvents(t.ctx, async ({ emit }) => {
        emit({ type: "label.deleted", workspaceId: null, actorId: null, data: { id: "00000000-0000-4000-8000-000000000001" } });
      });
      await t.ctx.events.drain();
      expect(seen.map((e) => e.type)).toEqual(["label.deleted"]);
    } finally {
      off();
    }
  });
});
