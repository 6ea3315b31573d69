/**
 * Dates and instants across timezones: a date-only time off is a day in the
 * artist's timezone, shown as the same YYYY-MM-DD to a viewer whose own
 * timezone is Asia/Tokyo; 09:00–17:00 local on DST days is eight hours at
 * the instants the offsets before and after the change give.
 * (Jest cannot switch the process's TZ per file: process.env is a copy there.)
 */

import request from "supertest";
import { createTestApp, type TestApp } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";

let t: TestApp;
let team: Team;
const api = (p: string) => `/api/v1${p}`;
const HOUR = 3_600_000;
const everyDay = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));

async function newArtist(name: string, timezone: string): Promise<string> {
  const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(team.admin.auth).send({ name, timezone });
  expect(res.status).toBe(201);
  await request(t.app).put(api(`/artists/${res.body.data.id}/working-hours`)).set(team.admin.auth).send(everyDay).expect(200);
  return res.body.data.id;
}

beforeAll(async () => {
  t = await createTestApp();
  team = await createTeam(t.app, "Timezone studio");
  // The viewer lives in Tokyo.
  const me = await request(t.app).patch(api("/auth/me")).set(team.viewer.auth).send({ timezone: "Asia/Tokyo" });
  expect(me.status).toBe(200);
  expect(me.body.data.user.timezone).toBe("Asia/Tokyo");
});
afterAll(() => t.close());

describe("a date-only time off of a London artist, seen from Tokyo", () => {
  let artist: string;
  let timeOffId: string;
  beforeAll(async () => {
    artist = await newArtist("Lena London", "Europe/London");
    const res = await request(t.app).post(api(`/artists/${artist}/time-off`)).set(team.admin.auth).send({ startDate: "2026-07-10", endDate: "2026-07-10", reason: "Wedding" });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ startDate: "2026-07-10", endDate: "2026-07-10" });
    timeOffId = res.body.data.id;
  });

  it("stays 2026-07-10 in the time-off list", async () => {
    const res = await request(t.app).get(api(`/artists/${artist}/time-off`)).set(team.viewer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([expect.objectContaining({ id: timeOffId, startDate: "2026-07-10", endDate: "2026-07-10", reason: "Wedding" })]);
  });

  it("stays 2026-07-10 in the calendar, which places it on London's day (23:00Z to 23:00Z in summer)", async () => {
    const timeOffIn = async (from: string, to: string) => {
      const res = await request(t.app).get(api(`/workspaces/${team.workspaceId}/calendar?from=${from}&to=${to}&artistId=${artist}`)).set(team.viewer.auth);
      expect(res.status).toBe(200);
      return res.body.data.artists[0].timeOff;
    };
    expect(await timeOffIn("2026-07-06T00:00:00Z", "2026-07-13T00:00:00Z")).toEqual([{ id: timeOffId, startDate: "2026-07-10", endDate: "2026-07-10", reason: "Wedding" }]);
    // Tokyo's 10 July starts 2026-07-09T15:00Z and UTC's at 00:00Z; London's only at 23:00Z.
    expect(await timeOffIn("2026-07-09T14:00:00Z", "2026-07-09T23:00:00Z")).toEqual([]);
    expect(await timeOffIn("2026-07-09T22:00:00Z", "2026-07-09T23:00:01Z")).toHaveLength(1);
    // …and it ends at London's midnight, 2026-07-10T23:00Z, not at UTC's.
    expect(await timeOffIn("2026-07-10T22:59:59Z", "2026-07-11T06:00:00Z")).toHaveLength(1);
    expect(await timeOffIn("2026-07-10T23:00:00Z", "2026-07-11T06:00:00Z")).toEqual([]);
  });

  it("stays 2026-07-10 in availability and removes London's 10 July working hours only", async () => {
    const res = await request(t.app).get(api(`/artists/${artist}/availability?from=2026-07-09&to=2026-07-11`)).set(team.viewer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.timeOff).toEqual([{ id: timeOffId, startDate: "2026-07-10", endDate: "2026-07-10", start: "2026-07-09T23:00:00.000Z", end: "2026-07-10T23:00:00.000Z" }]);
    expect(res.body.data.free).toEqual([
      { start: "2026-07-09T08:00:00.000Z", end: "2026-07-09T16:00:00.000Z" },
      { start: "2026-07-11T08:00:00.000Z", end: "2026-07-11T16:00:00.000Z" },
    ]);
  });
});

/**
 * 09:00–17:00 local on the DST days: eight hours, and the UTC instants the
 * offsets before and after the change give.
 */
const cases = [
  { zone: "Europe/London", day: "2026-03-29", dayHours: 23, start: "2026-03-29T08:00:00.000Z", before: { day: "2026-03-28", start: "2026-03-28T09:00:00.000Z" }, midnight: "2026-03-29T00:00:00.000Z" },
  { zone: "Europe/London", day: "2026-10-25", dayHours: 25, start: "2026-10-25T09:00:00.000Z", before: { day: "2026-10-24", start: "2026-10-24T08:00:00.000Z" }, midnight: "2026-10-24T23:00:00.000Z" },
  { zone: "America/New_York", day: "2026-03-08", dayHours: 23, start: "2026-03-08T13:00:00.000Z", before: { day: "2026-03-07", start: "2026-03-07T14:00:00.000Z" }, midnight: "2026-03-08T05:00:00.000Z" },
  { zone: "America/New_York", day: "2026-11-01", dayHours: 25, start: "2026-11-01T14:00:00.000Z", before: { day: "2026-10-31", start: "2026-10-31T13:00:00.000Z" }, midnight: "2026-11-01T04:00:00.000Z" },
];

describe.each(cases)("09:00–17:00 in $zone on $day (a $dayHours-hour day)", ({ zone, day, dayHours, start, before, midnight }) => {
  let artist: string;
  const end = new Date(Date.parse(start) + 8 * HOUR).toISOString();
  beforeAll(async () => {
    artist = await newArtist(`Artist ${zone} ${day}`, zone);
  });
  const availability = (q: string) => request(t.app).get(api(`/artists/${artist}/availability?${q}`)).set(team.viewer.auth);

  it("has the day's length and its working hours at the right instants, the day before at the old offset", async () => {
    const res = await availability(`from=${before.day}&to=${day}`);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.data.to) - Date.parse(midnight)).toBe(dayHours * HOUR);
    expect(res.body.data.free).toEqual([
      { start: before.start, end: new Date(Date.parse(before.start) + 8 * HOUR).toISOString() },
      { start, end },
    ]);
  });

  it("books 09:00–17:00 local without force (inside working hours), eight hours, and refuses it an hour off", async () => {
    const shifted = await request(t.app)
      .post(api(`/workspaces/${team.workspaceId}/bookings`))
      .set(team.member.auth)
      .send({ artistId: artist, title: "Shifted", status: "CONFIRMED", start: new Date(Date.parse(start) + HOUR).toISOString(), end: new Date(Date.parse(end) + HOUR).toISOString() });
    expect(shifted.status).toBe(409);
    expect(shifted.body.error.details[0].message).toMatch(/outside .* working hours/);

    const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send({ artistId: artist, title: "DST day", status: "CONFIRMED", start, end });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ start, end, force: false });
    expect(Date.parse(res.body.data.end) - Date.parse(res.body.data.start)).toBe(8 * HOUR);

    const av = await availability(`from=${day}&to=${day}`);
    expect(av.body.data.busy).toEqual([{ start, end, booking: expect.objectContaining({ id: res.body.data.id, status: "CONFIRMED" }) }]);
    expect(av.body.data.free).toEqual([]);

    const cal = await request(t.app).get(api(`/workspaces/${team.workspaceId}/calendar?from=${midnight}&to=${new Date(Date.parse(midnight) + dayHours * HOUR).toISOString()}&artistId=${artist}`)).set(team.viewer.auth);
    expect(cal.status).toBe(200);
    expect(cal.body.data.bookings).toEqual([expect.objectContaining({ id: res.body.data.id, start, end, artistName: `Artist ${zone} ${day}` })]);
  });
});
