import crypto from "node:crypto";
import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";

let t: TestApp;
let team: Team;
let other: Team;
const api = (p: string) => `/api/v1${p}`;
const DAY = 86_400_000;

type VEvent = Record<string, string>;

/** The VEVENTs of an iCalendar text (lines unfolded), each as its properties by name (parameters dropped). */
function parseEvents(ics: string): VEvent[] {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  const events: VEvent[] = [];
  let current: VEvent | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      events.push(current!);
      current = null;
    } else if (current) {
      const i = line.indexOf(":");
      current[line.slice(0, i).split(";")[0]] = line.slice(i + 1);
    }
  }
  return events;
}

async function newArtist(ws: Team, userId?: string) {
  const res = await request(t.app).post(api(`/workspaces/${ws.workspaceId}/artists`)).set(ws.admin.auth).send({ name: "Feed Artist", timezone: "Europe/London", ...(userId ? { userId } : {}) });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

const rotate = (artistId: string, who = team.admin) => request(t.app).post(api(`/artists/${artistId}/calendar-token`)).set(who.auth);
const revoke = (artistId: string, who = team.admin) => request(t.app).delete(api(`/artists/${artistId}/calendar-token`)).set(who.auth);
/** The feed's path (below the app's public URL) from the URL handed out. */
const feedPath = (url: string) => url.replace("http://localhost:3000", "");
const feed = (path: string) => request(t.app).get(path);

beforeAll(async () => {
  t = await createTestApp();
  [team, other] = await Promise.all([createTeam(t.app, "Calendar feed"), createTeam(t.app, "Elsewhere")]);
});
afterAll(() => t.close());

describe("calendar feed token", () => {
  it("hands out a secret URL on the app's public URL, stores only its hash, and a new one replaces the old", async () => {
    const artist = await newArtist(team);
    const first = await rotate(artist);
    expect(first.status).toBe(200);
    const url = first.body.data.url as string;
    expect(url).toMatch(new RegExp(`^http://localhost:3000/api/v1/artists/${artist}/calendar\\.ics\\?token=[A-Za-z0-9_-]{43}$`));
    const token = new URL(url).searchParams.get("token")!;
    const row = await t.ctx.db.artist.findUniqueOrThrow({ where: { id: artist } });
    expect(row.calendarTokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(await request(t.app).get(api(`/artists/${artist}`)).set(team.admin.auth).then((r) => r.body))).not.toContain(row.calendarTokenHash!);

    const ok = await feed(feedPath(url));
    expect(ok.status).toBe(200);
    expect(ok.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(ok.text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);

    const second = await rotate(artist);
    expect(second.body.data.url).not.toBe(url);
    expectError(await feed(feedPath(url)), 404, "NOT_FOUND");
    expect((await feed(feedPath(second.body.data.url))).status).toBe(200);

    // Revoked: 404; revoking again is fine.
    expect((await revoke(artist)).status).toBe(204);
    expectError(await feed(feedPath(second.body.data.url)), 404, "NOT_FOUND");
    expect((await revoke(artist)).status).toBe(204);
    expect((await t.ctx.db.artist.findUniqueOrThrow({ where: { id: artist } })).calendarTokenHash).toBeNull();
  });

  it("answers 404 alike for a wrong, missing or revoked token and an unknown artist, without a login", async () => {
    const artist = await newArtist(team);
    const { url } = (await rotate(artist)).body.data;
    const wrong = await feed(`/api/v1/artists/${artist}/calendar.ics?token=${"x".repeat(43)}`);
    const missing = await feed(`/api/v1/artists/${artist}/calendar.ics`);
    const elsewhere = await feed(feedPath(url).replace(artist, crypto.randomUUID()));
    const revokedArtist = await newArtist(team);
    const revokedUrl = (await rotate(revokedArtist)).body.data.url;
    await revoke(revokedArtist).expect(204);
    const revoked = await feed(feedPath(revokedUrl));
    const messages = [wrong, missing, elsewhere, revoked].map((res) => {
      expectError(res, 404, "NOT_FOUND");
      return res.body.error.message;
    });
    expect(new Set(messages).size).toBe(1);
    // The token of one artist does not open another's feed.
    const token = new URL(url).searchParams.get("token")!;
    expectError(await feed(`/api/v1/artists/${revokedArtist}/calendar.ics?token=${token}`), 404, "NOT_FOUND");
  });

  it("lets admins and the artist's own user (whatever their role) rotate and revoke; others' 403, other workspaces' 404", async () => {
    const own = await newArtist(team, team.viewer.id);
    expect((await rotate(own, team.viewer)).status).toBe(200);
    expect((await revoke(own, team.viewer)).status).toBe(204);
    expect((await rotate(own, team.owner)).status).toBe(200);
    for (const who of [team.member]) {
      expectError(await rotate(own, who), 403, "FORBIDDEN");
      expectError(await revoke(own, who), 403, "FORBIDDEN");
    }
    for (const who of [other.admin, other.owner, team.outsider]) {
      expectError(await rotate(own, who), 404, "NOT_FOUND");
      expectError(await revoke(own, who), 404, "NOT_FOUND");
    }
    expect((await t.ctx.db.artist.findUniqueOrThrow({ where: { id: own } })).calendarTokenHash).not.toBeNull();
    expectError(await rotate(crypto.randomUUID()), 404, "NOT_FOUND");
  });
});

describe("GET /artists/:id/calendar.ics", () => {
  it("has one event per live booking from 30 days ago, in UTC, with ranks, project and notes; SEQUENCE grows; cancelled ones say so", async () => {
    const artist = await newArtist(team);
    const project = (await request(t.app).post(api(`/workspaces/${team.workspaceId}/projects`)).set(team.owner.auth).send({ name: "Feature Film", key: "FILM" })).body.data.id as string;
    const day = (n: number, hour: number) => new Date(Math.floor(Date.now() / DAY) * DAY + n * DAY + hour * 3_600_000).toISOString();
    const book = async (title: string, start: string, end: string, status: string, extra: Record<string, unknown> = {}) => {
      const res = await request(t.app).post(api(`/workspaces/${team.workspaceId}/bookings`)).set(team.member.auth).send({ artistId: artist, title, start, end, status, ...extra });
      expect(res.status).toBe(201);
      return res.body.data as { id: string; version: number };
    };
    const confirmed = await book("Lighting", day(2, 9), day(2, 17), "CONFIRMED", { projectId: project, notes: "Bring the reel; see the brief, page 2" });
    const pencil = await book("Comp", day(3, 9), day(3, 17), "PENCIL");
    const hold1 = await book("Hold one", day(5, 9), day(5, 17), "HOLD");
    const hold2 = await book("Hold two", day(5, 10), day(5, 12), "HOLD");
    const recent = await book("Last week", day(-7, 9), day(-7, 17), "CONFIRMED");
    const old = await book("Long ago", day(-40, 9), day(-40, 17), "CONFIRMED");
    const cancelled = await book("Called off", day(4, 9), day(4, 17), "PENCIL");
    await request(t.app).delete(api(`/bookings/${cancelled.id}`)).set(team.member.auth).expect(200);
    const oldCancelled = await book("Called off long ago", day(6, 9), day(6, 17), "PENCIL");
    await request(t.app).delete(api(`/bookings/${oldCancelled.id}`)).set(team.member.auth).expect(200);
    await t.ctx.db.$executeRaw`UPDATE bookings SET updated_at = now() - interval '31 days' WHERE id = ${oldCancelled.id}::uuid`;

    const { url } = (await rotate(artist)).body.data;
    const read = async () => {
      const res = await feed(feedPath(url));
      expect(res.status).toBe(200);
      return { text: res.text, events: new Map(parseEvents(res.text).map((e) => [e.UID, e])) };
    };
    const uid = (b: { id: string }) => `booking-${b.id}@teamflow`;
    const { text, events } = await read();
    expect([...events.keys()].sort()).toEqual([confirmed, pencil, hold1, hold2, recent, cancelled].map(uid).sort());
    expect(events.has(uid(old))).toBe(false);
    expect(events.has(uid(oldCancelled))).toBe(false);
    for (const e of events.values()) {
      expect(e.UID).toContain("@teamflow");
      expect(e.DTSTART).toMatch(/^\d{8}T\d{6}Z$/);
      expect(e.DTEND).toMatch(/^\d{8}T\d{6}Z$/);
      expect(e["LAST-MODIFIED"]).toMatch(/^\d{8}T\d{6}Z$/);
    }
    const c = events.get(uid(confirmed))!;
    expect(c.DTSTART).toBe(day(2, 9).replace(/[-:]/g, "").replace(/\.\d{3}/, ""));
    expect(c.SUMMARY).toBe("[Confirmed] Lighting");
    expect(c.STATUS).toBe("CONFIRMED");
    expect(c.SEQUENCE).toBe("0");
    expect(c.DESCRIPTION).toBe("Project: Feature Film\\n\\nBring the reel\\; see the brief\\, page 2");
    expect(events.get(uid(pencil))).toMatchObject({ SUMMARY: "[Pencil] Comp", STATUS: "TENTATIVE" });
    expect(events.get(uid(hold1))).toMatchObject({ SUMMARY: "[Hold #1] Hold one", STATUS: "TENTATIVE" });
    expect(events.get(uid(hold2))).toMatchObject({ SUMMARY: "[Hold #2] Hold two", STATUS: "TENTATIVE" });
    expect(events.get(uid(cancelled))).toMatchObject({ SUMMARY: "[Cancelled] Called off", STATUS: "CANCELLED", SEQUENCE: "1" });
    expect(text).toContain("PRODID:-//TeamFlow//Bookings//EN");

    // A move: SEQUENCE goes up, the times follow.
    const moved = await request(t.app).patch(api(`/bookings/${confirmed.id}`)).set(team.member.auth).send({ start: day(2, 10), end: day(2, 18), version: confirmed.version });
    expect(moved.status).toBe(200);
    const after = (await read()).events.get(uid(confirmed))!;
    expect(Number(after.SEQUENCE)).toBeGreaterThan(Number(c.SEQUENCE));
    expect(after.DTSTART).toBe(day(2, 10).replace(/[-:]/g, "").replace(/\.\d{3}/, ""));
    // Then cancelled: still there, STATUS:CANCELLED, a higher SEQUENCE again.
    await request(t.app).delete(api(`/bookings/${confirmed.id}`)).set(team.member.auth).expect(200);
    const gone = (await read()).events.get(uid(confirmed))!;
    expect(gone.STATUS).toBe("CANCELLED");
    expect(Number(gone.SEQUENCE)).toBeGreaterThan(Number(after.SEQUENCE));
  });
});
