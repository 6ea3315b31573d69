import request from "supertest";
import type { AnyDomainEvent } from "../../src/events/bus";
import { createTestApp, expectError, type TestApp, type TestUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import { createTeam, type Team } from "../helpers/team";

let t: TestApp;
let team: Team;
let other: Team;
let projectId: string;
const api = (p: string) => `/api/v1${p}`;

interface B {
  id: string;
  status: string;
  version: number;
  holdRank: number | null;
  start: string;
  end: string;
  force: boolean;
}

const STATUSES = ["HOLD", "PENCIL", "CONFIRMED", "CANCELLED", "RELEASED", "DECLINED"] as const;
const ALLOWED: Record<string, string[]> = {
  HOLD: ["PENCIL", "CONFIRMED", "RELEASED", "CANCELLED"],
  PENCIL: ["CONFIRMED", "HOLD", "CANCELLED", "DECLINED"],
  CONFIRMED: ["CANCELLED", "DECLINED"],
  CANCELLED: [],
  RELEASED: [],
  DECLINED: [],
};

beforeAll(async () => {
  t = await createTestApp();
  [team, other] = await Promise.all([createTeam(t.app, "Booking studio"), createTeam(t.app, "Other studio")]);
  projectId = (await request(t.app).post(api(`/workspaces/${team.workspaceId}/projects`)).set(team.owner.auth).send({ name: "Feature", key: "FEAT" })).body.data.id;
});
afterAll(() => t.close());

async function newArtist(body: Record<string, unknown> = {}, ws = team): Promise<string> {
  const res = await request(t.app).post(api(`/workspaces/${ws.workspaceId}/artists`)).set(ws.admin.auth).send({ name: "Ada Animator", timezone: "UTC", ...body });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

/** The day `n` days after 2027-01-01. */
const dayOf = (n: number) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10);
/** fromHour to toHour UTC on day `n` after 2027-01-01, as the API answers instants. */
const slot = (n: number, fromHour = 10, toHour = 12) => {
  const at = (h: number) => new Date(`${dayOf(n)}T${String(h).padStart(2, "0")}:00:00Z`).toISOString();
  return { start: at(fromHour), end: at(toHour) };
};

const book = (who: TestUser, body: Record<string, unknown>, ws = team) => request(t.app).post(api(`/workspaces/${ws.workspaceId}/bookings`)).set(who.auth).send({ title: "Shot 010", ...body });

async function booked(artistId: string, status: string, range = slot(0), extra: Record<string, unknown> = {}): Promise<B> {
  const res = await book(team.member, { artistId, status, ...range, ...extra });
  expect({ status: res.status, body: res.body.error }).toEqual({ status: 201, body: undefined });
  return res.body.data;
}

describe("bookings", () => {
  it("members book, viewers read, other workspaces get 404; bad ranges are 400 naming end", async () => {
    const artistId = await newArtist();
    const res = await book(team.member, { artistId, projectId, notes: "<b>notes</b>", ...slot(1), status: "CONFIRMED" });
    expect(res.status).toBe(201);
    const b = res.body.data;
    expect(b).toMatchObject({ artistId, projectId, status: "CONFIRMED", holdRank: null, start: "2027-01-02T10:00:00.000Z", end: "2027-01-02T12:00:00.000Z", notes: "<b>notes</b>", force: false, version: 1, createdById: team.member.id });
    expect((await request(t.app).get(api(`/bookings/${b.id}`)).set(team.viewer.auth)).body.data).toEqual(b);
    expectError(await book(team.viewer, { artistId, ...slot(2) }), 403, "FORBIDDEN");
    expectError(await request(t.app).post(api(`/bookings/${b.id}/status`)).set(team.viewer.auth).send({ status: "CANCELLED" }), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(api(`/bookings/${b.id}`)).set(team.viewer.auth), 403, "FORBIDDEN");

    for (const who of [other.owner, team.outsider]) {
      expectError(await request(t.app).get(api(`/bookings/${b.id}`)).set(who.auth), 404, "NOT_FOUND");
      expectError(await request(t.app).patch(api(`/bookings/${b.id}`)).set(who.auth).send({ title: "X" }), 404, "NOT_FOUND");
      expectError(await request(t.app).delete(api(`/bookings/${b.id}`)).set(who.auth), 404, "NOT_FOUND");
      expectError(await request(t.app).post(api(`/bookings/${b.id}/status`)).set(who.auth).send({ status: "CANCELLED" }), 404, "NOT_FOUND");
      expectError(await request(t.app).post(api(`/bookings/${b.id}/respond`)).set(who.auth).send({ response: "accept" }), 404, "NOT_FOUND");
      expectError(await request(t.app).get(api(`/workspaces/${team.workspaceId}/bookings`)).set(who.auth), 404, "NOT_FOUND");
    }
    // Another workspace's artist or project in the body.
    const foreignArtist = await newArtist({}, other);
    expect(expectError(await book(team.member, { artistId: foreignArtist, ...slot(3) }), 400, "VALIDATION_ERROR").details?.map((d) => d.field)).toEqual(["artistId"]);
    const foreignProject = (await request(t.app).post(api(`/workspaces/${other.workspaceId}/projects`)).set(other.owner.auth).send({ name: "Theirs", key: "THR" })).body.data.id;
    expect(expectError(await book(team.member, { artistId, projectId: foreignProject, ...slot(3) }), 400, "VALIDATION_ERROR").details?.map((d) => d.field)).toEqual(["projectId"]);

    const bad: Array<[Record<string, unknown>, string]> = [
      [{ start: "2027-01-05T12:00:00Z", end: "2027-01-05T10:00:00Z" }, "end"],
      [{ start: "2027-01-05T12:00:00Z", end: "2027-01-05T12:00:00Z" }, "end"],
      [{ start: "2027-01-05T12:00:00Z", end: "2028-01-07T12:00:00Z" }, "end"],
      [{ start: "2027-01-05", end: "2027-01-06T12:00:00Z" }, "start"],
      [{ ...slot(5), status: "CANCELLED" }, "status"],
      [{ ...slot(5), status: "PENCIL", holdExpiresAt: "2027-01-01T00:00:00Z" }, "holdExpiresAt"],
      [{ ...slot(5), title: "  " }, "title"],
    ];
    for (const [body, field] of bad) {
      const error = expectError(await book(team.member, { artistId, ...body }), 400, "VALIDATION_ERROR");
      expect({ body, fields: error.details?.map((d) => d.field) }).toEqual({ body, fields: [field] });
    }
    const move = await request(t.app).patch(api(`/bookings/${b.id}`)).set(team.member.auth).send({ end: "2027-01-02T09:00:00Z" });
    expect(expectError(move, 400, "VALIDATION_ERROR").details?.map((d) => d.field)).toEqual(["end"]);
  });

  it("firm bookings never overlap (409 naming the booking in the way); touching is fine; holds overlap and are ranked", async () => {
    const artistId = await newArtist();
    const confirmed = await booked(artistId, "CONFIRMED", slot(10));
    for (const [status, range] of [["PENCIL", slot(10, 11, 13)], ["CONFIRMED", slot(10, 9, 11)], ["PENCIL", slot(10, 10, 12)], ["CONFIRMED", slot(10, 8, 14)]] as const) {
      const error = expectError(await book(team.member, { artistId, status, ...range }), 409, "CONFLICT");
      expect(error.details).toEqual([expect.objectContaining({ bookingId: confirmed.id, artistId, start: confirmed.start, end: confirmed.end, status: "CONFIRMED" })]);
    }
    const touching = await booked(artistId, "PENCIL", slot(10, 12, 14)); // touches the end
    await booked(artistId, "CONFIRMED", slot(10, 8, 10)); // touches the start
    // Another artist at the same time is free.
    await booked(await newArtist(), "CONFIRMED", slot(10));

    // Holds: on top of the confirmed one and of each other, ranked by creation among overlapping holds.
    const h1 = await booked(artistId, "HOLD", slot(10, 10, 12));
    const h2 = await booked(artistId, "HOLD", slot(10, 11, 13));
    const h3 = await booked(artistId, "HOLD", slot(10, 9, 12));
    const apart = await booked(artistId, "HOLD", slot(11));
    expect([h1.holdRank, h2.holdRank, h3.holdRank, apart.holdRank]).toEqual([1, 2, 3, 1]);
    const list = await request(t.app).get(api(`/workspaces/${team.workspaceId}/bookings?artistId=${artistId}&status=HOLD`)).set(team.viewer.auth);
    expect(list.body.data.map((b: B) => [b.id, b.holdRank])).toEqual([[h3.id, 3], [h1.id, 1], [h2.id, 2], [apart.id, 1]]);
    // The first hold goes: the next ones move up.
    await request(t.app).post(api(`/bookings/${h1.id}/status`)).set(team.member.auth).send({ status: "RELEASED", version: h1.version }).expect(200);
    const ranks = async () => (await request(t.app).get(api(`/workspaces/${team.workspaceId}/bookings?artistId=${artistId}&status=HOLD`)).set(team.viewer.auth)).body.data.map((b: B) => b.holdRank);
    expect(await ranks()).toEqual([2, 1, 1]);
    // Promoting a hold that is not first: an admin with force only; then it collides with the confirmed booking.
    expect(expectError(await request(t.app).post(api(`/bookings/${h3.id}/status`)).set(team.member.auth).send({ status: "PENCIL" }), 409, "CONFLICT").details?.map((d) => d.field)).toEqual(["force"]);
    expectError(await request(t.app).post(api(`/bookings/${h3.id}/status`)).set(team.admin.auth).send({ status: "PENCIL" }), 409, "CONFLICT");
    const collide = expectError(await request(t.app).post(api(`/bookings/${h3.id}/status`)).set(team.admin.auth).send({ status: "PENCIL", force: true }), 409, "CONFLICT");
    expect(collide.details?.[0]).toMatchObject({ status: "CONFIRMED", artistId });
    expect((await request(t.app).get(api(`/bookings/${h3.id}`)).set(team.viewer.auth)).body.data).toMatchObject({ status: "HOLD", holdRank: 2 });
    // Once the confirmed one is cancelled, the first hold can be pencilled in.
    expect((await request(t.app).delete(api(`/bookings/${confirmed.id}`)).set(team.member.auth)).body.data.status).toBe("CANCELLED");
    // h2 (11–13) is first among its holds, but the pencilled 12–14 is in the way until it goes too.
    expect(expectError(await request(t.app).post(api(`/bookings/${h2.id}/status`)).set(team.member.auth).send({ status: "PENCIL" }), 409, "CONFLICT").details?.[0]).toMatchObject({ bookingId: touching.id });
    await request(t.app).delete(api(`/bookings/${touching.id}`)).set(team.member.auth).expect(200);
    expect((await request(t.app).post(api(`/bookings/${h2.id}/status`)).set(team.member.auth).send({ status: "PENCIL" })).body.data).toMatchObject({ status: "PENCIL", holdRank: null });
  });

  it("the database itself refuses overlapping firm bookings and empty ranges, whatever the code path", async () => {
    const artistId = await newArtist();
    const b = await booked(artistId, "CONFIRMED", slot(600));
    const insert = (status: string, start: string, end: string) =>
      t.ctx.db.$executeRaw`INSERT INTO bookings (id, workspace_id, artist_id, title, start_time, end_time, status, updated_at)
                           VALUES (gen_random_uuid(), ${team.workspaceId}::uuid, ${artistId}::uuid, 'raw', ${start}::timestamptz, ${end}::timestamptz, ${status}::"BookingStatus", now())`;
    await expect(insert("PENCIL", slot(600, 11, 13).start, slot(600, 11, 13).end)).rejects.toThrow(/bookings_no_overlap|23P01|exclusion/i);
    await expect(insert("CONFIRMED", slot(600, 12, 11).start, slot(600, 12, 11).end)).rejects.toThrow(/bookings_time_order|23514|check/i);
    await expect(insert("HOLD", slot(600, 11, 13).start, slot(600, 11, 13).end)).resolves.toBe(1);
    // A status change straight in SQL is held to it too.
    await t.ctx.db.$executeRaw`UPDATE bookings SET status = 'CANCELLED' WHERE id = ${b.id}::uuid`;
    await expect(t.ctx.db.$executeRaw`UPDATE bookings SET status = 'PENCIL' WHERE artist_id = ${artistId}::uuid AND title = 'raw'`).resolves.toBe(1);
    await expect(t.ctx.db.$executeRaw`UPDATE bookings SET status = 'CONFIRMED' WHERE id = ${b.id}::uuid`).rejects.toThrow(/bookings_no_overlap|23P01|exclusion/i);
  });

  it("status transitions exactly as SPEC §4.5: allowed ones succeed, refused ones are 409 listing every allowed status", async () => {
    const artistId = await newArtist();
    let n = 100;
    const at = async (status: (typeof STATUSES)[number]): Promise<B> => {
      const range = slot(n++);
      if (status === "HOLD" || status === "PENCIL" || status === "CONFIRMED") return booked(artistId, status, range);
      const from = status === "DECLINED" ? "PENCIL" : "HOLD";
      const b = await booked(artistId, from, range);
      const res = await request(t.app).post(api(`/bookings/${b.id}/status`)).set(team.member.auth).send({ status, version: b.version });
      expect(res.status).toBe(200);
      return res.body.data;
    };
    const problems: string[] = [];
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const b = await at(from);
        const res = await request(t.app).post(api(`/bookings/${b.id}/status`)).set(team.member.auth).send({ status: to, version: b.version });
        if (ALLOWED[from].includes(to)) {
          if (res.status !== 200 || res.body.data.status !== to || res.body.data.version !== b.version + 1) problems.push(`${from} → ${to}: ${res.status} ${JSON.stringify(res.body)}`);
        } else {
          const listed = (res.body.error?.details ?? []).map((d: { status: string }) => d.status);
          if (res.status !== 409 || JSON.stringify(listed) !== JSON.stringify(ALLOWED[from])) problems.push(`${from} → ${to}: ${res.status} listing ${JSON.stringify(listed)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // DELETE cancels and keeps the row; a second one is refused; the history has both.
    const b = await at("PENCIL");
    const cancelled = await request(t.app).delete(api(`/bookings/${b.id}`)).set(team.member.auth);
    expect(cancelled.body.data).toMatchObject({ id: b.id, status: "CANCELLED", version: 2 });
    expect((await request(t.app).get(api(`/bookings/${b.id}`)).set(team.member.auth)).body.data.status).toBe("CANCELLED");
    expect(expectError(await request(t.app).delete(api(`/bookings/${b.id}`)).set(team.member.auth), 409, "CONFLICT").details).toBeUndefined();
    expectError(await request(t.app).patch(api(`/bookings/${b.id}`)).set(team.member.auth).send({ title: "Too late" }), 409, "CONFLICT");
    const history = (await request(t.app).get(api(`/bookings/${b.id}/events`)).set(team.viewer.auth)).body.data;
    expect(history.map((e: { type: string; actorId: string; before: { status: string } | null; after: { status: string } }) => [e.type, e.actorId, e.before?.status ?? null, e.after.status])).toEqual([
      ["created", team.member.id, null, "PENCIL"],
      ["cancelled", team.member.id, "PENCIL", "CANCELLED"],
    ]);
    expectError(await request(t.app).get(api(`/bookings/${b.id}/events`)).set(other.owner.auth), 404, "NOT_FOUND");
  });

  it("move and resize with version: stale is 409 with the current booking, into another firm booking is 409", async () => {
    const artistId = await newArtist();
    const a = await booked(artistId, "PENCIL", slot(200));
    const other = await booked(artistId, "CONFIRMED", slot(201));
    const moved = await request(t.app).patch(api(`/bookings/${a.id}`)).set(team.member.auth).send({ ...slot(202, 14, 18), version: a.version });
    expect(moved.body.data).toMatchObject({ start: slot(202, 14, 18).start, end: slot(202, 14, 18).end, version: 2 });
    const stale = await request(t.app).patch(api(`/bookings/${a.id}`)).set(team.member.auth).set("If-Match", "1").send({ end: slot(202, 14, 19).end });
    expectError(stale, 409, "CONFLICT");
    expect(stale.body.error.current).toMatchObject({ id: a.id, version: 2 });
    const into = expectError(await request(t.app).patch(api(`/bookings/${a.id}`)).set(team.member.auth).send({ ...slot(201, 11, 15), version: 2 }), 409, "CONFLICT");
    expect(into.details?.[0]).toMatchObject({ bookingId: other.id, status: "CONFIRMED" });
    const resized = await request(t.app).patch(api(`/bookings/${a.id}`)).set(team.member.auth).send({ end: slot(202, 14, 20).end, version: 2 });
    expect(resized.body.data).toMatchObject({ start: slot(202, 14, 18).start, end: slot(202, 14, 20).end, version: 3 });
    const history = await t.ctx.db.bookingEvent.findMany({ where: { bookingId: a.id }, orderBy: { createdAt: "asc" } });
    expect(history.map((e) => e.type)).toEqual(["created", "moved", "moved"]);
  });

  it("reassigning to another artist (PATCH artistId): the new artist's firm bookings conflict, other workspaces' or inactive artists are 400, holds left behind move up", async () => {
    const [ada, bo, outsider, inactive] = await Promise.all([newArtist(), newArtist({ name: "Bo Compositor" }), newArtist({}, other), newArtist({ name: "Gone", active: false })]);
    const first = await booked(ada, "HOLD", slot(210));
    const second = await booked(ada, "HOLD", slot(210));
    const boFirm = await booked(bo, "CONFIRMED", slot(211));
    expect(second.holdRank).toBe(2);
    const moved = await request(t.app).patch(api(`/bookings/${first.id}`)).set(team.member.auth).send({ artistId: bo, version: first.version });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ artistId: bo, start: first.start, holdRank: 1, version: first.version + 1 });
    // The hold left behind is now first; its history says so.
    expect((await request(t.app).get(api(`/bookings/${second.id}`)).set(team.member.auth)).body.data.holdRank).toBe(1);
    const events = (await request(t.app).get(api(`/bookings/${first.id}/events`)).set(team.member.auth)).body.data;
    expect(events.at(-1)).toMatchObject({ type: "moved", before: { artistId: ada }, after: { artistId: bo } });
    // Into the new artist's confirmed time: 409 naming it, nothing changes.
    const pencil = await booked(ada, "PENCIL", slot(211));
    const into = expectError(await request(t.app).patch(api(`/bookings/${pencil.id}`)).set(team.member.auth).send({ artistId: bo, version: pencil.version }), 409, "CONFLICT");
    expect(into.details?.[0]).toMatchObject({ bookingId: boFirm.id, status: "CONFIRMED" });
    for (const artistId of [outsider, inactive, "00000000-0000-4000-8000-000000000000"]) {
      const bad = expectError(await request(t.app).patch(api(`/bookings/${pencil.id}`)).set(team.member.auth).send({ artistId, version: pencil.version }), 400, "VALIDATION_ERROR");
      expect(bad.details?.[0]?.field).toBe("artistId");
    }
    expect(await t.ctx.db.booking.findUniqueOrThrow({ where: { id: pencil.id } })).toMatchObject({ artistId: ada, version: pencil.version });
  });

  it("outside working hours or on time off only with force: true, which is stored", async () => {
    const artistId = await newArtist({ timezone: "Europe/London" });
    await request(t.app).put(api(`/artists/${artistId}/working-hours`)).set(team.admin.auth).send([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }))).expect(200);
    await request(t.app).post(api(`/artists/${artistId}/time-off`)).set(team.admin.auth).send({ startDate: "2027-07-07", endDate: "2027-07-08" }).expect(201);
    // Monday 2027-07-05, BST: 09:00–17:00 local is 08:00–16:00Z.
    const inside = await booked(artistId, "CONFIRMED", { start: "2027-07-05T08:00:00Z", end: "2027-07-05T16:00:00Z" });
    expect(inside.force).toBe(false);
    const early = expectError(await book(team.member, { artistId, status: "PENCIL", start: "2027-07-06T07:00:00Z", end: "2027-07-06T09:00:00Z" }), 409, "CONFLICT");
    expect(early.details?.[0].message).toContain("force: true");
    const weekend = expectError(await book(team.member, { artistId, start: "2027-07-10T10:00:00Z", end: "2027-07-10T12:00:00Z" }), 409, "CONFLICT");
    expect(weekend.message).toContain("force: true");
    const off = expectError(await book(team.member, { artistId, start: "2027-07-08T09:00:00Z", end: "2027-07-08T10:00:00Z" }), 409, "CONFLICT");
    expect(off.details?.map((d) => d.message).join(" ")).toContain("time off 2027-07-07 to 2027-07-08");
    const forced = await booked(artistId, "PENCIL", { start: "2027-07-08T09:00:00Z", end: "2027-07-08T10:00:00Z" }, { force: true });
    expect(forced.force).toBe(true);
    // Moving a booking out of hours needs force too.
    expectError(await request(t.app).patch(api(`/bookings/${inside.id}`)).set(team.member.auth).send({ end: "2027-07-05T18:00:00Z" }), 409, "CONFLICT");
    expect((await request(t.app).patch(api(`/bookings/${inside.id}`)).set(team.member.auth).send({ end: "2027-07-05T18:00:00Z", force: true })).body.data.force).toBe(true);
  });

  it("a booking over several working days (Mon 09:00 → Wed 17:00 local) is within hours; over a weekend, or starting or ending outside hours, it needs force", async () => {
    const artistId = await newArtist({ timezone: "America/New_York" });
    await request(t.app).put(api(`/artists/${artistId}/working-hours`)).set(team.admin.auth).send([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }))).expect(200);
    // EST in January: 09:00 local is 14:00Z, 17:00 local is 22:00Z. 2027-01-11 is a Monday.
    const days = await booked(artistId, "CONFIRMED", { start: "2027-01-11T14:00:00Z", end: "2027-01-13T22:00:00Z" });
    expect(days.force).toBe(false);
    const check = await request(t.app).post(api(`/workspaces/${team.workspaceId}/availability/check`)).set(team.member.auth).send({ artistIds: [artistId], start: "2027-01-18T14:00:00Z", end: "2027-01-20T22:00:00Z" });
    expect(check.body.data[0]).toMatchObject({ available: true, outsideHours: false });
    for (const [what, range] of [
      ["Friday to Monday, over the weekend", { start: "2027-01-15T14:00:00Z", end: "2027-01-18T22:00:00Z" }],
      ["starting at 08:00 local", { start: "2027-01-19T13:00:00Z", end: "2027-01-20T22:00:00Z" }],
      ["ending at 18:00 local", { start: "2027-01-26T14:00:00Z", end: "2027-01-27T23:00:00Z" }],
    ] as const) {
      const res = await book(team.member, { artistId, status: "PENCIL", ...range });
      expect({ what, status: res.status, message: res.body.error?.details?.[0]?.message ?? "" }).toEqual({ what, status: 409, message: expect.stringContaining("working hours") });
    }
  });

  it("a day with a lunch break (09–12 and 13–17): 10:00–15:00 over the break is within hours; 11:00–18:00 and a Saturday are not", async () => {
    const artistId = await newArtist({ timezone: "Europe/Paris" });
    const split = [1, 2, 3, 4, 5].flatMap((weekday) => [{ weekday, start: "09:00", end: "12:00" }, { weekday, start: "13:00", end: "17:00" }]);
    await request(t.app).put(api(`/artists/${artistId}/working-hours`)).set(team.admin.auth).send(split).expect(200);
    // CET in February: local = UTC + 1. 2027-02-08 is a Monday.
    const overLunch = await booked(artistId, "CONFIRMED", { start: "2027-02-08T09:00:00Z", end: "2027-02-08T14:00:00Z" });
    expect(overLunch.force).toBe(false);
    for (const [what, range] of [
      ["ending at 18:00 local", { start: "2027-02-09T10:00:00Z", end: "2027-02-09T17:00:00Z" }],
      ["starting in the lunch break", { start: "2027-02-10T11:30:00Z", end: "2027-02-10T14:00:00Z" }],
      ["on a Saturday", { start: "2027-02-13T09:00:00Z", end: "2027-02-13T14:00:00Z" }],
    ] as const) {
      const res = await book(team.member, { artistId, status: "PENCIL", ...range });
      expect({ what, status: res.status, message: res.body.error?.details?.[0]?.message ?? "" }).toEqual({ what, status: 409, message: expect.stringContaining("working hours") });
    }
  });

  it("the artist's own user accepts or declines, whatever their role; nobody else can", async () => {
    const artistId = await newArtist({ userId: team.viewer.id });
    const p = await booked(artistId, "PENCIL", slot(300));
    const c = await booked(artistId, "CONFIRMED", slot(301));
    expectError(await request(t.app).post(api(`/bookings/${p.id}/respond`)).set(team.member.auth).send({ response: "accept" }), 403, "FORBIDDEN");
    expectError(await request(t.app).post(api(`/bookings/${p.id}/respond`)).set(team.owner.auth).send({ response: "accept" }), 403, "FORBIDDEN");
    const accepted = await request(t.app).post(api(`/bookings/${p.id}/respond`)).set(team.viewer.auth).send({ response: "accept", note: "See you Monday" });
    expect(accepted.body.data).toMatchObject({ status: "CONFIRMED", version: 2 });
    const declined = await request(t.app).post(api(`/bookings/${c.id}/respond`)).set(team.viewer.auth).send({ response: "decline", note: "Ill" });
    expect(declined.body.data.status).toBe("DECLINED");
    const events = await t.ctx.db.bookingEvent.findMany({ where: { bookingId: { in: [p.id, c.id] }, type: "responded" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.bookingId, e.actorId, e.note])).toEqual([[p.id, team.viewer.id, "See you Monday"], [c.id, team.viewer.id, "Ill"]]);
    // Accepting a hold that overlaps a confirmed booking: the constraint says no.
    const hold = await booked(artistId, "HOLD", slot(300));
    expect(expectError(await request(t.app).post(api(`/bookings/${hold.id}/respond`)).set(team.viewer.auth).send({ response: "accept" }), 409, "CONFLICT").details?.[0]).toMatchObject({ bookingId: p.id });
    // A hold cannot be declined (HOLD → DECLINED is not a transition): 409 listing what is allowed.
    const listed = expectError(await request(t.app).post(api(`/bookings/${hold.id}/respond`)).set(team.viewer.auth).send({ response: "decline" }), 409, "CONFLICT").details?.map((d) => (d as { status?: string }).status);
    expect(listed).toEqual(ALLOWED.HOLD);
  });

  it("lists with artist, project, status and from/to filters, paginated; events are published after commit to the workspace room", async () => {
    const seen: AnyDomainEvent[] = [];
    const off = t.ctx.events.subscribe("bookings.test", (e) => {
      if (e.workspaceId === other.workspaceId) seen.push(e);
    });
    try {
      const artistId = await newArtist({}, other);
      const mk = (range: { start: string; end: string }, status: string, extra: Record<string, unknown> = {}) => book(other.member, { artistId, status, ...range, ...extra }, other).expect(201);
      const first = (await mk(slot(400), "CONFIRMED")).body.data;
      await mk(slot(401), "PENCIL");
      await mk(slot(402), "HOLD");
      await mk(slot(403), "HOLD");
      const list = (q: string) => request(t.app).get(api(`/workspaces/${other.workspaceId}/bookings${q}`)).set(other.viewer.auth);
      const starts = async (q: string) => (await list(q)).body.data.map((b: B) => b.start.slice(0, 10));
      const [d0, d1, d2, d3] = [400, 401, 402, 403].map(dayOf);
      expect(await starts("")).toEqual([d0, d1, d2, d3]);
      expect(await starts("?status=HOLD")).toEqual([d2, d3]);
      // [start, end): a booking ending at `from` or starting at `to` is outside.
      expect(await starts(`?from=${slot(401).end}&to=${new Date(Date.parse(slot(402).start) + 1000).toISOString()}`)).toEqual([d2]);
      expect(await starts(`?from=${new Date(Date.parse(slot(401).end) - 1000).toISOString()}&to=${slot(402).start}`)).toEqual([d1]);
      expect(await starts(`?artistId=${artistId}&perPage=3&page=2`)).toEqual([d3]);
      expect(await starts(`?projectId=${projectId}`)).toEqual([]);
      expect((await list("?perPage=3")).body.meta).toEqual({ page: 1, perPage: 3, total: 4, totalPages: 2 });
      expect(expectError(await list(`?from=${slot(402).start}&to=${slot(401).start}`), 400, "VALIDATION_ERROR").details?.map((d) => d.field)).toEqual(["to"]);
      await request(t.app).delete(api(`/bookings/${first.id}`)).set(other.member.auth).expect(200);
      await eventually(() => seen.filter((e) => e.type.startsWith("booking.")).length >= 5 || false, { what: "five booking events" });
      const mine = seen.filter((e) => e.type.startsWith("booking."));
      expect(mine.map((e) => e.type)).toEqual(["booking.created", "booking.created", "booking.created", "booking.created", "booking.cancelled"]);
      expect(mine[4]).toMatchObject({ rooms: [`workspace:${other.workspaceId}`], actorId: other.member.id, data: { id: first.id, status: "CANCELLED", version: 2 } });
      expect(seen.some((e) => e.type === "artist.created")).toBe(true);
    } finally {
      off();
    }
  });

  it("concurrency: 50 parallel creates of a CONFIRMED booking for one slot → exactly one 201 and 49 × 409, no 5xx", async () => {
    const artistId = await newArtist();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => book(team.member, { artistId, status: "CONFIRMED", title: `Race ${i}`, ...slot(500) })));
    const elapsed = Date.now() - started;
    const statuses = answers.map((r) => r.status);
    expect({ created: statuses.filter((s) => s === 201).length, conflicts: statuses.filter((s) => s === 409).length, other: statuses.filter((s) => s !== 201 && s !== 409) }).toEqual({ created: 1, conflicts: 49, other: [] });
    const winner = answers.find((r) => r.status === 201)!.body.data;
    for (const r of answers.filter((x) => x.status === 409)) expect(r.body.error.details[0]).toMatchObject({ bookingId: winner.id, status: "CONFIRMED" });
    expect(await t.ctx.db.booking.count({ where: { artistId } })).toBe(1);
    console.log(`50 parallel CONFIRMED creates for one slot: 1 × 201, 49 × 409 in ${elapsed} ms`);
  });
});
