import type { Pool } from "pg";
import request from "supertest";
import { sqlOf } from "../../src/db/client";
import { insertBooking } from "../../src/modules/bookings/booking-insert";
import { createTestApp, type TestApp, type TestUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import { createTeam, type Team } from "../helpers/team";

/**
 * Races against real PostgreSQL: the application's checks race, the
 * exclusion constraint and versioned writes must not. Every answer is 200 or
 * 409 (never a 5xx), and the database never holds two overlapping firm
 * bookings of one artist.
 */

let t: TestApp;
let team: Team;
const api = (p: string) => `/api/v1${p}`;

/** What the races look at of a booking. */
type B = { id: string; status: string; version: number; holdRank: number | null };

beforeAll(async () => {
  t = await createTestApp();
  team = await createTeam(t.app, "Race studio");
});
afterAll(() => t.close());

async function newArtist(name: string): Promise<string> {
  const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(team.admin.auth).send({ name, timezone: "UTC" });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

const at = (day: number, hour: number) => new Date(Date.UTC(2027, 5, day, hour)).toISOString();

async function book(artistId: string, status: string, start: string, end: string, title = "Shot"): Promise<B> {
  const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send({ artistId, title, status, start, end });
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
  return res.body.data;
}

const setStatus = (who: TestUser, id: string, body: Record<string, unknown>) => request(t.app).post(api(`/bookings/${id}/status`)).set(who.auth).send(body);
const patch = (who: TestUser, id: string, body: Record<string, unknown>) => request(t.app).patch(api(`/bookings/${id}`)).set(who.auth).send(body);

/** Pairs of the artist's firm bookings that overlap, straight from the database. */
async function firmOverlaps(artistId: string) {
  return t.ctx.db.$queryRaw<Array<{ a: string; b: string }>>`
    SELECT x.id::text AS a, y.id::text AS b FROM bookings x JOIN bookings y
      ON x.artist_id = y.artist_id AND x.id < y.id
     AND tstzrange(x.start_time, x.end_time, '[)') && tstzrange(y.start_time, y.end_time, '[)')
     WHERE x.artist_id = ${artistId}::uuid AND x.status IN ('PENCIL', 'CONFIRMED') AND y.status IN ('PENCIL', 'CONFIRMED')`;
}

const statuses = (responses: request.Response[]) => responses.map((r) => r.status).sort((a, b) => a - b);

describe("bookings under concurrent requests", () => {
  it("30 parallel creates of one firm slot: one 201, 29 × 409 naming it, and the refusals keep their database connections", async () => {
    const artistId = await newArtist("Crowded");
    const pool = sqlOf(t.ctx.db) as unknown as Pool;
    // Warm the pool up to its size, so any connection made during the race is a replacement.
    await Promise.all(Array.from({ length: 12 }, () => pool.query("SELECT pg_sleep(0.05)")));
    let opened = 0;
    const onConnect = () => opened++;
    pool.on("connect", onConnect);
    try {
      const body = { artistId, title: "Same slot", status: "CONFIRMED", start: at(20, 9), end: at(20, 17) };
      const responses = await Promise.all(Array.from({ length: 30 }, () => request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send(body)));
      expect(statuses(responses)).toEqual([201, ...Array(29).fill(409)]);
      const winner = responses.find((r) => r.status === 201)!.body.data.id;
      // Whether a loser raced the winner (the constraint refused it) or came after it (the pre-check did), the 409 names the same booking.
      // A loser may also have been aborted by PostgreSQL's deadlock detector (two inserts that each saw the other): it too names the winner.
      for (const r of responses.filter((x) => x.status === 409)) expect(r.body.error.details[0]).toEqual({ field: "start", message: "overlaps the confirmed booking “Same slot”", bookingId: winner, artistId, start: at(20, 9), end: at(20, 17), status: "CONFIRMED", artistName: "Crowded", reason: "firm_booking" });
      const late = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send(body);
      expect({ status: late.status, detail: late.body.error?.details?.[0] }).toEqual({ status: 409, detail: responses.find((x) => x.status === 409)!.body.error.details[0] });
      expect(await firmOverlaps(artistId)).toEqual([]);
      // pg's pool.query() closes a connection whose statement failed; a refused booking is an answer, not a broken connection.
      expect(opened).toBe(0);
    } finally {
      pool.off("connect", onConnect);
    }
  });

  it("overlapping firm inserts queue behind the artist's lock: the second never waits for the first's row, so two can never deadlock, and it names the first", async () => {
    const artistId = await newArtist("Queued");
    const pool = sqlOf(t.ctx.db) as unknown as Pool;
    const [first, second] = [await pool.connect(), await pool.connect()];
    const slot = { workspaceId: team.workspaceId, artistId, projectId: null, title: "Slot", notes: null, start: new Date(at(21, 9)), end: new Date(at(21, 17)), status: "CONFIRMED" as const, holdExpiresAt: null, force: false, createdById: team.member.id };
    try {
      await first.query("BEGIN");
      const written = await insertBooking(first, slot); // not committed yet
      const pid = (await second.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      const outcome = insertBooking(second, { ...slot, title: "Same slot" }).then((o) => (o.refused ? { refusedFor: o.refused.inTheWay?.id } : "inserted"), (err: { code?: string }) => err.code);
      // Without the lock it would have written its row and then waited on the first's transaction
      // (locktype transactionid): two such inserts waiting on each other is a deadlock, broken only after 1 s.
      const waitingOn = await eventually(async () => (await pool.query<{ locktype: string }>("SELECT locktype FROM pg_locks WHERE pid = $1 AND NOT granted", [pid])).rows[0]?.locktype ?? false, { what: "the second insert waiting" });
      expect(waitingOn).toBe("advisory");
      await first.query("COMMIT");
      // Refused by the exclusion constraint (ON CONFLICT DO NOTHING), and the same statement saw the row committed while it waited.
      expect(await outcome).toEqual({ refusedFor: written.booking!.id });
      expect(await firmOverlaps(artistId)).toEqual([]);
    } finally {
      await first.query("ROLLBACK").catch(() => undefined);
      first.release();
      second.release();
    }
  });

  it("20 parallel promotions of 20 overlapping holds: exactly one 200, nineteen 409, one CONFIRMED", async () => {
    const artist = await newArtist("Contended Carla");
    const holds: B[] = [];
    // Overlapping, not identical: each starts an hour after the last and they all share 19:00–20:00.
    for (let i = 0; i < 20; i++) holds.push(await book(artist, "HOLD", at(1, i), at(1, 20 + i), `Hold ${i + 1}`));
    expect(holds.map((h) => h.holdRank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const responses = await Promise.all(holds.map((h) => setStatus(team.admin, h.id, { status: "CONFIRMED", version: h.version, force: true })));
    expect(statuses(responses)).toEqual([200, ...Array(19).fill(409)]);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.error.code).toBe("CONFLICT");
    const winner = responses.find((r) => r.status === 200)!.body.data as B;
    expect(winner).toMatchObject({ status: "CONFIRMED", holdRank: null });

    const rows = await t.ctx.db.booking.findMany({ where: { artistId: artist } });
    expect(rows.filter((b) => b.status === "CONFIRMED").map((b) => b.id)).toEqual([winner.id]);
    expect(rows.filter((b) => b.status === "HOLD")).toHaveLength(19);
    expect(await firmOverlaps(artist)).toEqual([]);
    // The losers were not touched: their versions are as created, and the winner moved up by exactly one.
    for (const b of rows) expect(b.version).toBe(b.id === winner.id ? 2 : 1);
    // The remaining holds are ranked 1..19 by creation again.
    const left = await Promise.all(holds.filter((h) => h.id !== winner.id).map((h) => request(t.app).get(api(`/bookings/${h.id}`)).set(team.viewer.auth)));
    expect(left.map((r) => r.body.data.holdRank)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
  });

  it("a move into a slot racing a confirm of the hold there: one wins, the other is 409, never two firm bookings overlap", async () => {
    const artist = await newArtist("Racing Rita");
    for (let round = 0; round < 8; round++) {
      const day = 2 + round;
      const hold = await book(artist, "HOLD", at(day, 9), at(day, 13), `Hold ${round}`);
      const pencil = await book(artist, "PENCIL", at(day, 14), at(day, 18), `Pencil ${round}`);
      // Alternate who is sent first; both are in flight together.
      const move = () => patch(team.member, pencil.id, { start: at(day, 10), end: at(day, 12), version: pencil.version });
      const confirm = () => setStatus(team.member, hold.id, { status: "CONFIRMED", version: hold.version });
      const [moved, confirmed] = round % 2 ? await Promise.all([move(), confirm()]) : await Promise.all([confirm(), move()]).then(([c, m]) => [m, c]);
      expect({ round, statuses: statuses([moved, confirmed]) }).toEqual({ round, statuses: [200, 409] });

      const [h, p] = await Promise.all([t.ctx.db.booking.findUniqueOrThrow({ where: { id: hold.id } }), t.ctx.db.booking.findUniqueOrThrow({ where: { id: pencil.id } })]);
      if (moved.status === 200) {
        expect(moved.body.data).toMatchObject({ start: at(day, 10), end: at(day, 12), version: pencil.version + 1 });
        expect(confirmed.body.error.details[0]).toMatchObject({ bookingId: pencil.id, status: "PENCIL" });
        expect({ hold: [h.status, h.version], pencil: [p.status, p.version, p.startTime.toISOString()] }).toEqual({ hold: ["HOLD", hold.version], pencil: ["PENCIL", pencil.version + 1, at(day, 10)] });
      } else {
        expect(confirmed.body.data).toMatchObject({ status: "CONFIRMED", version: hold.version + 1 });
        expect(moved.body.error.details[0]).toMatchObject({ bookingId: hold.id, status: "CONFIRMED" });
        expect({ hold: [h.status, h.version], pencil: [p.status, p.version, p.startTime.toISOString()] }).toEqual({ hold: ["CONFIRMED", hold.version + 1], pencil: ["PENCIL", pencil.version, at(day, 14)] });
      }
      expect(await firmOverlaps(artist)).toEqual([]);
    }
  });

  it("a double-submitted PATCH with the same version: one 200, one 409 with the current booking", async () => {
    const artist = await newArtist("Double Dan");
    for (let round = 0; round < 5; round++) {
      const b = await book(artist, round % 2 ? "HOLD" : "CONFIRMED", at(12 + round, 9), at(12 + round, 12));
      const body = { start: at(12 + round, 10), end: at(12 + round, 13), title: `Moved ${round}`, version: b.version };
      const responses = await Promise.all([patch(team.member, b.id, body), patch(team.member, b.id, body)]);
      expect({ round, statuses: statuses(responses) }).toEqual({ round, statuses: [200, 409] });
      const lost = responses.find((r) => r.status === 409)!;
      expect(lost.body.error.code).toBe("CONFLICT");
      expect(lost.body.error.details).toEqual([expect.objectContaining({ field: "version" })]);
      expect(lost.body.error.current).toMatchObject({ id: b.id, version: b.version + 1, start: at(12 + round, 10) });
      const row = await t.ctx.db.booking.findUniqueOrThrow({ where: { id: b.id } });
      expect({ version: row.version, start: row.startTime.toISOString(), title: row.title }).toEqual({ version: b.version + 1, start: at(12 + round, 10), title: `Moved ${round}` });
      expect(await t.ctx.db.bookingEvent.count({ where: { bookingId: b.id, type: "moved" } })).toBe(1);
    }
  });
});
