import request from "supertest";
import { expireHoldsJob } from "../../src/modules/bookings";
import { createTestApp, expectError, type TestApp, type TestUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import { createTeam, type Team } from "../helpers/team";

/**
 * Hold expiry (SPEC §4.5): the workspace's default hold length, the
 * maintenance job with a fixed clock (releases, idempotent, racing a confirm),
 * the holds after an expired one moving up, the 24-hour warning sent once.
 */

let t: TestApp;
let team: Team;
const api = (p: string) => `/api/v1${p}`;
const HOUR = 3_600_000;

interface B {
  id: string;
  status: string;
  version: number;
  holdRank: number | null;
  holdExpiresAt: string | null;
  createdById: string;
}

beforeAll(async () => {
  t = await createTestApp();
  team = await createTeam(t.app, "Hold studio");
});
afterAll(() => t.close());

/** A fixed instant the tests run the job at (the bookings themselves are in 2027). */
const T0 = new Date("2026-12-01T09:00:00.000Z");
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const runJob = (now: Date) => expireHoldsJob({ ...t.ctx, now: () => now }).perform({}, { attempt: 1, jobId: "hold-expiry-test" });

let artistCount = 0;
async function newArtist(): Promise<string> {
  const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(team.admin.auth).send({ name: `Hold Artist ${++artistCount}`, timezone: "UTC" });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

let day = 0;
/** A fresh 10:00–12:00 UTC slot in 2027 (each call a new day, so tests never share holds). */
const freshSlot = () => {
  const d = new Date(Date.UTC(2027, 2, 1 + day++)).toISOString().slice(0, 10);
  return { start: `${d}T10:00:00.000Z`, end: `${d}T12:00:00.000Z` };
};

async function hold(who: TestUser, artistId: string, range: { start: string; end: string }, extra: Record<string, unknown> = {}): Promise<B> {
  const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(who.auth).send({ title: "Spot 030", artistId, status: "HOLD", force: true, ...range, ...extra });
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
  return res.body.data;
}

const get = async (id: string): Promise<B> => (await request(t.app).get(api(`/bookings/${id}`)).set(team.viewer.auth).expect(200)).body.data;
const history = async (id: string) => (await request(t.app).get(api(`/bookings/${id}/events`)).set(team.viewer.auth).expect(200)).body.data as Array<{ type: string; actorId: string | null; note: string | null }>;
const notificationsOf = async (u: TestUser, type: string) =>
  ((await request(t.app).get(api(`/notifications?perPage=100&workspaceId=${team.workspaceId}`)).set(u.auth).expect(200)).body.data as Array<{ type: string; title: string; link: string; data: { bookingId: string } }>).filter((n) => n.type === type);

describe("the workspace's default hold length", () => {
  const patch = (who: TestUser, body: Record<string, unknown>) => request(t.app).patch(api(`/workspaces/${team.workspaceId}`)).set(who.auth).send(body);
  const current = async () => (await request(t.app).get(api(`/workspaces/${team.workspaceId}`)).set(team.owner.auth).expect(200)).body.data;

  it("is 72 hours for a new workspace; admins change it with the version check, members and viewers may not, bad values are 400 changing nothing", async () => {
    const before = await current();
    expect(before.holdExpiryHours).toBe(72);

    for (const bad of [0, -1, 1.5, 8761, "24", true]) {
      const res = await patch(team.admin, { holdExpiryHours: bad, version: before.version });
      expectError(res, 400, "VALIDATION_ERROR");
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain("holdExpiryHours");
    }
    expectError(await patch(team.member, { holdExpiryHours: 24 }), 403, "FORBIDDEN");
    expectError(await patch(team.viewer, { holdExpiryHours: 24 }), 403, "FORBIDDEN");
    // An admin may set the hold length, not rename the workspace (owners only).
    expectError(await patch(team.admin, { name: "Renamed by admin" }), 403, "FORBIDDEN");
    expectError(await patch(team.member, {}), 403, "FORBIDDEN");
    expect(await current()).toEqual(before);
    // An empty body changes nothing (and bumps no version).
    expect((await patch(team.admin, {}).expect(200)).body.data).toMatchObject({ version: before.version, holdExpiryHours: 72 });
    expect(await current()).toEqual(before);

    const ok = await patch(team.admin, { holdExpiryHours: 48, version: before.version });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ holdExpiryHours: 48, version: before.version + 1, name: before.name });
    const stale = await patch(team.admin, { holdExpiryHours: 12, version: before.version });
    expectError(stale, 409, "CONFLICT");
    expect((await current()).holdExpiryHours).toBe(48);
    expect((await request(t.app).get(api(`/workspaces/${team.workspaceId}`)).set(team.viewer.auth)).body.data.holdExpiryHours).toBe(48);

    // The owner still renames with the name alone, and the setting stays.
    expect((await patch(team.owner, { name: before.name })).body.data.holdExpiryHours).toBe(48);
    await patch(team.owner, { holdExpiryHours: 72 }).expect(200);
  });

  it("a hold without holdExpiresAt expires after the setting (ctx.now), explicit values and null win, a pencil going back to HOLD gets it too", async () => {
    const artistId = await newArtist();
    const realNow = t.ctx.now;
    t.ctx.now = () => T0;
    try {
      const a = await hold(team.member, artistId, freshSlot());
      expect(a.holdExpiresAt).toBe(at(72).toISOString());
      const explicit = await hold(team.member, artistId, freshSlot(), { holdExpiresAt: "2027-01-05T00:00:00.000Z" });
      expect(explicit.holdExpiresAt).toBe("2027-01-05T00:00:00.000Z");
      const never = await hold(team.member, artistId, freshSlot(), { holdExpiresAt: null });
      expect(never.holdExpiresAt).toBeNull();
      const pencil = (await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send({ title: "P", artistId, status: "PENCIL", force: true, ...freshSlot() })).body.data as B;
      expect(pencil.holdExpiresAt).toBeNull();

      await request(t.app).patch(api(`/workspaces/${team.workspaceId}`)).set(team.admin.auth).send({ holdExpiryHours: 5 }).expect(200);
      const back = await request(t.app).post(api(`/bookings/${pencil.id}/status`)).set(team.member.auth).send({ status: "HOLD", version: pencil.version });
      expect(back.status).toBe(200);
      expect(back.body.data).toMatchObject({ status: "HOLD", holdExpiresAt: at(5).toISOString() });

      await request(t.app).patch(api(`/workspaces/${team.workspaceId}`)).set(team.admin.auth).send({ holdExpiryHours: null }).expect(200);
      expect((await hold(team.member, artistId, freshSlot())).holdExpiresAt).toBeNull();
      // Promoting a hold clears its expiry.
      const promoted = await request(t.app).post(api(`/bookings/${a.id}/status`)).set(team.member.auth).send({ status: "PENCIL" });
      expect(promoted.body.data).toMatchObject({ status: "PENCIL", holdExpiresAt: null });
    } finally {
      t.ctx.now = realNow;
      await request(t.app).patch(api(`/workspaces/${team.workspaceId}`)).set(team.owner.auth).send({ holdExpiryHours: 72 }).expect(200);
    }
  });
});

describe("the maintenance job", () => {
  it("releases holds whose holdExpiresAt passed, once; the next hold moves up and both creators are told", async () => {
    const artistId = await newArtist();
    const range = freshSlot();
    const first = await hold(team.member, artistId, range, { holdExpiresAt: at(1).toISOString() });
    const second = await hold(team.admin, artistId, range, { holdExpiresAt: at(100).toISOString() });
    const third = await hold(team.owner, artistId, range, { holdExpiresAt: at(100).toISOString() });
    expect([first.holdRank, second.holdRank, third.holdRank]).toEqual([1, 2, 3]);

    const early = (await runJob(new Date(at(1).getTime() - 1))) as { expired: number };
    expect(early.expired).toBe(0);
    expect((await get(first.id)).status).toBe("HOLD");

    const seen: string[] = [];
    const off = t.ctx.events.subscribe("hold-expiry.test", (e) => {
      if (e.type === "booking.updated") seen.push(`${e.data.id}:${e.data.status}:${e.data.holdRank}`);
    });
    const run = (await runJob(at(1))) as { expired: number };
    expect(run.expired).toBeGreaterThanOrEqual(1);
    const released = await get(first.id);
    expect(released).toMatchObject({ status: "RELEASED", version: first.version + 1, holdRank: null, holdExpiresAt: null });
    expect((await get(second.id)).holdRank).toBe(1);
    expect((await get(third.id)).holdRank).toBe(2);
    const h = await history(first.id);
    expect(h.at(-1)).toMatchObject({ type: "expired", actorId: null });
    expect((await history(second.id)).at(-1)).toMatchObject({ type: "hold_moved_up", actorId: null, note: "2nd hold → 1st hold" });
    expect((await history(third.id)).at(-1)).toMatchObject({ type: "hold_moved_up", note: "3rd hold → 2nd hold" });
    await eventually(() => seen.length >= 3, { what: "booking.updated for the released hold and the two that moved up" });
    off();
    expect(seen).toEqual(expect.arrayContaining([`${first.id}:RELEASED:null`, `${second.id}:HOLD:1`, `${third.id}:HOLD:2`]));

    // Idempotent: the same instant again changes nothing.
    const again = (await runJob(at(1))) as { expired: number };
    expect(again.expired).toBe(0);
    expect(await get(first.id)).toEqual(released);
    expect(await history(first.id)).toHaveLength(h.length);
    expect(await history(second.id)).toHaveLength(2);

    // The creators are told: expired to the first hold's, moved up (1st hold) to the second's, moved up to the third's.
    const expired = await eventually(async () => (await notificationsOf(team.member, "HOLD_EXPIRED")).find((n) => n.data.bookingId === first.id) ?? false, { what: "HOLD_EXPIRED to the first hold's creator" });
    expect(expired.title).toMatch(/^Your hold on Hold Artist \d+ expired: Spot 030$/);
    expect(expired.link).toBe(`/w/${team.workspaceId}/bookings?booking=${first.id}`);
    const up = await eventually(async () => (await notificationsOf(team.admin, "HOLD_MOVED_UP")).find((n) => n.data.bookingId === second.id) ?? false, { what: "HOLD_MOVED_UP to the second hold's creator" });
    expect(up.title).toMatch(/is now 1st hold: Spot 030$/);
    const up3 = await eventually(async () => (await notificationsOf(team.owner, "HOLD_MOVED_UP")).find((n) => n.data.bookingId === third.id) ?? false, { what: "HOLD_MOVED_UP to the third hold's creator" });
    expect(up3.title).toMatch(/moved up to 2nd hold: Spot 030$/);
    await t.ctx.events.drain();
    expect((await notificationsOf(team.member, "HOLD_MOVED_UP")).filter((n) => [first.id, second.id, third.id].includes(n.data.bookingId))).toHaveLength(0);
    expect((await notificationsOf(team.admin, "HOLD_EXPIRED")).filter((n) => n.data.bookingId === first.id)).toHaveLength(0);
  });

  it("a hold confirmed in the same instant it expires: exactly one outcome, consistent state, no 5xx", async () => {
    const artistId = await newArtist();
    const outcomes = { confirmed: 0, released: 0 };
    const ROUNDS = 12;
    for (let i = 0; i < ROUNDS; i++) {
      const h = await hold(team.member, artistId, freshSlot(), { holdExpiresAt: at(2).toISOString() });
      // The job starts 0–15 ms after the request, so either may reach the row first.
      const jobLater = new Promise((r) => setTimeout(r, (i % 4) * 5)).then(() => runJob(at(2)) as Promise<{ expired: number }>);
      const [res, job] = await Promise.all([request(t.app).post(api(`/bookings/${h.id}/status`)).set(team.member.auth).send({ status: "CONFIRMED", version: h.version }), jobLater]);
      expect([200, 409]).toContain(res.status);
      const now = await get(h.id);
      const events = (await history(h.id)).map((e) => e.type);
      expect(now.version).toBe(h.version + 1);
      if (res.status === 200) {
        outcomes.confirmed++;
        expect(now).toMatchObject({ status: "CONFIRMED", holdExpiresAt: null });
        expect(events).toEqual(["created", "status_changed"]);
      } else {
        outcomes.released++;
        expect(res.body.error.code).toBe("CONFLICT");
        expect(job.expired).toBeGreaterThanOrEqual(1);
        expect(now).toMatchObject({ status: "RELEASED", holdExpiresAt: null });
        expect(events).toEqual(["created", "expired"]);
      }
      // And once settled, neither a second job run nor a retried confirm changes anything.
      expect(((await runJob(at(2))) as { expired: number }).expired).toBe(0);
      if (now.status === "RELEASED") expectError(await request(t.app).post(api(`/bookings/${h.id}/status`)).set(team.member.auth).send({ status: "CONFIRMED" }), 409, "CONFLICT");
      expect(await get(h.id)).toEqual(now);
    }
    expect(outcomes.confirmed + outcomes.released).toBe(ROUNDS);
    console.log(`hold confirmed in the instant it expires, ${ROUNDS} races: ${outcomes.confirmed} × confirmed, ${outcomes.released} × released by the job`);
  });

  it("either order, one after the other: confirmed first → the job leaves it; released first → the confirm is 409", async () => {
    const artistId = await newArtist();
    const a = await hold(team.member, artistId, freshSlot(), { holdExpiresAt: at(2).toISOString() });
    await request(t.app).post(api(`/bookings/${a.id}/status`)).set(team.member.auth).send({ status: "CONFIRMED", version: a.version }).expect(200);
    await runJob(at(2));
    expect(await get(a.id)).toMatchObject({ status: "CONFIRMED", version: a.version + 1 });

    const b = await hold(team.member, artistId, freshSlot(), { holdExpiresAt: at(2).toISOString() });
    expect(((await runJob(at(2))) as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    const late = await request(t.app).post(api(`/bookings/${b.id}/status`)).set(team.member.auth).send({ status: "CONFIRMED", version: b.version });
    expectError(late, 409, "CONFLICT");
    expect(await get(b.id)).toMatchObject({ status: "RELEASED", version: b.version + 1 });
  });

  it("warns the creator once of a hold expiring within 24 h; a new expiry time earns a new warning", async () => {
    const artistId = await newArtist();
    const soon = await hold(team.member, artistId, freshSlot(), { holdExpiresAt: at(10).toISOString() });
    const later = await hold(team.member, artistId, freshSlot(), { holdExpiresAt: at(30).toISOString() });
    const mine = async () => (await notificationsOf(team.member, "HOLD_EXPIRING")).filter((n) => [soon.id, later.id].includes(n.data.bookingId));

    const first = (await runJob(T0)) as { warned: number };
    expect(first.warned).toBeGreaterThanOrEqual(1);
    const warned = await eventually(async () => ((await mine()).length === 1 ? (await mine())[0] : false), { what: "one HOLD_EXPIRING notification" });
    expect(warned.data.bookingId).toBe(soon.id);
    expect(warned.title).toMatch(/^Your hold on Hold Artist \d+ expires within 24 hours: Spot 030$/);

    expect(((await runJob(at(1))) as { warned: number }).warned).toBe(0);
    expect(((await runJob(at(2))) as { warned: number }).warned).toBe(0);
    await t.ctx.events.drain();
    await new Promise((r) => setTimeout(r, 200));
    expect(await mine()).toHaveLength(1);
    // The warning does not change the booking's version (nobody's edit goes stale because of it).
    expect((await get(soon.id)).version).toBe(soon.version);

    // Extended: a new expiry time, a new warning when it comes within 24 h.
    const extended = await request(t.app).patch(api(`/bookings/${soon.id}`)).set(team.member.auth).send({ holdExpiresAt: at(40).toISOString(), version: soon.version });
    expect(extended.status).toBe(200);
    expect(((await runJob(at(3))) as { warned: number }).warned).toBe(0);
    // at(20): the extended one (40 h) is within 24 h, and so is `later` (30 h).
    expect(((await runJob(at(20))) as { warned: number }).warned).toBeGreaterThanOrEqual(2);
    await eventually(async () => (await mine()).length === 3, { what: "a second warning after the extension, and the later hold's" });
    expect((await mine()).filter((n) => n.data.bookingId === soon.id)).toHaveLength(2);

    // Expiry after a warning: released, and the warning is not repeated.
    expect(((await runJob(at(40))) as { expired: number }).expired).toBeGreaterThanOrEqual(2);
    expect((await get(soon.id)).status).toBe("RELEASED");
    expect((await get(later.id)).status).toBe("RELEASED");
    await eventually(async () => (await notificationsOf(team.member, "HOLD_EXPIRED")).filter((n) => [soon.id, later.id].includes(n.data.bookingId)).length === 2, { what: "two HOLD_EXPIRED" });
    expect(await mine()).toHaveLength(3);
  });
});
