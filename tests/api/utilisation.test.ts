import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";
import type { components } from "../../client/src/lib/api-schema";

let t: TestApp;
let team: Team;
let other: Team;
const api = (p: string) => `/api/v1${p}`;
const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));
/** Mon–Fri 09:00–17:00 and all of Sunday: the DST Sunday is 23 hours long. */
const withSundays = [{ weekday: 0, start: "00:00", end: "24:00" }, ...weekdays];

async function newArtist(name: string, timezone = "UTC", opts: { hours?: unknown[]; skills?: string[]; ws?: Team } = {}) {
  const ws = opts.ws ?? team;
  const res = await request(t.app).post(api(`/workspaces/${ws.workspaceId}/artists`)).set(ws.admin.auth).send({ name, timezone, skills: opts.skills ?? [], color: "#112233" });
  expect(res.status).toBe(201);
  await request(t.app).put(api(`/artists/${res.body.data.id}/working-hours`)).set(ws.admin.auth).send(opts.hours ?? weekdays).expect(200);
  return res.body.data.id as string;
}

async function book(artistId: string, start: string, end: string, status = "CONFIRMED", extra: Record<string, unknown> = {}) {
  const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send({ artistId, title: `${status} ${start}`, start, end, status, ...extra });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; version: number };
}

const report = (q: string, who = team.viewer, ws = team.workspaceId) => request(t.app).get(api(`/workspaces/${ws}/reports/utilisation?${q}`)).set(who.auth);

type Report = components["schemas"]["UtilisationReport"];
/** One artist's row of the report, typed from the OpenAPI document. */
type ArtistRow = Report["artists"][number];

async function rowOf(artistId: string, q: string): Promise<ArtistRow> {
  const res = await report(`${q}&artistId=${artistId}`);
  expect(res.status).toBe(200);
  expect(res.body.data.artists).toHaveLength(1);
  return res.body.data.artists[0];
}

const zero = { confirmedHours: 0, pencilHours: 0, holdHours: 0, usedHours: 0, overbookedHours: 0 };

beforeAll(async () => {
  t = await createTestApp();
  [team, other] = await Promise.all([createTeam(t.app, "Utilisation"), createTeam(t.app, "Elsewhere")]);
});
afterAll(() => t.close());

describe("GET /workspaces/:id/reports/utilisation", () => {
  it("refuses bad ranges naming the field; 404 across workspaces and for foreign artist ids; viewers read", async () => {
    const artist = await newArtist("Range check");
    const cases: Array<[string, string]> = [
      ["from=2026-03-09&to=2026-03-08", "to"],
      ["from=2026-01-05&to=2027-01-11", "to"], // 54 ISO weeks
      ["from=2026-03-09", "to"],
      ["to=2026-03-09", "from"],
      ["from=2026-02-30&to=2026-03-09", "from"],
      ["from=2026-03-02T00:00:00Z&to=2026-03-09", "from"],
      ["from=2026-03-02&to=2026-03-09&includeHolds=yes", "includeHolds"],
      ["from=2026-03-02&to=2026-03-09&format=xml", "format"],
      ["from=2026-03-02&to=2026-03-09&artistId=not-a-uuid", "artistId"],
      [`from=2026-03-02&to=2026-03-09&artistId=${artist},nope`, "artistId"],
      ["from=2026-03-02&to=2026-03-09&colour=red", "colour"],
    ];
    for (const [q, field] of cases) {
      const e = expectError(await report(q), 400, "VALIDATION_ERROR");
      expect(e.details?.map((d) => d.field).join(" ")).toContain(field);
    }
    // 53 ISO weeks is the limit; a single day is a range.
    const long = await report("from=2026-01-05&to=2027-01-10");
    expect(long.status).toBe(200);
    expect(long.body.data.weeks).toHaveLength(53);
    expect((await report("from=2026-03-04&to=2026-03-04")).body.data.weeks).toEqual([{ week: "2026-W10", start: "2026-03-04", end: "2026-03-04" }]);

    for (const who of [other.owner, team.outsider]) expectError(await report("from=2026-03-02&to=2026-03-08", who), 404, "NOT_FOUND");
    expectError(await report("from=2026-03-02&to=2026-03-08", team.owner, "00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
    const foreign = await newArtist("Foreign", "UTC", { ws: other });
    for (const ids of [foreign, `${artist},${foreign}`, "00000000-0000-4000-8000-000000000000"]) expectError(await report(`from=2026-03-02&to=2026-03-08&artistId=${ids}`), 404, "NOT_FOUND");
    const viewer = await report(`from=2026-03-02&to=2026-03-08&artistId=${artist}`, team.viewer);
    expect(viewer.status).toBe(200);
    expect(viewer.body.data).toMatchObject({ from: "2026-03-02", to: "2026-03-08", includeHolds: false, weeks: [{ week: "2026-W10", start: "2026-03-02", end: "2026-03-08" }] });
  });

  it("counts a plain week: 40 available hours, confirmed, pencil and hold apart; holds used only with includeHolds", async () => {
    const artist = await newArtist("Plain week");
    await book(artist, "2026-06-01T09:00:00Z", "2026-06-01T17:00:00Z", "CONFIRMED");
    await book(artist, "2026-06-02T09:00:00Z", "2026-06-02T13:00:00Z", "PENCIL");
    await book(artist, "2026-06-03T09:00:00Z", "2026-06-03T11:00:00Z", "HOLD");
    const cancelled = await book(artist, "2026-06-04T09:00:00Z", "2026-06-04T11:00:00Z", "PENCIL");
    await request(t.app).delete(api(`/bookings/${cancelled.id}`)).set(team.member.auth).expect(200);

    const row = await rowOf(artist, "from=2026-06-01&to=2026-06-07");
    expect(row).toEqual({
      artistId: artist,
      name: "Plain week",
      color: "#112233",
      weeks: [{ week: "2026-W23", availableHours: 40, confirmedHours: 8, pencilHours: 4, holdHours: 2, usedHours: 12, overbookedHours: 0, utilisation: 0.3 }],
      total: { availableHours: 40, confirmedHours: 8, pencilHours: 4, holdHours: 2, usedHours: 12, overbookedHours: 0, utilisation: 0.3 },
    });
    const holds = await report(`from=2026-06-01&to=2026-06-07&artistId=${artist}&includeHolds=true`);
    expect(holds.body.data.includeHolds).toBe(true);
    expect(holds.body.data.artists[0].weeks[0]).toMatchObject({ holdHours: 2, usedHours: 14, utilisation: 0.35 });

    // Clipped to [from, to]: Tuesday to Wednesday only.
    const part = await rowOf(artist, "from=2026-06-02&to=2026-06-03");
    expect(part.weeks).toEqual([{ week: "2026-W23", availableHours: 16, confirmedHours: 0, pencilHours: 4, holdHours: 2, usedHours: 4, overbookedHours: 0, utilisation: 0.25 }]);
  });

  it("is DST-correct in Europe/London (2026-03-29): the 23-hour Sunday, and weeks end at local midnight", async () => {
    const artist = await newArtist("London", "Europe/London", { hours: withSundays });
    // Sunday 29 March 23:30 BST → Monday 00:30 BST: half an hour in each week.
    await book(artist, "2026-03-29T22:30:00Z", "2026-03-29T23:30:00Z", "CONFIRMED", { force: true });
    // Friday 27 March 09:00–17:00 GMT.
    await book(artist, "2026-03-27T09:00:00Z", "2026-03-27T17:00:00Z", "PENCIL");
    const row = await rowOf(artist, "from=2026-03-23&to=2026-04-05");
    expect(row.weeks).toEqual([
      { week: "2026-W13", availableHours: 63, confirmedHours: 0.5, pencilHours: 8, holdHours: 0, usedHours: 8.5, overbookedHours: 0, utilisation: 0.1349 },
      { week: "2026-W14", availableHours: 64, confirmedHours: 0.5, pencilHours: 0, holdHours: 0, usedHours: 0.5, overbookedHours: 0, utilisation: 0.0078 },
    ]);
    expect(row.total).toEqual({ availableHours: 127, confirmedHours: 1, pencilHours: 8, holdHours: 0, usedHours: 9, overbookedHours: 0, utilisation: 0.0709 });
  });

  it("is DST-correct in America/New_York (2026-03-08)", async () => {
    const artist = await newArtist("New York", "America/New_York", { hours: withSundays });
    // Sunday 8 March 23:00 EDT → Monday 01:00 EDT (03:00Z–05:00Z): an hour in each week; with EST's offset it would all be W10.
    await book(artist, "2026-03-09T03:00:00Z", "2026-03-09T05:00:00Z", "CONFIRMED", { force: true });
    // Monday 2 March 09:00–17:00 EST = 14:00Z–22:00Z.
    await book(artist, "2026-03-02T14:00:00Z", "2026-03-02T22:00:00Z", "CONFIRMED");
    const row = await rowOf(artist, "from=2026-03-02&to=2026-03-15");
    expect(row.weeks).toEqual([
      { week: "2026-W10", availableHours: 63, confirmedHours: 9, pencilHours: 0, holdHours: 0, usedHours: 9, overbookedHours: 0, utilisation: 0.1429 },
      { week: "2026-W11", availableHours: 64, confirmedHours: 1, pencilHours: 0, holdHours: 0, usedHours: 1, overbookedHours: 0, utilisation: 0.0156 },
    ]);
  });

  it("takes whole local days of time off out of the available hours", async () => {
    const artist = await newArtist("Time off", "Europe/London");
    await request(t.app).post(api(`/artists/${artist}/time-off`)).set(team.admin.auth).send({ startDate: "2026-06-03", endDate: "2026-06-04" }).expect(201);
    const row = await rowOf(artist, "from=2026-06-01&to=2026-06-14");
    expect(row.weeks.map((w) => w.availableHours)).toEqual([24, 40]);
    expect(row.total).toMatchObject({ availableHours: 64, ...zero, utilisation: 0 });
  });

  it("splits a booking spanning two weeks, and shows overbooked hours of a forced booking", async () => {
    const artist = await newArtist("Spanning");
    // Friday 12 June 09:00 → Monday 15 June 17:00 UTC (weekend: forced): 63 hours in W24, 17 in W25.
    await book(artist, "2026-06-12T09:00:00Z", "2026-06-15T17:00:00Z", "CONFIRMED", { force: true });
    const row = await rowOf(artist, "from=2026-06-08&to=2026-06-21");
    expect(row.weeks).toEqual([
      { week: "2026-W24", availableHours: 40, confirmedHours: 63, pencilHours: 0, holdHours: 0, usedHours: 63, overbookedHours: 23, utilisation: 1.575 },
      { week: "2026-W25", availableHours: 40, confirmedHours: 17, pencilHours: 0, holdHours: 0, usedHours: 17, overbookedHours: 0, utilisation: 0.425 },
    ]);
    // The total's overbooked hours are the weeks' (the spare hours of W25 do not make up for W24).
    expect(row.total).toEqual({ availableHours: 80, confirmedHours: 80, pencilHours: 0, holdHours: 0, usedHours: 80, overbookedHours: 23, utilisation: 1 });

    // A week off and a forced booking in it: nothing available, everything overbooked, utilisation null.
    const away = await newArtist("Away");
    await request(t.app).post(api(`/artists/${away}/time-off`)).set(team.admin.auth).send({ startDate: "2026-06-08", endDate: "2026-06-14" }).expect(201);
    await book(away, "2026-06-09T09:00:00Z", "2026-06-09T19:00:00Z", "PENCIL", { force: true });
    const awayRow = await rowOf(away, "from=2026-06-08&to=2026-06-14");
    expect(awayRow.weeks).toEqual([{ week: "2026-W24", availableHours: 0, confirmedHours: 0, pencilHours: 10, holdHours: 0, usedHours: 10, overbookedHours: 10, utilisation: null }]);
  });

  it("lists active artists and inactive ones with bookings in the range, filtered by skill and artist ids", async () => {
    const ws = await createTeam(t.app, "Roster");
    const make = async (name: string, skills: string[]) => {
      const res = await request(t.app).post(api(`/workspaces/${ws.workspaceId}/artists`)).set(ws.admin.auth).send({ name, skills, timezone: "UTC" });
      return res.body.data.id as string;
    };
    const [anna, bob, cleo, dan] = await Promise.all([make("Anna", ["comp"]), make("Bob", ["anim"]), make("Cleo", ["comp"]), make("Dan", ["comp"])]);
    const res = await request(t.app).post(api(`/workspaces/${ws.workspaceId}/bookings`)).set(ws.member.auth).send({ artistId: cleo, title: "Cleo's job", start: "2026-06-02T10:00:00Z", end: "2026-06-02T12:00:00Z", status: "CONFIRMED" });
    expect(res.status).toBe(201);
    for (const id of [cleo, dan]) await request(t.app).patch(api(`/artists/${id}`)).set(ws.admin.auth).send({ active: false }).expect(200);
    const names = async (q: string) => {
      const r = await request(t.app).get(api(`/workspaces/${ws.workspaceId}/reports/utilisation?from=2026-06-01&to=2026-06-07${q}`)).set(ws.viewer.auth);
      expect(r.status).toBe(200);
      return r.body.data.artists.map((a: ArtistRow) => a.name);
    };
    expect(await names("")).toEqual(["Anna", "Bob", "Cleo"]);
    expect(await names("&skill=comp")).toEqual(["Anna", "Cleo"]);
    expect(await names("&skill=COMP")).toEqual(["Anna", "Cleo"]);
    expect(await names(`&artistId=${bob}&artistId=${cleo}`)).toEqual(["Bob", "Cleo"]);
    expect(await names(`&artistId=${anna},${dan}`)).toEqual(["Anna"]);
    // Outside Cleo's booking, the inactive Cleo is not listed.
    const later = await request(t.app).get(api(`/workspaces/${ws.workspaceId}/reports/utilisation?from=2026-07-01&to=2026-07-07`)).set(ws.viewer.auth);
    expect(later.body.data.artists.map((a: ArtistRow) => a.name)).toEqual(["Anna", "Bob"]);
    // Artists without working hours have nothing available.
    expect(later.body.data.artists[0].total).toEqual({ availableHours: 0, ...zero, utilisation: null });
  });

  it("exports CSV (format=csv or Accept: text/csv): one row per artist and week, escaped, formulas neutralised", async () => {
    const ws = await createTeam(t.app, "CSV");
    const names = ['=HYPERLINK("http://evil.example"), "the boss"', "+plus", "-minus", "@at", "Line\nbreak", "Plain Name"];
    const ids: string[] = [];
    for (const name of names) {
      const res = await request(t.app).post(api(`/workspaces/${ws.workspaceId}/artists`)).set(ws.admin.auth).send({ name, timezone: "UTC" });
      expect(res.status).toBe(201);
      ids.push(res.body.data.id);
      await request(t.app).put(api(`/artists/${res.body.data.id}/working-hours`)).set(ws.admin.auth).send(weekdays).expect(200);
    }
    await request(t.app).post(api(`/workspaces/${ws.workspaceId}/bookings`)).set(ws.member.auth).send({ artistId: ids[5], title: "Job", start: "2026-06-08T09:00:00Z", end: "2026-06-08T15:00:00Z", status: "CONFIRMED" }).expect(201);
    const path = api(`/workspaces/${ws.workspaceId}/reports/utilisation?from=2026-06-01&to=2026-06-14`);

    const csv = await request(t.app).get(`${path}&format=csv`).set(ws.viewer.auth);
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="utilisation-2026-06-01-2026-06-14.csv"');
    const lines = csv.text.split("\r\n");
    expect(lines.pop()).toBe("");
    expect(lines[0]).toBe("artist,week,week_start,available_hours,confirmed_hours,pencil_hours,hold_hours,used_hours,overbooked_hours,utilisation");
    expect(lines).toHaveLength(1 + names.length * 2);
    // By name: "+plus", "-minus", "=HYPERLINK…", "@at", "Line\nbreak", "Plain Name".
    expect(lines.slice(1)).toEqual([
      "'+plus,2026-W23,2026-06-01,40,0,0,0,0,0,0",
      "'+plus,2026-W24,2026-06-08,40,0,0,0,0,0,0",
      "'-minus,2026-W23,2026-06-01,40,0,0,0,0,0,0",
      "'-minus,2026-W24,2026-06-08,40,0,0,0,0,0,0",
      `"'=HYPERLINK(""http://evil.example""), ""the boss""",2026-W23,2026-06-01,40,0,0,0,0,0,0`,
      `"'=HYPERLINK(""http://evil.example""), ""the boss""",2026-W24,2026-06-08,40,0,0,0,0,0,0`,
      "'@at,2026-W23,2026-06-01,40,0,0,0,0,0,0",
      "'@at,2026-W24,2026-06-08,40,0,0,0,0,0,0",
      '"Line\nbreak",2026-W23,2026-06-01,40,0,0,0,0,0,0',
      '"Line\nbreak",2026-W24,2026-06-08,40,0,0,0,0,0,0',
      "Plain Name,2026-W23,2026-06-01,40,0,0,0,0,0,0",
      "Plain Name,2026-W24,2026-06-08,40,6,0,0,6,0,0.15",
    ]);

    const accepted = await request(t.app).get(path).set(ws.viewer.auth).set("Accept", "text/csv");
    expect(accepted.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(accepted.text).toBe(csv.text);
    // JSON stays the default, and format=json wins over Accept.
    expect((await request(t.app).get(path).set(ws.viewer.auth)).headers["content-type"]).toMatch(/^application\/json/);
    expect((await request(t.app).get(`${path}&format=json`).set(ws.viewer.auth).set("Accept", "text/csv")).body.data.artists).toHaveLength(names.length);
    // Refusals stay JSON envelopes, whatever the format.
    expectError(await request(t.app).get(`${path}&format=csv&to=2026-05-01`).set(ws.viewer.auth), 400, "VALIDATION_ERROR");
  });
});

describe("GET /projects/:id/bookings meta.bookedHours", () => {
  it("sums the hours of the project's pencilled and confirmed bookings, whatever the filters and page", async () => {
    const project = (await request(t.app).post(api(`/workspaces/${team.workspaceId}/projects`)).set(team.owner.auth).send({ name: "Hours", key: "HRS" })).body.data.id as string;
    const artist = await newArtist("Booked hours");
    const list = (q = "") => request(t.app).get(api(`/projects/${project}/bookings${q}`)).set(team.viewer.auth);
    expect((await list()).body.meta.bookedHours).toBe(0);
    await book(artist, "2026-06-01T09:00:00Z", "2026-06-01T11:30:00Z", "PENCIL", { projectId: project });
    await book(artist, "2026-06-02T09:00:00Z", "2026-06-02T12:00:00Z", "CONFIRMED", { projectId: project });
    await book(artist, "2026-06-03T09:00:00Z", "2026-06-03T17:00:00Z", "HOLD", { projectId: project });
    const gone = await book(artist, "2026-06-04T09:00:00Z", "2026-06-04T17:00:00Z", "CONFIRMED", { projectId: project });
    await request(t.app).delete(api(`/bookings/${gone.id}`)).set(team.member.auth).expect(200);
    await book(artist, "2026-06-05T09:00:00Z", "2026-06-05T17:00:00Z", "CONFIRMED"); // another project's (none)
    for (const q of ["", "?perPage=1", "?status=HOLD", "?from=2026-06-03T00:00:00Z"]) {
      const res = await list(q);
      expect(res.status).toBe(200);
      expect(res.body.meta.bookedHours).toBe(5.5);
    }
  });
});
