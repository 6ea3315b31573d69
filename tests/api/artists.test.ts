import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";

let t: TestApp;
let team: Team;
let other: Team;
const api = (p: string) => `/api/v1${p}`;

beforeAll(async () => {
  t = await createTestApp();
  [team, other] = await Promise.all([createTeam(t.app, "Studio"), createTeam(t.app, "Elsewhere")]);
});
afterAll(() => t.close());

async function newArtist(body: Record<string, unknown> = {}, ws = team) {
  const res = await request(t.app).post(api(`/workspaces/${ws.workspaceId}/artists`)).set(ws.admin.auth).send({ name: "Ada Animator", timezone: "Europe/London", ...body });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; version: number; userId: string | null };
}

describe("artists", () => {
  it("admins create, change and delete artists; members and viewers read; 404 across workspaces", async () => {
    const res = await request(t.app)
      .post(api(`/workspaces/${team.workspaceId}/artists`))
      .set(team.owner.auth)
      .send({ name: "  Lena Lighter ", email: "Lena@Example.com", title: "Lighting TD", skills: ["lighting", "comp", "lighting"], dayRate: 45000, currency: "GBP", timezone: "Europe/London", color: "#ff0000", portfolioLinks: ["https://example.com/reel"] });
    expect(res.status).toBe(201);
    const a = res.body.data;
    expect(a).toMatchObject({ name: "Lena Lighter", email: "lena@example.com", skills: ["lighting", "comp"], dayRate: 45000, currency: "GBP", timezone: "Europe/London", active: true, userId: null, version: 1 });

    for (const who of [team.member, team.viewer]) {
      expectError(await request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(who.auth).send({ name: "X", timezone: "UTC" }), 403, "FORBIDDEN");
      expectError(await request(t.app).patch(api(`/artists/${a.id}`)).set(who.auth).send({ name: "X" }), 403, "FORBIDDEN");
      expectError(await request(t.app).delete(api(`/artists/${a.id}`)).set(who.auth), 403, "FORBIDDEN");
      expect((await request(t.app).get(api(`/artists/${a.id}`)).set(who.auth)).body.data.name).toBe("Lena Lighter");
    }
    for (const who of [team.outsider, other.owner]) {
      expectError(await request(t.app).get(api(`/artists/${a.id}`)).set(who.auth), 404, "NOT_FOUND");
      expectError(await request(t.app).patch(api(`/artists/${a.id}`)).set(who.auth).send({ name: "X" }), 404, "NOT_FOUND");
      expectError(await request(t.app).delete(api(`/artists/${a.id}`)).set(who.auth), 404, "NOT_FOUND");
      expectError(await request(t.app).get(api(`/artists/${a.id}/working-hours`)).set(who.auth), 404, "NOT_FOUND");
      expectError(await request(t.app).get(api(`/workspaces/${team.workspaceId}/artists`)).set(who.auth), 404, "NOT_FOUND");
    }

    const patched = await request(t.app).patch(api(`/artists/${a.id}`)).set(team.admin.auth).send({ title: "Senior Lighting TD", version: 1 });
    expect(patched.body.data).toMatchObject({ title: "Senior Lighting TD", version: 2 });
    const stale = await request(t.app).patch(api(`/artists/${a.id}`)).set(team.admin.auth).set("If-Match", "1").send({ title: "Stale" });
    expectError(stale, 409, "CONFLICT");
    expect(stale.body.error.current).toMatchObject({ title: "Senior Lighting TD", version: 2 });

    await request(t.app).delete(api(`/artists/${a.id}`)).set(team.admin.auth).expect(204);
    expectError(await request(t.app).get(api(`/artists/${a.id}`)).set(team.admin.auth), 404, "NOT_FOUND");
  });

  it("refuses bad input naming the field: unknown timezone, bad colour, currency, links, linking a non-member", async () => {
    const post = (body: Record<string, unknown>) => request(t.app).post(api(`/workspaces/${team.workspaceId}/artists`)).set(team.admin.auth).send({ name: "Bad", timezone: "UTC", ...body });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ timezone: "Mars/Olympus_Mons" }, "timezone"],
      [{ timezone: "+01:00" }, "timezone"],
      [{ timezone: "" }, "timezone"],
      [{ name: "   " }, "name"],
      [{ color: "red" }, "color"],
      [{ currency: "eur" }, "currency"],
      [{ dayRate: -1 }, "dayRate"],
      [{ dayRate: 10.5 }, "dayRate"],
      [{ portfolioLinks: ["javascript:alert(1)"] }, "portfolioLinks.0"],
      [{ skills: [""] }, "skills.0"],
      [{ userId: team.outsider.id }, "userId"],
    ];
    for (const [body, field] of cases) {
      const error = expectError(await post(body), 400, "VALIDATION_ERROR");
      expect({ body, fields: error.details?.map((d) => d.field) }).toEqual({ body, fields: [field] });
    }
    // A member is linked once per workspace.
    await newArtist({ userId: team.member.id });
    expectError(await post({ userId: team.member.id }), 409, "CONFLICT");
  });

  it("lists with search, skill and active filters, paginated", async () => {
    const ws = other;
    const mk = (name: string, skills: string[], active = true) =>
      request(t.app).post(api(`/workspaces/${ws.workspaceId}/artists`)).set(ws.owner.auth).send({ name, skills, active, timezone: "UTC", title: name.includes("Zed") ? "Compositor" : null }).expect(201);
    await mk("Ann Anim", ["animation"]);
    await mk("Bob Comp", ["comp", "roto"]);
    await mk("Cat 100%_Comp", ["comp"], false);
    await mk("Zed", ["fx", "Comp", "COMP"]);
    const list = (q: string) => request(t.app).get(api(`/workspaces/${ws.workspaceId}/artists${q}`)).set(ws.viewer.auth);
    const names = async (q: string) => (await list(q)).body.data.map((a: { name: string }) => a.name);
    expect(await names("")).toEqual(["Ann Anim", "Bob Comp", "Cat 100%_Comp", "Zed"]);
    // Skills compare without case: Zed typed "Comp" (and "COMP", dropped as the same skill).
    expect(await names("?skill=comp")).toEqual(["Bob Comp", "Cat 100%_Comp", "Zed"]);
    expect(await names("?skill=cOmP&active=true")).toEqual(["Bob Comp", "Zed"]);
    expect(await names("?skill=co")).toEqual([]);
    expect((await list("?q=zed")).body.data[0].skills).toEqual(["fx", "Comp"]);
    const skills = await request(t.app).get(api(`/workspaces/${ws.workspaceId}/artist-skills`)).set(ws.viewer.auth).expect(200);
    expect(skills.body.data).toEqual([
      { skill: "comp", artists: 3 },
      { skill: "animation", artists: 1 },
      { skill: "fx", artists: 1 },
      { skill: "roto", artists: 1 },
    ]);
    expectError(await request(t.app).get(api(`/workspaces/${ws.workspaceId}/artist-skills`)).set(team.owner.auth), 404, "NOT_FOUND");
    expect(await names("?active=false")).toEqual(["Cat 100%_Comp"]);
    expect(await names("?q=COMP")).toEqual(["Bob Comp", "Cat 100%_Comp", "Zed"]);
    expect(await names(`?q=${encodeURIComponent("100%_")}`)).toEqual(["Cat 100%_Comp"]);
    const page = await list("?perPage=3&page=2");
    expect(page.body.data.map((a: { name: string }) => a.name)).toEqual(["Zed"]);
    expect(page.body.meta).toEqual({ page: 2, perPage: 3, total: 4, totalPages: 2 });
    expect(page.body.links.prev).toContain("page=1");
    expectError(await list("?active=yes"), 400, "VALIDATION_ERROR");
  });

  it("working hours: the week is replaced; bad weekday, time, order and overlaps are 400 naming the range", async () => {
    const a = await newArtist();
    const put = (who: Team["owner"], body: object) => request(t.app).put(api(`/artists/${a.id}/working-hours`)).set(who.auth).send(body);
    const week = [
      { weekday: 1, start: "13:00", end: "17:00" },
      { weekday: 1, start: "09:00", end: "12:00" },
      { weekday: 5, start: "22:00", end: "24:00" },
    ];
    const res = await put(team.admin, week);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([week[1], week[0], week[2]]);
    expect((await request(t.app).get(api(`/artists/${a.id}/working-hours`)).set(team.viewer.auth)).body.data).toEqual([week[1], week[0], week[2]]);

    const bad: Array<[object, string]> = [
      [[{ weekday: 7, start: "09:00", end: "17:00" }], "0.weekday"],
      [[{ weekday: -1, start: "09:00", end: "17:00" }], "0.weekday"],
      [[{ weekday: 1, start: "9:00", end: "17:00" }], "0.start"],
      [[{ weekday: 1, start: "09:00", end: "25:00" }], "0.end"],
      [[{ weekday: 1, start: "09:60", end: "17:00" }], "0.start"],
      [[{ weekday: 1, start: "17:00", end: "09:00" }], "0.end"],
      [[{ weekday: 1, start: "09:00", end: "09:00" }], "0.end"],
      [[{ weekday: 2, start: "09:00", end: "13:00" }, { weekday: 2, start: "12:00", end: "17:00" }], "1.start"],
    ];
    for (const [body, field] of bad) {
      const error = expectError(await put(team.admin, body), 400, "VALIDATION_ERROR");
      expect({ body, fields: error.details?.map((d) => d.field) }).toEqual({ body, fields: [field] });
    }
    // Touching ranges are fine; an empty week clears it.
    expect((await put(team.admin, [{ weekday: 2, start: "09:00", end: "12:00" }, { weekday: 2, start: "12:00", end: "17:00" }])).status).toBe(200);
    expect((await put(team.admin, [])).body.data).toEqual([]);
    expectError(await put(team.member, week), 403, "FORBIDDEN");
    expectError(await put(other.owner, week), 404, "NOT_FOUND");
  });

  it("time off: whole inclusive days, endDate not before startDate; the artist's own user manages their hours and time off", async () => {
    const a = await newArtist({ userId: team.viewer.id, timezone: "America/New_York" });
    const res = await request(t.app).post(api(`/artists/${a.id}/time-off`)).set(team.viewer.auth).send({ startDate: "2026-07-01", endDate: "2026-07-01", reason: "Holiday" });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ artistId: a.id, startDate: "2026-07-01", endDate: "2026-07-01", reason: "Holiday" });
    const err = expectError(await request(t.app).post(api(`/artists/${a.id}/time-off`)).set(team.admin.auth).send({ startDate: "2026-07-05", endDate: "2026-07-04" }), 400, "VALIDATION_ERROR");
    expect(err.details?.map((d) => d.field)).toEqual(["endDate"]);
    expectError(await request(t.app).post(api(`/artists/${a.id}/time-off`)).set(team.admin.auth).send({ startDate: "2026-02-30", endDate: "2026-03-01" }), 400, "VALIDATION_ERROR");
    // The viewer is this artist: their own hours, yes; someone else's, no; the artist itself, no.
    expect((await request(t.app).put(api(`/artists/${a.id}/working-hours`)).set(team.viewer.auth).send([{ weekday: 3, start: "10:00", end: "18:00" }])).status).toBe(200);
    const b = await newArtist();
    expectError(await request(t.app).put(api(`/artists/${b.id}/working-hours`)).set(team.viewer.auth).send([]), 403, "FORBIDDEN");
    expectError(await request(t.app).post(api(`/artists/${b.id}/time-off`)).set(team.viewer.auth).send({ startDate: "2026-07-01", endDate: "2026-07-02" }), 403, "FORBIDDEN");
    expectError(await request(t.app).patch(api(`/artists/${a.id}`)).set(team.viewer.auth).send({ dayRate: 1 }), 403, "FORBIDDEN");
    const offB = (await request(t.app).post(api(`/artists/${b.id}/time-off`)).set(team.admin.auth).send({ startDate: "2026-08-01", endDate: "2026-08-02" })).body.data;
    expectError(await request(t.app).delete(api(`/time-off/${offB.id}`)).set(team.viewer.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(api(`/time-off/${offB.id}`)).set(other.owner.auth), 404, "NOT_FOUND");

    const list = await request(t.app).get(api(`/artists/${a.id}/time-off`)).set(team.member.auth);
    expect(list.body.data.map((x: { startDate: string }) => x.startDate)).toEqual(["2026-07-01"]);
    await request(t.app).delete(api(`/time-off/${res.body.data.id}`)).set(team.viewer.auth).expect(204);
    expect((await request(t.app).get(api(`/artists/${a.id}/time-off`)).set(team.member.auth)).body.data).toEqual([]);
  });
});
