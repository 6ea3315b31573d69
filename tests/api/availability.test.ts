import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";

let t: TestApp;
let team: Team;
let other: Team;
const api = (p: string) => `/api/v1${p}`;
const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));

async function newArtist(timezone: string, ws = team) {
  const res = await request(t.app).post(api(`/workspaces/${ws.workspaceId}/artists`)).set(ws.admin.auth).send({ name: `Artist ${timezone}`, timezone, dayRate: 40000, currency: "GBP" });
  expect(res.status).toBe(201);
  await request(t.app).put(api(`/artists/${res.body.data.id}/working-hours`)).set(ws.admin.auth).send(weekdays).expect(200);
  return res.body.data.id as string;
}

async function book(artistId: string, start: string, end: string, status = "CONFIRMED", extra: Record<string, unknown> = {}) {
  const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send({ artistId, title: `${status} ${start}`, start, end, status, ...extra });
  expect(res.status).toBe(201);
  return res.body.data as { id: string };
}

type Free = Array<{ start: string; end: string }>;
const freeOn = (free: Free, day: string) => free.filter((f) => f.start.startsWith(day));
const availability = (artistId: string, q: string, who = team.viewer) => request(t.app).get(api(`/artists/${artistId}/availability?${q}`)).set(who.auth);

let london: string;
let newYork: string;

beforeAll(async () => {
  t = await createTestApp();
  [team, other] = await Promise.all([createTeam(t.app, "Availability"), createTeam(t.app, "Elsewhere")]);
  [london, newYork] = await Promise.all([newArtist("Europe/London"), newArtist("America/New_York")]);
});
afterAll(() => t.close());

describe("GET /artists/:id/availability", () => {
  it("refuses bad ranges naming the field, and answers 404 across workspaces", async () => {
    const cases: Array<[string, string]> = [
      ["from=2026-03-27T10:00:00Z&to=2026-03-27T09:00:00Z", "to"],
      ["from=2026-03-27T10:00:00Z&to=2026-03-27T10:00:00Z", "to"],
      ["from=2026-03-28&to=2026-03-27", "to"],
      ["from=2026-01-01&to=2027-01-05", "to"],
      ["from=yesterday&to=2026-03-27", "from"],
      ["from=2026-03-27", "to"],
    ];
    for (const [q, field] of cases) {
      const e = expectError(await availability(london, q), 400, "VALIDATION_ERROR");
      expect(e.details?.map((d) => d.field)).toContain(field);
    }
    expect((await availability(london, "from=2026-01-01&to=2026-12-31")).status).toBe(200);
    expectError(await availability("00000000-0000-4000-8000-000000000000", "from=2026-03-23&to=2026-03-27"), 404, "NOT_FOUND");
    for (const who of [other.owner, team.outsider]) expectError(await availability(london, "from=2026-03-23&to=2026-03-27", who), 404, "NOT_FOUND");
  });

  it("keeps 09:00–17:00 local across the DST change: Europe/London 2026-03-29, America/New_York 2026-03-08", async () => {
    const ldn = await availability(london, "from=2026-03-23&to=2026-04-03");
    expect(ldn.status).toBe(200);
    expect(ldn.body.data).toMatchObject({ timezone: "Europe/London", from: "2026-03-23T00:00:00.000Z", to: "2026-04-03T23:00:00.000Z", includeHolds: false });
    expect(freeOn(ldn.body.data.free, "2026-03-27")).toEqual([{ start: "2026-03-27T09:00:00.000Z", end: "2026-03-27T17:00:00.000Z" }]);
    expect(freeOn(ldn.body.data.free, "2026-03-28")).toEqual([]);
    expect(freeOn(ldn.body.data.free, "2026-03-29")).toEqual([]);
    expect(freeOn(ldn.body.data.free, "2026-03-30")).toEqual([{ start: "2026-03-30T08:00:00.000Z", end: "2026-03-30T16:00:00.000Z" }]);
    expect(ldn.body.data.free).toHaveLength(10);

    const ny = await availability(newYork, "from=2026-03-06T00:00:00Z&to=2026-03-10T00:00:00Z");
    expect(ny.body.data.free).toEqual([
      { start: "2026-03-06T14:00:00.000Z", end: "2026-03-06T22:00:00.000Z" },
      { start: "2026-03-09T13:00:00.000Z", end: "2026-03-09T21:00:00.000Z" },
    ]);
  });

  it("removes whole local days of time off and busy bookings; holds only with includeHolds=true", async () => {
    const artist = await newArtist("Europe/London");
    await request(t.app).post(api(`/artists/${artist}/time-off`)).set(team.admin.auth).send({ startDate: "2026-03-31", endDate: "2026-04-01" }).expect(201);
    const confirmed = await book(artist, "2026-03-30T10:00:00Z", "2026-03-30T12:00:00Z");
    const hold = await book(artist, "2026-04-02T13:00:00Z", "2026-04-02T14:00:00Z", "HOLD");

    const res = await availability(artist, "from=2026-03-30&to=2026-04-02");
    expect(res.status).toBe(200);
    const { free, busy, timeOff } = res.body.data;
    expect(free).toEqual([
      { start: "2026-03-30T08:00:00.000Z", end: "2026-03-30T10:00:00.000Z" },
      { start: "2026-03-30T12:00:00.000Z", end: "2026-03-30T16:00:00.000Z" },
      { start: "2026-04-02T08:00:00.000Z", end: "2026-04-02T16:00:00.000Z" },
    ]);
    expect(busy).toEqual([{ start: "2026-03-30T10:00:00.000Z", end: "2026-03-30T12:00:00.000Z", booking: { id: confirmed.id, title: expect.any(String), status: "CONFIRMED", holdRank: null } }]);
    expect(timeOff).toEqual([expect.objectContaining({ startDate: "2026-03-31", endDate: "2026-04-01", start: "2026-03-30T23:00:00.000Z", end: "2026-04-01T23:00:00.000Z" })]);

    const withHolds = (await availability(artist, "from=2026-04-02&to=2026-04-02&includeHolds=true")).body.data;
    expect(withHolds.busy).toEqual([expect.objectContaining({ booking: expect.objectContaining({ id: hold.id, status: "HOLD", holdRank: 1 }) })]);
    expect(withHolds.free).toEqual([
      { start: "2026-04-02T08:00:00.000Z", end: "2026-04-02T13:00:00.000Z" },
      { start: "2026-04-02T14:00:00.000Z", end: "2026-04-02T16:00:00.000Z" },
    ]);
  });
});

describe("POST /workspaces/:id/availability/check", () => {
  it("answers per artist: free or not, the conflicts and the next free slot of the requested length", async () => {
    const artist = await newArtist("Europe/London");
    const busy = await book(artist, "2026-03-26T10:00:00Z", "2026-03-26T12:00:00Z");
    const check = (body: Record<string, unknown>, path = "availability/check", who = team.viewer) => request(t.app).post(api(`/workspaces/${team.workspaceId}/${path}`)).set(who.auth).send(body);

    const res = await check({ artistIds: [artist, newYork], start: "2026-03-26T11:00:00Z", end: "2026-03-26T12:00:00Z" });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { artistId: artist, available: false, outsideHours: false, timeOffIds: [], conflicts: [{ bookingId: busy.id, status: "CONFIRMED", start: "2026-03-26T10:00:00.000Z", end: "2026-03-26T12:00:00.000Z" }], nextFreeSlot: { start: "2026-03-26T12:00:00.000Z", end: "2026-03-26T13:00:00.000Z" } },
      // 07:00 in New York (EDT since 8 March): outside hours until 09:00 EDT = 13:00Z.
      { artistId: newYork, available: false, outsideHours: true, timeOffIds: [], conflicts: [], nextFreeSlot: { start: "2026-03-26T13:00:00.000Z", end: "2026-03-26T14:00:00.000Z" } },
    ]);

    // A whole working day: Thursday has only 5 free hours left, Friday fits; across the DST change Monday starts at 08:00Z.
    const day = await check({ artistIds: [artist], start: "2026-03-26T11:00:00Z", end: "2026-03-26T12:00:00Z", durationMinutes: 480 }, "bookings/check-availability");
    expect(day.body.data[0].nextFreeSlot).toEqual({ start: "2026-03-27T09:00:00.000Z", end: "2026-03-27T17:00:00.000Z" });
    const free = await check({ artistIds: [artist], start: "2026-03-30T08:00:00Z", end: "2026-03-30T16:00:00Z" });
    expect(free.body.data[0]).toMatchObject({ available: true, conflicts: [], nextFreeSlot: { start: "2026-03-30T08:00:00.000Z", end: "2026-03-30T16:00:00.000Z" } });
    const never = await check({ artistIds: [artist], start: "2026-03-26T11:00:00Z", end: "2026-03-26T12:00:00Z", durationMinutes: 600 });
    expect(never.body.data[0].nextFreeSlot).toBeNull();

    const foreign = await newArtist("UTC", other);
    for (const ids of [[artist, foreign], ["00000000-0000-4000-8000-000000000000"]]) expectError(await check({ artistIds: ids, start: "2026-03-26T11:00:00Z", end: "2026-03-26T12:00:00Z" }), 404, "NOT_FOUND");
    expectError(await check({ artistIds: [artist], start: "2026-03-26T11:00:00Z", end: "2026-03-26T12:00:00Z" }, "availability/check", other.owner), 404, "NOT_FOUND");
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ artistIds: [artist], start: "2026-03-26T12:00:00Z", end: "2026-03-26T11:00:00Z" }, "end"],
      [{ artistIds: [], start: "2026-03-26T11:00:00Z", end: "2026-03-26T12:00:00Z" }, "artistIds"],
      [{ artistIds: Array.from({ length: 51 }, () => artist), start: "2026-03-26T11:00:00Z", end: "2026-03-26T12:00:00Z" }, "artistIds"],
      [{ artistIds: [artist], start: "2026-03-26T11:00:00Z", end: "2026-03-26T12:00:00Z", durationMinutes: 0 }, "durationMinutes"],
    ];
    for (const [body, field] of bad) {
      const e = expectError(await check(body), 400, "VALIDATION_ERROR");
      expect(e.details?.map((d) => d.field)).toContain(field);
    }
  });
});

describe("artist and project booking lists, booked cost", () => {
  it("lists an artist's and a project's bookings with the workspace list's filters; meta.bookedCost per currency by local days", async () => {
    const project = (await request(t.app).post(api(`/workspaces/${team.workspaceId}/projects`)).set(team.owner.auth).send({ name: "Costed", key: "COST" })).body.data.id as string;
    const ldn = await newArtist("Europe/London");
    const nyRes = await request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(team.admin.auth).send({ name: "NY", timezone: "America/New_York", dayRate: 50000, currency: "USD" });
    const ny = nyRes.body.data.id as string;
    const unpriced = (await request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(team.admin.auth).send({ name: "Free", timezone: "UTC" })).body.data.id as string;
    const p = { projectId: project, force: true };
    // London, 40000 GBP a day: two bookings on Monday 6 April = 1 day, Wednesday–Thursday = 2 days; a hold and a cancelled booking count nothing.
    const monday = await book(ldn, "2026-04-06T09:00:00Z", "2026-04-06T11:00:00Z", "CONFIRMED", p);
    await book(ldn, "2026-04-06T13:00:00Z", "2026-04-06T15:00:00Z", "PENCIL", p);
    await book(ldn, "2026-04-08T08:00:00Z", "2026-04-09T16:00:00Z", "PENCIL", p);
    await book(ldn, "2026-04-10T09:00:00Z", "2026-04-10T10:00:00Z", "HOLD", p);
    const cancelled = await book(ldn, "2026-04-13T09:00:00Z", "2026-04-13T10:00:00Z", "CONFIRMED", p);
    await request(t.app).delete(api(`/bookings/${cancelled.id}`)).set(team.member.auth).expect(200);
    await book(ldn, "2026-04-14T09:00:00Z", "2026-04-14T10:00:00Z", "CONFIRMED"); // another project's (none)
    // New York, 50000 USD: 19:00–21:00 EDT on 6 April spans two UTC days but one local day; 16:00 to midnight on 7 April is one day.
    await book(ny, "2026-04-06T23:00:00Z", "2026-04-07T01:00:00Z", "CONFIRMED", p);
    await book(ny, "2026-04-07T20:00:00Z", "2026-04-08T04:00:00Z", "PENCIL", p);
    await book(unpriced, "2026-04-06T09:00:00Z", "2026-04-07T09:00:00Z", "CONFIRMED", p);

    const list = await request(t.app).get(api(`/projects/${project}/bookings?perPage=2`)).set(team.viewer.auth);
    expect(list.status).toBe(200);
    expect(list.body.meta).toMatchObject({ page: 1, perPage: 2, total: 8, bookedCost: [{ amount: 120000, currency: "GBP" }, { amount: 100000, currency: "USD" }] });
    expect(list.body.data).toHaveLength(2);
    const confirmedOnly = await request(t.app).get(api(`/projects/${project}/bookings?status=CONFIRMED&artistId=${ldn}`)).set(team.viewer.auth);
    expect(confirmedOnly.body.data.map((b: { id: string }) => b.id)).toEqual([monday.id]);
    expect(confirmedOnly.body.meta.bookedCost).toEqual(list.body.meta.bookedCost);

    const artistList = await request(t.app).get(api(`/artists/${ldn}/bookings?from=2026-04-07T00:00:00Z&to=2026-04-11T00:00:00Z`)).set(team.viewer.auth);
    expect(artistList.status).toBe(200);
    expect(artistList.body.data.map((b: { status: string; holdRank: number | null }) => [b.status, b.holdRank])).toEqual([["PENCIL", null], ["HOLD", 1]]);
    expect(artistList.body.meta.total).toBe(2);
    expect((await request(t.app).get(api(`/artists/${ldn}/bookings?projectId=${project}`)).set(team.viewer.auth)).body.meta.total).toBe(5);
    expectError(await request(t.app).get(api(`/artists/${ldn}/bookings?from=2026-04-11T00:00:00Z&to=2026-04-07T00:00:00Z`)).set(team.viewer.auth), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).get(api(`/artists/${ldn}/bookings?artistId=${ldn}`)).set(team.viewer.auth), 400, "VALIDATION_ERROR");

    for (const who of [other.owner, team.outsider]) {
      expectError(await request(t.app).get(api(`/projects/${project}/bookings`)).set(who.auth), 404, "NOT_FOUND");
      expectError(await request(t.app).get(api(`/artists/${ldn}/bookings`)).set(who.auth), 404, "NOT_FOUND");
    }
    const empty = (await request(t.app).post(api(`/workspaces/${team.workspaceId}/projects`)).set(team.owner.auth).send({ name: "Empty", key: "EMPT" })).body.data.id as string;
    expect((await request(t.app).get(api(`/projects/${empty}/bookings`)).set(team.viewer.auth)).body.meta).toMatchObject({ total: 0, bookedCost: [] });
  });
});
