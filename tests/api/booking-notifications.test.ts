import request from "supertest";
import { expireHoldsJob } from "../../src/modules/bookings";
import { createTestApp, type TestApp, type TestUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import { startSmtpServer } from "../helpers/smtp";
import { createTeam, type Team } from "../helpers/team";

/**
 * Booking notifications (SPEC §4.5): each reaches the right user and only
 * them, in-app and by email (the real SMTP test server), as their preferences say.
 */

let t: TestApp;
let team: Team;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
/** Nia's artist profile is linked to Mia Member (team.member): she answers her own bookings. */
let niaId: string;
/** An artist without a user account. */
let freelancerId: string;
const api = (p: string) => `/api/v1${p}`;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, EMAIL_FROM: "TeamFlow <tf@example.com>" } });
  team = await createTeam(t.app, "Notify studio");
  const artist = (body: Record<string, unknown>) => request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(team.admin.auth).send({ timezone: "Europe/London", ...body });
  niaId = (await artist({ name: "Nia Compositor", userId: team.member.id })).body.data.id;
  freelancerId = (await artist({ name: "Fred Freelancer" })).body.data.id;
  expect(niaId && freelancerId).toBeTruthy();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

let day = 0;
const freshSlot = () => {
  const d = new Date(Date.UTC(2027, 5, 1 + day++)).toISOString().slice(0, 10);
  return { start: `${d}T09:00:00.000Z`, end: `${d}T11:00:00.000Z` };
};
let titles = 0;
const uniqueTitle = (tag: string) => `${tag} ${++titles}-${Date.now().toString(36)}`;

async function book(who: TestUser, body: Record<string, unknown>) {
  const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(who.auth).send({ force: true, ...body });
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
  return res.body.data as { id: string; version: number; holdRank: number | null; title: string };
}

interface Notice {
  userId: string;
  type: string;
  title: string;
  body: string | null;
  link: string | null;
}

/** Every notification about the booking, whoever got it. */
const noticesAbout = async (bookingId: string): Promise<Notice[]> =>
  t.ctx.db.notification.findMany({ where: { data: { path: ["bookingId"], equals: bookingId } }, orderBy: { createdAt: "asc" } });

/**
 * Waits until `count` notifications about the booking exist, lets every
 * subscriber and delivery still running finish, and answers them: a delivery
 * to anyone else would show up here.
 */
async function settledNotices(bookingId: string, count: number): Promise<Notice[]> {
  await eventually(async () => (await noticesAbout(bookingId)).length >= count, { what: `${count} notification(s) about booking ${bookingId}` });
  await t.ctx.events.drain();
  await new Promise((r) => setTimeout(r, 300));
  return noticesAbout(bookingId);
}

/** The message as text: quoted-printable soft line breaks joined, `=3D` back to `=`. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
const mailsTo = (u: TestUser, title: string) => smtp.mails.filter((m) => m.to.includes(u.email) && decoded(m.raw).includes(title));

describe("booking notifications", () => {
  it("booking requested: the artist's user, not the booker, not anyone else; not when they book themselves; not for artists without a user", async () => {
    const title = uniqueTitle("Comp");
    const b = await book(team.admin, { title, artistId: niaId, status: "PENCIL", ...freshSlot() });
    const [n, ...others] = await settledNotices(b.id, 1);
    expect(others).toEqual([]);
    expect(n).toMatchObject({ userId: team.member.id, type: "BOOKING_REQUESTED", title: `Adam Admin booked you: ${title}`, link: `/w/${team.workspaceId}/bookings?booking=${b.id}` });
    expect(n.body).toMatch(/^A pencil, \d+ Jun 2027, 10:00 BST – \d+ Jun 2027, 12:00 BST\.$/); // in the artist's timezone
    await eventually(() => mailsTo(team.member, title).length === 1, { what: "the booking request email to the artist's user" });
    expect(decoded(mailsTo(team.member, title)[0].raw)).toContain(`/w/${team.workspaceId}/bookings?booking=${b.id}`);

    const hold = await book(team.owner, { title: uniqueTitle("Hold"), artistId: niaId, status: "HOLD", ...freshSlot() });
    expect((await settledNotices(hold.id, 1)).map((x) => [x.userId, x.type, x.body?.slice(0, 12)])).toEqual([[team.member.id, "BOOKING_REQUESTED", "A 1st hold, "]]);

    const own = await book(team.member, { title: uniqueTitle("Self"), artistId: niaId, status: "HOLD", ...freshSlot() });
    const free = await book(team.admin, { title: uniqueTitle("Free"), artistId: freelancerId, status: "CONFIRMED", ...freshSlot() });
    // A later booking's notification arriving means the earlier events were handled: nothing came for these.
    const sentinel = await book(team.admin, { title: uniqueTitle("Sentinel"), artistId: niaId, status: "HOLD", ...freshSlot() });
    await settledNotices(sentinel.id, 1);
    expect(await noticesAbout(own.id)).toEqual([]);
    expect(await noticesAbout(free.id)).toEqual([]);
  });

  it("reassigned to another artist (PATCH artistId): the new artist's user is told, like of a new booking; nobody else", async () => {
    const title = uniqueTitle("Moved");
    const b = await book(team.admin, { title, artistId: freelancerId, status: "PENCIL", ...freshSlot() });
    const moved = await request(t.app).patch(api(`/bookings/${b.id}`)).set(team.admin.auth).send({ artistId: niaId, version: b.version, force: true });
    expect(moved.status).toBe(200);
    const [n, ...others] = await settledNotices(b.id, 1);
    expect(others).toEqual([]);
    expect(n).toMatchObject({ userId: team.member.id, type: "BOOKING_REQUESTED", title: `Adam Admin booked you: ${title}` });
    expect(n.body).toMatch(/^A pencil, .* \(moved to you from another artist\)\.$/);
    // Moved back to the freelancer (no user): nothing more for anyone.
    const back = await request(t.app).patch(api(`/bookings/${b.id}`)).set(team.admin.auth).send({ artistId: freelancerId, version: moved.body.data.version, force: true });
    expect(back.status).toBe(200);
    const sentinel = await book(team.admin, { title: uniqueTitle("Sentinel"), artistId: niaId, status: "HOLD", ...freshSlot() });
    await settledNotices(sentinel.id, 1);
    expect(await noticesAbout(b.id)).toHaveLength(1);
  });

  it("accepted and declined through /respond: the booker is told (with the note), the artist is not", async () => {
    const accepted = await book(team.admin, { title: uniqueTitle("Accept"), artistId: niaId, status: "PENCIL", ...freshSlot() });
    const declined = await book(team.owner, { title: uniqueTitle("Decline"), artistId: niaId, status: "PENCIL", ...freshSlot() });
    await settledNotices(declined.id, 1); // the requests
    await request(t.app).post(api(`/bookings/${accepted.id}/respond`)).set(team.member.auth).send({ response: "accept", note: "See you Monday" }).expect(200);
    await request(t.app).post(api(`/bookings/${declined.id}/respond`)).set(team.member.auth).send({ response: "decline" }).expect(200);

    const a = (await settledNotices(accepted.id, 2)).filter((n) => n.type !== "BOOKING_REQUESTED");
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ userId: team.admin.id, type: "BOOKING_CONFIRMED", title: `Nia Compositor accepted ${accepted.title}` });
    expect(a[0].body).toMatch(/^“See you Monday” \(/);
    const d = (await settledNotices(declined.id, 2)).filter((n) => n.type !== "BOOKING_REQUESTED");
    expect(d).toEqual([expect.objectContaining({ userId: team.owner.id, type: "BOOKING_DECLINED", title: `Nia Compositor declined ${declined.title}` })]);
    await eventually(() => mailsTo(team.admin, accepted.title).length === 1 && mailsTo(team.owner, declined.title).length === 1, { what: "the accepted and declined emails" });
  });

  it("hold moved up when the one before it is cancelled or released: its creator only, 1st hold said so", async () => {
    const range = freshSlot();
    const first = await book(team.owner, { title: uniqueTitle("First"), artistId: freelancerId, status: "HOLD", ...range });
    const second = await book(team.admin, { title: uniqueTitle("Second"), artistId: freelancerId, status: "HOLD", ...range });
    const third = await book(team.member, { title: uniqueTitle("Third"), artistId: freelancerId, status: "HOLD", ...range });
    expect([first.holdRank, second.holdRank, third.holdRank]).toEqual([1, 2, 3]);

    await request(t.app).delete(api(`/bookings/${first.id}`)).set(team.owner.auth).expect(200);
    const [up2] = await settledNotices(second.id, 1);
    expect(up2).toMatchObject({ userId: team.admin.id, type: "HOLD_MOVED_UP", title: `Your hold on Fred Freelancer is now 1st hold: ${second.title}` });
    expect(up2.body).toMatch(/^2nd hold → 1st hold, /);
    const [up3, ...more] = await settledNotices(third.id, 1);
    expect(more).toEqual([]);
    expect(up3).toMatchObject({ userId: team.member.id, type: "HOLD_MOVED_UP", title: `Your hold on Fred Freelancer moved up to 2nd hold: ${third.title}` });
    expect(await noticesAbout(first.id)).toEqual([]); // the owner cancelled it themselves

    // Released by its creator (the admin): the member's hold is now 1st; the admin is not told about their own doing.
    await request(t.app).post(api(`/bookings/${second.id}/status`)).set(team.admin.auth).send({ status: "RELEASED" }).expect(200);
    const third2 = await settledNotices(third.id, 2);
    expect(third2.map((n) => n.title)).toEqual([up3.title, `Your hold on Fred Freelancer is now 1st hold: ${third.title}`]);
    expect(await noticesAbout(second.id)).toHaveLength(1);
  });

  it("a later hold force-promoted by an admin: the creators of the holds above it are told, no one else", async () => {
    const range = freshSlot();
    const first = await book(team.owner, { title: uniqueTitle("Above 1"), artistId: freelancerId, status: "HOLD", ...range });
    const second = await book(team.member, { title: uniqueTitle("Above 2"), artistId: freelancerId, status: "HOLD", ...range });
    const third = await book(team.admin, { title: uniqueTitle("Jumper"), artistId: freelancerId, status: "HOLD", ...range });
    await request(t.app).post(api(`/bookings/${third.id}/status`)).set(team.admin.auth).send({ status: "CONFIRMED", force: true }).expect(200);
    const [o1, ...x1] = await settledNotices(first.id, 1);
    const [o2, ...x2] = await settledNotices(second.id, 1);
    expect([...x1, ...x2]).toEqual([]);
    expect(o1).toMatchObject({ userId: team.owner.id, type: "HOLD_OVERTAKEN", title: `Adam Admin promoted a later hold over yours on Fred Freelancer: ${first.title}` });
    expect(o2).toMatchObject({ userId: team.member.id, type: "HOLD_OVERTAKEN" });
    expect(o1.body).toContain(`“${third.title}” is now confirmed`);
    expect(await noticesAbout(third.id)).toEqual([]);
  });

  it("hold expiring and expired (the maintenance job): the creator, in-app and by email", async () => {
    const now = new Date();
    const run = (at: Date) => expireHoldsJob({ ...t.ctx, now: () => at }).perform({}, { attempt: 1, jobId: "booking-notifications" });
    const h = await book(team.owner, { title: uniqueTitle("Lapsing"), artistId: freelancerId, status: "HOLD", holdExpiresAt: new Date(now.getTime() + 5 * 3_600_000).toISOString(), ...freshSlot() });
    await run(now);
    const [warning] = await settledNotices(h.id, 1);
    expect(warning).toMatchObject({ userId: team.owner.id, type: "HOLD_EXPIRING", title: `Your hold on Fred Freelancer expires within 24 hours: ${h.title}` });
    await run(new Date(now.getTime() + 6 * 3_600_000));
    const [, expired, ...rest] = await settledNotices(h.id, 2);
    expect(rest).toEqual([]);
    expect(expired).toMatchObject({ userId: team.owner.id, type: "HOLD_EXPIRED", title: `Your hold on Fred Freelancer expired: ${h.title}` });
    await eventually(() => mailsTo(team.owner, h.title).length === 2, { what: "the expiring and expired emails" });
  });

  it("preferences: in-app off → no notification (email still), email off → no email (in-app still)", async () => {
    const prefs = (u: TestUser, body: object) => request(t.app).put(api("/notifications/preferences")).set(u.auth).send(body).expect(200);
    const shown = await prefs(team.admin, [{ type: "HOLD_MOVED_UP", inApp: false, email: true }]);
    expect(shown.body.data.find((p: { type: string }) => p.type === "HOLD_MOVED_UP")).toEqual({ type: "HOLD_MOVED_UP", inApp: false, email: true });
    expect(shown.body.data.map((p: { type: string }) => p.type)).toEqual(expect.arrayContaining(["HOLD_MOVED_UP", "HOLD_OVERTAKEN", "HOLD_EXPIRING", "HOLD_EXPIRED"]));
    await prefs(team.member, [{ type: "HOLD_MOVED_UP", inApp: true, email: false }]);

    const range = freshSlot();
    const first = await book(team.owner, { title: uniqueTitle("Pref first"), artistId: freelancerId, status: "HOLD", ...range });
    const adminHold = await book(team.admin, { title: uniqueTitle("Pref admin"), artistId: freelancerId, status: "HOLD", ...range });
    const memberHold = await book(team.member, { title: uniqueTitle("Pref member"), artistId: freelancerId, status: "HOLD", ...range });
    const ownerHold = await book(team.owner, { title: uniqueTitle("Pref owner"), artistId: freelancerId, status: "HOLD", ...range });
    await request(t.app).delete(api(`/bookings/${first.id}`)).set(team.owner.auth).expect(200);

    // The member (in-app on, email off) and the owner's own hold (moved up, but they cancelled: not told).
    await settledNotices(memberHold.id, 1);
    await eventually(() => mailsTo(team.admin, adminHold.title).length === 1, { what: "the moved-up email to the admin (in-app off)" });
    expect(await noticesAbout(adminHold.id)).toEqual([]);
    expect((await noticesAbout(memberHold.id)).map((n) => [n.userId, n.type])).toEqual([[team.member.id, "HOLD_MOVED_UP"]]);
    expect(await noticesAbout(ownerHold.id)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsTo(team.member, memberHold.title)).toHaveLength(0);

    await prefs(team.admin, [{ type: "HOLD_MOVED_UP", inApp: true, email: true }]);
    await prefs(team.member, [{ type: "HOLD_MOVED_UP", inApp: true, email: true }]);
  });
});
