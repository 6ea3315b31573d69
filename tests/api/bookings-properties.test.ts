import fc from "fast-check";
import request from "supertest";
import { createTestApp, type TestApp } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";

/**
 * Property tests: random sequences of creates, moves, status changes and
 * cancels against a reference model, through the real API and PostgreSQL.
 * After every command the API must agree with the model on
 * - the decision (2xx or 409) — so no two PENCIL/CONFIRMED bookings of one artist ever overlap;
 * - every hold's rank: 1 + the holds of the same artist overlapping it and created before it
 *   (bookings.service.ts holdRanks), so overlapping holds are ranked 1..n by creation;
 * - the artist's availability: busy = the firm bookings, free = working hours − time off − busy.
 * A failure prints the shrunk command list.
 */

let t: TestApp;
let team: Team;
const api = (p: string) => `/api/v1${p}`;

/** SPEC §4.5's transitions, written out again on purpose: the reference model shares nothing with the implementation. */
type Status = "HOLD" | "PENCIL" | "CONFIRMED" | "CANCELLED" | "RELEASED" | "DECLINED";
const TRANSITIONS: Record<Status, Status[]> = {
  HOLD: ["PENCIL", "CONFIRMED", "RELEASED", "CANCELLED"],
  PENCIL: ["CONFIRMED", "HOLD", "CANCELLED", "DECLINED"],
  CONFIRMED: ["CANCELLED", "DECLINED"],
  CANCELLED: [],
  RELEASED: [],
  DECLINED: [],
};
const FIRM: Status[] = ["PENCIL", "CONFIRMED"];

// The grid: two days (Mon 2027-06-07, Tue 2027-06-08, UTC), hours 07–21. Working hours Mon–Fri 09–17;
// artist 0 has Tuesday off. Bookings outside those are made with force: true.
const DAYS = ["2027-06-07", "2027-06-08"];
const hourOf = (day: number, hour: number) => Date.parse(`${DAYS[day]}T00:00:00Z`) + hour * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Slot {
  day: number;
  hour: number;
  length: number;
}
type Command =
  | { kind: "create"; artist: number; status: "HOLD" | "PENCIL" | "CONFIRMED"; slot: Slot }
  | { kind: "move"; ref: number; slot: Slot }
  | { kind: "status"; ref: number; to: Status; force: boolean }
  | { kind: "cancel"; ref: number };

const slotArb = fc.record({ day: fc.integer({ min: 0, max: 1 }), hour: fc.integer({ min: 7, max: 17 }), length: fc.integer({ min: 1, max: 4 }) });
const commandArb = (artists: number): fc.Arbitrary<Command> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("create" as const), artist: fc.nat({ max: artists - 1 }), status: fc.constantFrom("HOLD" as const, "PENCIL" as const, "CONFIRMED" as const), slot: slotArb }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("move" as const), ref: fc.nat({ max: 30 }), slot: slotArb }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("status" as const), ref: fc.nat({ max: 30 }), to: fc.constantFrom<Status>("HOLD", "PENCIL", "CONFIRMED", "CANCELLED", "RELEASED", "DECLINED"), force: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), ref: fc.nat({ max: 30 }) }) },
  );

/** One booking of the model, in creation order (`seq`). */
interface ModelBooking {
  seq: number;
  id: string;
  artist: number;
  status: Status;
  start: number;
  end: number;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

class Model {
  bookings: ModelBooking[] = [];
  firmClash(artist: number, range: { start: number; end: number }, except?: string) {
    return this.bookings.some((o) => o.id !== except && o.artist === artist && FIRM.includes(o.status) && overlaps(o, range));
  }
  rank(b: ModelBooking): number | null {
    if (b.status !== "HOLD") return null;
    return 1 + this.bookings.filter((o) => o.artist === b.artist && o.status === "HOLD" && o.seq < b.seq && overlaps(o, b)).length;
  }
  /** Working hours 09–17 of the grid's days minus artist 0's Tuesday, minus firm bookings; merged, by start. */
  free(artist: number): Array<[number, number]> {
    let free: Array<[number, number]> = DAYS.map((_, d) => [hourOf(d, 9), hourOf(d, 17)] as [number, number]).filter((_, d) => !(artist === 0 && d === 1));
    for (const b of this.bookings.filter((x) => x.artist === artist && FIRM.includes(x.status))) {
      free = free.flatMap(([a, e]): Array<[number, number]> => {
        if (b.end <= a || b.start >= e) return [[a, e]];
        const out: Array<[number, number]> = [];
        if (b.start > a) out.push([a, b.start]);
        if (b.end < e) out.push([b.end, e]);
        return out;
      });
    }
    return free;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  team = await createTeam(t.app, "Property studio");
});
afterAll(() => t.close());

let run = 0;
async function newArtists(n: number): Promise<string[]> {
  run++;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(team.admin.auth).send({ name: `Run ${run} artist ${i}`, timezone: "UTC" });
    expect(res.status).toBe(201);
    const id = res.body.data.id as string;
    await request(t.app).put(api(`/artists/${id}/working-hours`)).set(team.admin.auth).send([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }))).expect(200);
    if (i === 0) await request(t.app).post(api(`/artists/${id}/time-off`)).set(team.admin.auth).send({ startDate: DAYS[1], endDate: DAYS[1] }).expect(201);
    ids.push(id);
  }
  return ids;
}

const range = (s: Slot) => ({ start: hourOf(s.day, s.hour), end: hourOf(s.day, s.hour + s.length) });

/** Runs one command through the API and the model; throws when they disagree. */
async function step(model: Model, artistIds: string[], c: Command): Promise<number | undefined> {
  if (c.kind === "create") {
    const r = range(c.slot);
    const expected = FIRM.includes(c.status) && model.firmClash(c.artist, r) ? 409 : 201;
    const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send({ artistId: artistIds[c.artist], title: "Prop", status: c.status, start: iso(r.start), end: iso(r.end), force: true });
    expect({ command: c, status: res.status }).toEqual({ command: c, status: expected });
    if (res.status === 201) model.bookings.push({ seq: model.bookings.length, id: res.body.data.id, artist: c.artist, status: c.status, ...r });
    return c.artist;
  }
  if (!model.bookings.length) return undefined;
  const b = model.bookings[c.ref % model.bookings.length];
  if (c.kind === "move") {
    const r = range(c.slot);
    const final = TRANSITIONS[b.status].length === 0;
    const expected = final || (FIRM.includes(b.status) && model.firmClash(b.artist, r, b.id)) ? 409 : 200;
    const res = await request(t.app).patch(api(`/bookings/${b.id}`)).set(team.member.auth).send({ start: iso(r.start), end: iso(r.end), force: true });
    expect({ command: c, booking: b, status: res.status }).toEqual({ command: c, booking: b, status: expected });
    if (res.status === 200) Object.assign(b, r);
    return b.artist;
  }
  const to: Status = c.kind === "cancel" ? "CANCELLED" : c.to;
  let expected = 200;
  if (!TRANSITIONS[b.status].includes(to)) expected = 409;
  else if (b.status === "HOLD" && FIRM.includes(to) && (model.rank(b) ?? 1) > 1 && !(c.kind === "status" && c.force)) expected = 409;
  else if (FIRM.includes(to) && !FIRM.includes(b.status) && model.firmClash(b.artist, b, b.id)) expected = 409;
  const res =
    c.kind === "cancel"
      ? await request(t.app).delete(api(`/bookings/${b.id}`)).set(team.member.auth)
      : await request(t.app).post(api(`/bookings/${b.id}/status`)).set(c.force ? team.admin.auth : team.member.auth).send({ status: to, ...(c.force ? { force: true } : {}) });
  expect({ command: c, booking: b, rank: model.rank(b), status: res.status }).toEqual({ command: c, booking: b, rank: model.rank(b), status: expected });
  if (res.status === 200) b.status = to;
  return b.artist;
}

/** The API's view of one artist against the model: every booking's status, times and rank, and availability. */
async function check(model: Model, artistIds: string[], artist: number, after: Command) {
  const list = await request(t.app).get(api(`/artists/${artistIds[artist]}/bookings?perPage=100`)).set(team.viewer.auth);
  expect(list.status).toBe(200);
  const mine = model.bookings.filter((b) => b.artist === artist);
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  const actual = (list.body.data as Array<{ id: string; status: Status; nextStatuses: Status[]; start: string; end: string; holdRank: number | null }>)
    .map((b) => ({ id: b.id, status: b.status, nextStatuses: b.nextStatuses, start: b.start, end: b.end, holdRank: b.holdRank }))
    .sort(byId);
  // nextStatuses: what the model (this file's own table of SPEC §4.5) allows from the status.
  const expected = mine.map((b) => ({ id: b.id, status: b.status, nextStatuses: TRANSITIONS[b.status], start: iso(b.start), end: iso(b.end), holdRank: model.rank(b) })).sort(byId);
  expect({ after, bookings: actual }).toEqual({ after, bookings: expected });

  // Overlapping holds of one instant carry distinct ranks (a permutation by creation order when they all overlap each other).
  const holds = mine.filter((b) => b.status === "HOLD");
  for (const h of holds) {
    const clique = holds.filter((o) => o.start <= h.start && o.end > h.start);
    if (clique.every((x) => clique.every((y) => overlaps(x, y))) && clique.every((x) => holds.filter((o) => o.seq < x.seq && overlaps(o, x)).every((o) => clique.includes(o)))) {
      const ranks = clique.sort((x, y) => x.seq - y.seq).map((x) => actual.find((a) => a.id === x.id)?.holdRank);
      expect({ after, ranks }).toEqual({ after, ranks: clique.map((_, i) => i + 1) });
    }
  }

  const av = await request(t.app).get(api(`/artists/${artistIds[artist]}/availability?from=${DAYS[0]}&to=${DAYS[1]}`)).set(team.viewer.auth);
  expect(av.status).toBe(200);
  const busy = (av.body.data.busy as Array<{ start: string; end: string; booking: { id: string; status: Status } }>).map((x) => ({ id: x.booking.id, status: x.booking.status, start: x.start, end: x.end }));
  const firm = mine.filter((b) => FIRM.includes(b.status)).sort((x, y) => x.start - y.start || x.id.localeCompare(y.id));
  expect({ after, busy }).toEqual({ after, busy: firm.map((b) => ({ id: b.id, status: b.status, start: iso(b.start), end: iso(b.end) })) });
  expect({ after, free: av.body.data.free }).toEqual({ after, free: model.free(artist).map(([a, e]) => ({ start: iso(a), end: iso(e) })) });
}

describe("bookings against a reference model (fast-check)", () => {
  it("agrees with the model on decisions, ranks and availability after every command", async () => {
    const ARTISTS = 3;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb(ARTISTS), { minLength: 4, maxLength: 25 }), async (commands) => {
        const artistIds = await newArtists(ARTISTS);
        const model = new Model();
        for (const c of commands) {
          const touched = await step(model, artistIds, c);
          if (touched !== undefined) await check(model, artistIds, touched, c);
        }
        // No two firm bookings of one artist overlap, straight from the database.
        const clashes = await t.ctx.db.$queryRaw<Array<{ a: string }>>`
          SELECT x.id::text AS a FROM bookings x JOIN bookings y ON x.artist_id = y.artist_id AND x.id < y.id
             AND tstzrange(x.start_time, x.end_time, '[)') && tstzrange(y.start_time, y.end_time, '[)')
           WHERE x.artist_id = ANY(${artistIds}::uuid[]) AND x.status IN ('PENCIL', 'CONFIRMED') AND y.status IN ('PENCIL', 'CONFIRMED')`;
        expect(clashes).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 30), seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined, endOnFailure: false },
    );
  }, 300_000);
});
