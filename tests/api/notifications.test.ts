import request from "supertest";
import { addMember, createWorkspace, expectError, registerUser, uniqueEmail } from "../helpers/app";
import { connectSocket, nextEvent, startLiveApp, type LiveApp } from "../helpers/realtime";
import { eventually } from "../helpers/eventually";
import { startSmtpServer } from "../helpers/smtp";

let t: LiveApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startLiveApp({ env: { SMTP_URL: smtp.url, EMAIL_FROM: "TeamFlow <tf@example.com>" } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const mailTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));
const notificationsOf = async (auth: { Authorization: string }, query = "") => (await request(t.app).get(`/api/v1/notifications${query}`).set(auth)).body;

describe("invitation notifications", () => {
  it("an existing user gets an in-app notification, live on their socket, and an email", async () => {
    const owner = await registerUser(t.app, { name: "Olivia Owner" });
    const invitee = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner, "Studio North");
    const socket = await connectSocket(t.url, invitee.accessToken);
    const live = nextEvent(socket, "notification.created");
    await request(t.app).post(`/api/v1/workspaces/${workspaceId}/invitations`).set(owner.auth).send({ email: invitee.email, role: "MEMBER" }).expect(201);

    const event = await live;
    expect(event.data.notification).toMatchObject({ type: "INVITATION", title: "Olivia Owner invited you to Studio North", readAt: null });
    expect(event.data.notification.link).toMatch(/^\/invite\/[A-Za-z0-9_-]+$/);
    expect(event.data.unreadCount).toBe(1);
    socket.close();

    const list = await notificationsOf(invitee.auth);
    expect(list.data).toHaveLength(1);
    expect(list.meta).toMatchObject({ total: 1, unreadCount: 1, page: 1, perPage: 20 });

    await eventually(() => mailTo(invitee.email).length === 1, { what: "the invitation email to the invitee" });
    const mail = mailTo(invitee.email)[0];
    expect(mail.from).toBe("tf@example.com");
    expect(mail.raw).toContain("Studio North");
    expect(mail.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
  });

  it("an address without an account gets the invitation by email", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner, "Email Only <b>Co</b>");
    const email = uniqueEmail("newcomer");
    const res = await request(t.app).post(`/api/v1/workspaces/${workspaceId}/invitations`).set(owner.auth).send({ email, role: "VIEWER" });
    await eventually(() => mailTo(email).length === 1, { what: "the invitation email to an address without an account" });
    const raw = mailTo(email)[0].raw.replace(/=\r?\n/g, "");
    const token = res.body.data.acceptUrl.split("/invite/")[1];
    expect(raw).toContain(token.slice(0, 20));
    expect(raw).toContain("&lt;b&gt;Co&lt;/b&gt;"); // names are escaped in the HTML part
  });

  it("respects preferences: email off → no email; in-app off → no notification", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const noEmail = await registerUser(t.app);
    const noInApp = await registerUser(t.app);
    const loud = await registerUser(t.app);
    const prefs = await request(t.app).put("/api/v1/notifications/preferences").set(noEmail.auth).send([{ type: "INVITATION", inApp: true, email: false }]);
    expect(prefs.status).toBe(200);
    expect(prefs.body.data.find((p: { type: string }) => p.type === "INVITATION")).toEqual({ type: "INVITATION", inApp: true, email: false });
    expect(prefs.body.data.find((p: { type: string }) => p.type === "MENTIONED")).toEqual({ type: "MENTIONED", inApp: true, email: true });
    await request(t.app).put("/api/v1/notifications/preferences").set(noInApp.auth).send([{ type: "INVITATION", inApp: false, email: true }]).expect(200);
    for (const u of [noEmail, noInApp, loud]) {
      await request(t.app).post(`/api/v1/workspaces/${workspaceId}/invitations`).set(owner.auth).send({ email: u.email, role: "MEMBER" }).expect(201);
    }
    // Deliveries run in order: once the last one's email is here, the others are done.
    await eventually(() => mailTo(loud.email).length === 1, { what: "the invitation email of the user with default preferences" });
    await eventually(() => mailTo(noInApp.email).length === 1, { what: "the invitation email of the user with in-app off" });
    expect(mailTo(noEmail.email)).toHaveLength(0);
    expect((await notificationsOf(noEmail.auth)).data).toHaveLength(1);
    expect((await notificationsOf(noInApp.auth)).data).toHaveLength(0);
  });
});

describe("notifications API", () => {
  let t2: LiveApp;
  beforeAll(async () => {
    t2 = await startLiveApp();
  });
  afterAll(() => t2.close());

  async function userWithNotifications(n: number) {
    const owner = await registerUser(t2.app);
    const u = await registerUser(t2.app);
    for (let i = 0; i < n; i++) {
      const ws = await createWorkspace(t2.app, owner, `WS ${i}`);
      await request(t2.app).post(`/api/v1/workspaces/${ws}/invitations`).set(owner.auth).send({ email: u.email, role: "MEMBER" }).expect(201);
    }
    await eventually(async () => (await request(t2.app).get("/api/v1/notifications").set(u.auth)).body.meta.total === n, { what: `${n} notifications` });
    return u;
  }

  it("paginates, filters unread, marks one and all read", async () => {
    const u = await userWithNotifications(3);
    const page = await request(t2.app).get("/api/v1/notifications?perPage=2").set(u.auth);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.meta).toMatchObject({ total: 3, totalPages: 2, unreadCount: 3 });
    expect(page.body.links.next).toContain("page=2");
    const id = page.body.data[0].id;
    const read = await request(t2.app).post(`/api/v1/notifications/${id}/read`).set(u.auth);
    expect(read.status).toBe(200);
    expect(read.body.data.readAt).not.toBeNull();
    expect((await request(t2.app).post(`/api/v1/notifications/${id}/read`).set(u.auth)).body.data.readAt).toBe(read.body.data.readAt);
    const unread = await request(t2.app).get("/api/v1/notifications?unread=true").set(u.auth);
    expect(unread.body.data).toHaveLength(2);
    expect(unread.body.meta.unreadCount).toBe(2);
    const all = await request(t2.app).post("/api/v1/notifications/read-all").set(u.auth).send({});
    expect(all.body.data.updated).toBe(2);
    expect((await request(t2.app).get("/api/v1/notifications").set(u.auth)).body.meta.unreadCount).toBe(0);
  });

  it("another user's notification answers 404; bad input 400", async () => {
    const u = await userWithNotifications(1);
    const other = await registerUser(t2.app);
    const id = (await request(t2.app).get("/api/v1/notifications").set(u.auth)).body.data[0].id;
    expectError(await request(t2.app).post(`/api/v1/notifications/${id}/read`).set(other.auth), 404, "NOT_FOUND");
    expectError(await request(t2.app).post(`/api/v1/notifications/nope/read`).set(other.auth), 400, "VALIDATION_ERROR");
    expectError(await request(t2.app).get("/api/v1/notifications?perPage=101").set(u.auth), 400, "VALIDATION_ERROR");
    expectError(await request(t2.app).get("/api/v1/notifications?unread=maybe").set(u.auth), 400, "VALIDATION_ERROR");
    expectError(await request(t2.app).get("/api/v1/notifications"), 401, "UNAUTHORIZED");
    expectError(await request(t2.app).post("/api/v1/notifications/read-all").set(u.auth).send({ workspaceId: "x" }), 400, "VALIDATION_ERROR");
    for (const body of [[], [{ type: "NOPE", inApp: true, email: true }], [{ type: "INVITATION", inApp: "yes", email: true }], [{ type: "INVITATION", inApp: true, email: true }, { type: "INVITATION", inApp: false, email: true }], { type: "INVITATION" }]) {
      expectError(await request(t2.app).put("/api/v1/notifications/preferences").set(u.auth).send(body), 400, "VALIDATION_ERROR");
    }
    // An unknown field inside an item is named with its path, like every other field.
    const unknown = expectError(await request(t2.app).put("/api/v1/notifications/preferences").set(u.auth).send([{ type: "INVITATION", inApp: true, email: true, sms: true }]), 400, "VALIDATION_ERROR");
    expect(unknown.details).toEqual([{ field: "0.sms", message: "unknown field in body" }]);
    expect(await t2.ctx.db.notificationPreference.count({ where: { userId: u.id } })).toBe(0);
  });

  it("without SMTP, in-app notifications still work", async () => {
    expect(t2.ctx.config.SMTP_URL).toBeUndefined();
    await userWithNotifications(1);
  });
});

describe("activity feed (reconnect catch-up)", () => {
  it("returns what changed since a time, oldest first, with a cursor; members only", async () => {
    const owner = await registerUser(t.app);
    const member = await registerUser(t.app);
    const outsider = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner, "Before");
    const since = new Date(Date.now() - 1000).toISOString();
    await addMember(t.app, owner, workspaceId, member, "MEMBER");
    await request(t.app).patch(`/api/v1/workspaces/${workspaceId}`).set(owner.auth).send({ name: "After" }).expect(200);
    await request(t.app).patch(`/api/v1/workspaces/${workspaceId}/members/${member.id}`).set(owner.auth).send({ role: "ADMIN" }).expect(200);

    const all = await request(t.app).get(`/api/v1/activity?workspaceId=${workspaceId}&since=${encodeURIComponent(since)}`).set(member.auth);
    expect(all.status).toBe(200);
    expect(all.body.data.map((a: { entityType: string; action: string }) => `${a.entityType}.${a.action}`)).toEqual(["member.joined", "workspace.updated", "member.updated"]);
    expect(all.body.data[1]).toMatchObject({ field: "name", before: "Before", after: "After", actorId: owner.id });
    expect(all.body.data[2]).toMatchObject({ field: "role", before: "MEMBER", after: "ADMIN", entityId: member.id });

    const first = await request(t.app).get(`/api/v1/activity?workspaceId=${workspaceId}&since=${encodeURIComponent(since)}&limit=2`).set(member.auth);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.meta.nextCursor).toEqual(expect.any(String));
    const rest = await request(t.app).get(`/api/v1/activity?workspaceId=${workspaceId}&limit=2&cursor=${encodeURIComponent(first.body.meta.nextCursor)}`).set(member.auth);
    expect(rest.body.data.map((a: { id: string }) => a.id)).toEqual([all.body.data[2].id]);
    expect(rest.body.meta.nextCursor).toBeNull();

    expectError(await request(t.app).get(`/api/v1/activity?workspaceId=${workspaceId}`).set(outsider.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/activity?workspaceId=${workspaceId}&since=yesterday`).set(member.auth), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).get(`/api/v1/activity?workspaceId=${workspaceId}&cursor=garbage`).set(member.auth), 400, "VALIDATION_ERROR");
    // Cursor-shaped but not one: an id that is not a UUID, a year-0 time, extra parts (were 500s from PostgreSQL).
    const [at, id] = String(first.body.meta.nextCursor).split("_");
    for (const cursor of ["1_2", `${at}_not-a-uuid`, `0000-01-01T00:00:00.000Z_${id}`, `${at}_${id}_x`]) {
      const err = expectError(await request(t.app).get("/api/v1/activity").query({ workspaceId, cursor }).set(member.auth), 400, "VALIDATION_ERROR");
      expect(err.details).toEqual([{ field: "cursor", message: "is not a cursor from a previous page" }]);
    }
    expectError(await request(t.app).get(`/api/v1/activity`).set(member.auth), 400, "VALIDATION_ERROR");
  });
});
