import request from "supertest";
import { pdfText } from "../helpers/pdf-text";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type User = Awaited<ReturnType<typeof registerUser>>;

async function project(owner: User, key = "TL") {
  const workspaceId = await createWorkspace(t.app, owner);
  const projectId = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: `Timeline ${key}`, key })).body.data.id as string;
  return { workspaceId, projectId };
}

async function phase(owner: User, projectId: string, body: Record<string, unknown>) {
  const res = await request(t.app).post(`/api/v1/projects/${projectId}/phases`).set(owner.auth).send(body);
  expect(res.status).toBe(201);
  return res.body.data as { id: string; version: number; startDate: string; endDate: string; order: number; dependsOn: string[]; lateDependencies: string[] };
}

describe("project timeline", () => {
  it("writes publish their events to the project room after commit, failed writes none", async () => {
    const owner = await registerUser(t.app);
    const { projectId } = await project(owner);
    const seen: Array<{ type: string; rooms?: string[] }> = [];
    const off = t.ctx.events.subscribe("timeline-test", (e) => {
      if (e.type.startsWith("phase.") || e.type.startsWith("milestone.")) seen.push({ type: e.type, rooms: e.rooms });
    });
    try {
      const a = await phase(owner, projectId, { name: "A", startDate: "2026-01-01", endDate: "2026-01-05" });
      await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ dependsOn: [a.id] }).expect(400);
      await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ progress: 50 }).expect(200);
      await request(t.app).post(`/api/v1/projects/${projectId}/phases/reorder`).set(owner.auth).send({ order: [a.id] }).expect(200);
      const m = (await request(t.app).post(`/api/v1/projects/${projectId}/milestones`).set(owner.auth).send({ name: "M", date: "2026-01-05" }).expect(201)).body.data;
      await request(t.app).delete(`/api/v1/milestones/${m.id}`).set(owner.auth).expect(204);
      await request(t.app).delete(`/api/v1/phases/${a.id}`).set(owner.auth).expect(204);
      await t.ctx.events.drain();
      expect(seen.map((e) => e.type)).toEqual(["phase.created", "phase.updated", "phase.reordered", "milestone.created", "milestone.deleted", "phase.deleted"]);
      expect(seen.every((e) => e.rooms?.length === 1 && e.rooms[0] === `project:${projectId}`)).toBe(true);
    } finally {
      off();
    }
  });

  it("phases: create, list in order, update, dependencies flagged when late, delete closes the order; viewers read only", async () => {
    const owner = await registerUser(t.app);
    const viewer = await registerUser(t.app);
    const { workspaceId, projectId } = await project(owner);
    await addMember(t.app, owner, workspaceId, viewer, "VIEWER");
    const a = await phase(owner, projectId, { name: "Pre-production", startDate: "2026-03-01", endDate: "2026-03-10", progress: 40, color: "#ff0000" });
    expect(a).toMatchObject({ order: 0, progress: 40, color: "#ff0000", dependsOn: [], lateDependencies: [], version: 1 });
    const b = await phase(owner, projectId, { name: "Shoot", startDate: "2026-03-11", endDate: "2026-03-20", dependsOn: [a.id] });
    expect(b).toMatchObject({ order: 1, progress: 0, dependsOn: [a.id], lateDependencies: [] });
    const c = await phase(owner, projectId, { name: "Edit", startDate: "2026-03-05", endDate: "2026-03-30", dependsOn: [b.id] });
    expect(c.lateDependencies).toEqual([b.id]);

    const list = await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(viewer.auth).expect(200);
    expect(list.body.data.map((p: { name: string }) => p.name)).toEqual(["Pre-production", "Shoot", "Edit"]);
    expectError(await request(t.app).post(`/api/v1/projects/${projectId}/phases`).set(viewer.auth).send({ name: "x", startDate: "2026-03-01", endDate: "2026-03-02" }), 403, "FORBIDDEN");
    expectError(await request(t.app).patch(`/api/v1/phases/${a.id}`).set(viewer.auth).send({ name: "x" }), 403, "FORBIDDEN");

    const fixed = await request(t.app).patch(`/api/v1/phases/${c.id}`).set(owner.auth).send({ startDate: "2026-03-21", version: 1 }).expect(200);
    expect(fixed.body.data).toMatchObject({ startDate: "2026-03-21", lateDependencies: [], version: 2 });
    expect(fixed.body.meta.shifted).toEqual([]);
    // If-Match works as the version too; a stale one answers 409 with the current phase
    const stale = await request(t.app).patch(`/api/v1/phases/${c.id}`).set(owner.auth).set("If-Match", "1").send({ progress: 10 });
    expectError(stale, 409, "CONFLICT");
    expect(stale.body.error.current).toMatchObject({ id: c.id, version: 2, progress: 0 });

    const activity = await request(t.app).get(`/api/v1/activity?workspaceId=${workspaceId}`).set(owner.auth).expect(200);
    const entries = activity.body.data.filter((e: { entityId: string }) => e.entityId === c.id);
    expect(entries.map((e: { action: string; field: string | null }) => `${e.action}:${e.field ?? ""}`).sort()).toEqual(["created:", "updated:startDate"]);

    expect((await request(t.app).delete(`/api/v1/phases/${b.id}`).set(owner.auth)).status).toBe(204);
    const after = (await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data;
    expect(after.map((p: { name: string; order: number; dependsOn: string[] }) => [p.name, p.order, p.dependsOn])).toEqual([
      ["Pre-production", 0, []],
      ["Edit", 1, []],
    ]);
    expectError(await request(t.app).delete(`/api/v1/phases/${b.id}`).set(owner.auth), 404, "NOT_FOUND");
  });

  it("bad input: reversed dates, progress out of range, bad colour, self and foreign dependencies, cycles naming their phases", async () => {
    const owner = await registerUser(t.app);
    const { projectId } = await project(owner);
    const other = await project(owner, "OT");
    const foreign = await phase(owner, other.projectId, { name: "Elsewhere", startDate: "2026-01-01", endDate: "2026-01-02" });
    const base = { name: "P", startDate: "2026-02-01", endDate: "2026-02-05" };
    for (const body of [
      { ...base, endDate: "2026-01-31" },
      { ...base, progress: 101 },
      { ...base, progress: -1 },
      { ...base, progress: 12.5 },
      { ...base, color: "red" },
      { ...base, name: "" },
      { ...base, startDate: "2026-02-30" },
      { ...base, dependsOn: [foreign.id] },
      { ...base, dependsOn: ["not-a-uuid"] },
      { ...base, extra: true },
      { name: "no dates" },
    ]) {
      expectError(await request(t.app).post(`/api/v1/projects/${projectId}/phases`).set(owner.auth).send(body), 400, "VALIDATION_ERROR");
    }
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data).toEqual([]);

    const a = await phase(owner, projectId, { name: "A", startDate: "2026-02-01", endDate: "2026-02-05" });
    const b = await phase(owner, projectId, { name: "B", startDate: "2026-02-06", endDate: "2026-02-10", dependsOn: [a.id] });
    const c = await phase(owner, projectId, { name: "C", startDate: "2026-02-11", endDate: "2026-02-15", dependsOn: [b.id] });
    const self = await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ dependsOn: [a.id] });
    expectError(self, 400, "VALIDATION_ERROR");
    expect(self.body.error.details[0].field).toBe("dependsOn");
    expectError(await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ dependsOn: [foreign.id] }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ endDate: "2026-01-01" }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ progress: 200 }), 400, "VALIDATION_ERROR");

    const cycle = await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ dependsOn: [c.id] });
    expectError(cycle, 409, "CONFLICT");
    expect(cycle.body.error.details.map((d: { phaseId: string }) => d.phaseId).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(cycle.body.error.details.map((d: { name: string }) => d.name).sort()).toEqual(["A", "B", "C"]);
    const two = await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ dependsOn: [b.id] });
    expectError(two, 409, "CONFLICT");
    expect(two.body.error.details.map((d: { name: string }) => d.name).sort()).toEqual(["A", "B"]);
    // nothing changed
    const now = (await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data;
    expect(now.map((p: { dependsOn: string[]; version: number }) => [p.dependsOn, p.version])).toEqual([[[], 1], [[a.id], 1], [[b.id], 1]]);
    // a diamond is not a cycle
    const d = await request(t.app).patch(`/api/v1/phases/${c.id}`).set(owner.auth).send({ dependsOn: [a.id, b.id] }).expect(200);
    expect(d.body.data.dependsOn.sort()).toEqual([a.id, b.id].sort());
  });

  it("shiftDependents moves every dependent by the same delta, transitively, in one transaction", async () => {
    const owner = await registerUser(t.app);
    const { projectId } = await project(owner);
    const a = await phase(owner, projectId, { name: "A", startDate: "2026-04-01", endDate: "2026-04-05" });
    const b = await phase(owner, projectId, { name: "B", startDate: "2026-04-06", endDate: "2026-04-10", dependsOn: [a.id] });
    const c = await phase(owner, projectId, { name: "C", startDate: "2026-04-11", endDate: "2026-04-12", dependsOn: [b.id, a.id] });
    const loose = await phase(owner, projectId, { name: "Loose", startDate: "2026-04-01", endDate: "2026-04-02" });

    // without shifting, the dependent is flagged, not moved
    const flagged = await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ endDate: "2026-04-07" }).expect(200);
    expect(flagged.body.meta.shifted).toEqual([]);
    const mid = (await request(t.app).get(`/api/v1/projects/${projectId}/timeline`).set(owner.auth)).body.data.phases;
    expect(mid.find((p: { id: string }) => p.id === b.id)).toMatchObject({ startDate: "2026-04-06", lateDependencies: [a.id] });

    const moved = await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ startDate: "2026-04-03", endDate: "2026-04-10", shiftDependents: true }).expect(200);
    expect(moved.body.data).toMatchObject({ startDate: "2026-04-03", endDate: "2026-04-10" });
    const shifted = Object.fromEntries(moved.body.meta.shifted.map((p: { name: string; startDate: string; endDate: string; version: number }) => [p.name, [p.startDate, p.endDate, p.version]]));
    expect(shifted).toEqual({ B: ["2026-04-09", "2026-04-13", 2], C: ["2026-04-14", "2026-04-15", 2] });
    const all = (await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data;
    expect(all.find((p: { id: string }) => p.id === loose.id)).toMatchObject({ startDate: "2026-04-01", version: 1 });
    expect(all.find((p: { id: string }) => p.id === c.id).lateDependencies).toEqual([]);

    // atomic: a shift that cannot be applied to one dependent leaves every phase as it was
    const far = await phase(owner, projectId, { name: "Far", startDate: "9999-12-01", endDate: "9999-12-20", dependsOn: [c.id] });
    const before = (await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data;
    const refused = await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ endDate: "2026-04-30", shiftDependents: true });
    expectError(refused, 400, "VALIDATION_ERROR");
    expect(refused.body.error.details[0].message).toContain("Far");
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data).toEqual(before);
    expect(far.version).toBe(1);

    // a stale version shifts nothing either
    expectError(await request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ endDate: "2026-04-11", shiftDependents: true, version: 1 }), 409, "CONFLICT");
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data).toEqual(before);
  });

  it("two concurrent writes that together would close a cycle: exactly one wins", async () => {
    const owner = await registerUser(t.app);
    const { projectId } = await project(owner);
    const a = await phase(owner, projectId, { name: "A", startDate: "2026-01-01", endDate: "2026-01-05" });
    const b = await phase(owner, projectId, { name: "B", startDate: "2026-01-06", endDate: "2026-01-10" });
    const [x, y] = await Promise.all([
      request(t.app).patch(`/api/v1/phases/${a.id}`).set(owner.auth).send({ dependsOn: [b.id] }),
      request(t.app).patch(`/api/v1/phases/${b.id}`).set(owner.auth).send({ dependsOn: [a.id] }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const phases = (await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data;
    expect(phases.filter((p: { dependsOn: string[] }) => p.dependsOn.length).length).toBe(1);
  });

  it("reorder: every phase once, in the new order", async () => {
    const owner = await registerUser(t.app);
    const { projectId } = await project(owner);
    const other = await project(owner, "OX");
    const foreign = await phase(owner, other.projectId, { name: "F", startDate: "2026-01-01", endDate: "2026-01-02" });
    const ids = [];
    for (const name of ["One", "Two", "Three"]) ids.push((await phase(owner, projectId, { name, startDate: "2026-01-01", endDate: "2026-01-02" })).id);
    const res = await request(t.app).post(`/api/v1/projects/${projectId}/phases/reorder`).set(owner.auth).send({ order: [ids[2], ids[0], ids[1]] }).expect(200);
    expect(res.body.data.map((p: { name: string; order: number }) => `${p.order}:${p.name}`)).toEqual(["0:Three", "1:One", "2:Two"]);
    for (const order of [[ids[0], ids[1]], [ids[0], ids[1], ids[1]], [ids[0], ids[1], foreign.id], []]) {
      expectError(await request(t.app).post(`/api/v1/projects/${projectId}/phases/reorder`).set(owner.auth).send({ order }), 400, "VALIDATION_ERROR");
    }
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data.map((p: { name: string }) => p.name)).toEqual(["Three", "One", "Two"]);
  });

  it("milestones: create, update, version conflict, phase of the same project only, delete; a deleted phase leaves its milestones", async () => {
    const owner = await registerUser(t.app);
    const { projectId } = await project(owner);
    const other = await project(owner, "OM");
    const foreign = await phase(owner, other.projectId, { name: "F", startDate: "2026-01-01", endDate: "2026-01-02" });
    const p = await phase(owner, projectId, { name: "Shoot", startDate: "2026-05-01", endDate: "2026-05-09" });
    const m = (await request(t.app).post(`/api/v1/projects/${projectId}/milestones`).set(owner.auth).send({ name: "Picture lock", date: "2026-05-09", phaseId: p.id }).expect(201)).body.data;
    expect(m).toMatchObject({ name: "Picture lock", date: "2026-05-09", done: false, phaseId: p.id, version: 1 });
    for (const body of [{ name: "x", date: "soon" }, { name: "", date: "2026-05-01" }, { name: "x", date: "2026-05-01", phaseId: foreign.id }, { name: "x", date: "2026-05-01", done: "yes" }]) {
      expectError(await request(t.app).post(`/api/v1/projects/${projectId}/milestones`).set(owner.auth).send(body), 400, "VALIDATION_ERROR");
    }
    const done = await request(t.app).patch(`/api/v1/milestones/${m.id}`).set(owner.auth).send({ done: true, version: 1 }).expect(200);
    expect(done.body.data).toMatchObject({ done: true, version: 2 });
    expectError(await request(t.app).patch(`/api/v1/milestones/${m.id}`).set(owner.auth).send({ name: "late", version: 1 }), 409, "CONFLICT");
    expectError(await request(t.app).patch(`/api/v1/milestones/${m.id}`).set(owner.auth).send({ phaseId: foreign.id }), 400, "VALIDATION_ERROR");
    await request(t.app).post(`/api/v1/projects/${projectId}/milestones`).set(owner.auth).send({ name: "Kick-off", date: "2026-04-01" }).expect(201);
    const list = (await request(t.app).get(`/api/v1/projects/${projectId}/milestones`).set(owner.auth)).body.data;
    expect(list.map((x: { name: string }) => x.name)).toEqual(["Kick-off", "Picture lock"]);
    await request(t.app).delete(`/api/v1/phases/${p.id}`).set(owner.auth).expect(204);
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/milestones`).set(owner.auth)).body.data[1]).toMatchObject({ id: m.id, phaseId: null });
    await request(t.app).delete(`/api/v1/milestones/${m.id}`).set(owner.auth).expect(204);
    expectError(await request(t.app).patch(`/api/v1/milestones/${m.id}`).set(owner.auth).send({ done: false }), 404, "NOT_FOUND");
  });

  it("GET /projects/:id/timeline returns phases, milestones and the project's live bookings with artist, status and rank", async () => {
    const owner = await registerUser(t.app);
    const { workspaceId, projectId } = await project(owner);
    const otherProjectId = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Other", key: "OB" }).expect(201)).body.data.id;
    await phase(owner, projectId, { name: "Shoot", startDate: "2026-06-01", endDate: "2026-06-09" });
    await request(t.app).post(`/api/v1/projects/${projectId}/milestones`).set(owner.auth).send({ name: "Wrap", date: "2026-06-09" }).expect(201);
    const artist = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/artists`).set(owner.auth).send({ name: "Ada Animator", timezone: "UTC", skills: [] }).expect(201)).body.data;
    const book = (body: Record<string, unknown>) => request(t.app).post(`/api/v1/workspaces/${workspaceId}/bookings`).set(owner.auth).send({ artistId: artist.id, title: "Work", ...body });
    const firm = (await book({ projectId, start: "2026-06-01T09:00:00Z", end: "2026-06-03T17:00:00Z", status: "CONFIRMED" }).expect(201)).body.data;
    await book({ projectId, start: "2026-06-05T09:00:00Z", end: "2026-06-06T17:00:00Z", status: "HOLD" }).expect(201);
    const second = (await book({ projectId, start: "2026-06-05T09:00:00Z", end: "2026-06-06T17:00:00Z", status: "HOLD" }).expect(201)).body.data;
    await book({ projectId: otherProjectId, start: "2026-06-10T09:00:00Z", end: "2026-06-11T17:00:00Z", status: "PENCIL" }).expect(201);
    const cancelled = (await book({ projectId, start: "2026-06-20T09:00:00Z", end: "2026-06-21T17:00:00Z", status: "PENCIL" }).expect(201)).body.data;
    await request(t.app).post(`/api/v1/bookings/${cancelled.id}/status`).set(owner.auth).send({ status: "CANCELLED", version: cancelled.version }).expect(200);

    const res = await request(t.app).get(`/api/v1/projects/${projectId}/timeline`).set(owner.auth).expect(200);
    const data = res.body.data;
    expect(data.projectId).toBe(projectId);
    expect(data.phases.map((p: { name: string }) => p.name)).toEqual(["Shoot"]);
    expect(data.milestones.map((m: { name: string }) => m.name)).toEqual(["Wrap"]);
    expect(data.bookings).toHaveLength(3);
    expect(data.bookings[0]).toMatchObject({ id: firm.id, status: "CONFIRMED", holdRank: null, artist: { id: artist.id, name: "Ada Animator" } });
    expect(data.bookings.find((b: { id: string }) => b.id === second.id)).toMatchObject({ status: "HOLD", holdRank: 2 });
  });

  it("GET /projects/:id/timeline/export?format=pdf: a PDF with the phases, milestones and booked artists, named after the project", async () => {
    const owner = await registerUser(t.app);
    const { workspaceId, projectId } = await project(owner, "PDF");
    const design = await phase(owner, projectId, { name: "Design sprint", startDate: "2026-03-02", endDate: "2026-03-13", progress: 60 });
    await phase(owner, projectId, { name: "Build and polish", startDate: "2026-03-16", endDate: "2026-04-10", dependsOn: [design.id] });
    await phase(owner, projectId, { name: "Łódź review — 東京", startDate: "2026-04-13", endDate: "2026-04-17" });
    await request(t.app).post(`/api/v1/projects/${projectId}/milestones`).set(owner.auth).send({ name: "Client sign-off", date: "2026-04-17" }).expect(201);
    const artist = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/artists`).set(owner.auth).send({ name: "Grace Grader", timezone: "UTC", skills: [] }).expect(201)).body.data;
    await request(t.app).post(`/api/v1/workspaces/${workspaceId}/bookings`).set(owner.auth).send({ artistId: artist.id, projectId, title: "Grade", start: "2026-03-17T09:00:00Z", end: "2026-03-20T17:00:00Z", status: "CONFIRMED" }).expect(201);

    const res = await request(t.app).get(`/api/v1/projects/${projectId}/timeline/export?format=pdf`).set(owner.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="pdf-timeline-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { totalPages, text } = await pdfText(pdf);
    expect(totalPages).toBe(1);
    for (const words of ["Timeline PDF", "Design sprint", "60%", "Build and polish", "Client sign-off", "Grace Grader", "Grade", "Booked artists", "Mar 2026", "Apr 2026", "Confirmed", "Pencil"]) expect(text).toContain(words);
    // Outside Latin-1 the standard fonts have no glyphs: shown as "?", never dropped silently.
    expect(text).toContain("?ód? review — ??");

    expectError(await request(t.app).get(`/api/v1/projects/${projectId}/timeline/export?format=docx`).set(owner.auth), 400, "VALIDATION_ERROR");
  });

  it("a timeline longer than a page continues on the next one, under the same date header", async () => {
    const owner = await registerUser(t.app);
    const { projectId } = await project(owner, "LONG");
    for (let i = 1; i <= 30; i++) await phase(owner, projectId, { name: `Step ${i}`, startDate: "2026-05-01", endDate: "2026-05-20" });
    const res = await request(t.app).get(`/api/v1/projects/${projectId}/timeline/export`).set(owner.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const { totalPages, pageTexts } = await pdfText(res.body as Buffer);
    expect(totalPages).toBe(2);
    expect(pageTexts[0]).toContain("Step 1");
    expect(pageTexts[1]).toContain("Step 30");
    expect(pageTexts[1]).toContain("May 2026");
    expect(pageTexts[1]).toContain("page 2 of 2");
  });

  it("other workspaces' ids answer 404 everywhere", async () => {
    const owner = await registerUser(t.app);
    const stranger = await registerUser(t.app);
    const { projectId } = await project(owner);
    const p = await phase(owner, projectId, { name: "Mine", startDate: "2026-01-01", endDate: "2026-01-02" });
    const m = (await request(t.app).post(`/api/v1/projects/${projectId}/milestones`).set(owner.auth).send({ name: "M", date: "2026-01-02" })).body.data;
    const theirs = await project(stranger, "ST");
    const tp = await phase(stranger, theirs.projectId, { name: "Theirs", startDate: "2026-01-01", endDate: "2026-01-02" });
    for (const r of [
      request(t.app).get(`/api/v1/projects/${projectId}/timeline`),
      request(t.app).get(`/api/v1/projects/${projectId}/timeline/export?format=pdf`),
      request(t.app).get(`/api/v1/projects/${projectId}/phases`),
      request(t.app).get(`/api/v1/projects/${projectId}/milestones`),
      request(t.app).post(`/api/v1/projects/${projectId}/phases`).send({ name: "x", startDate: "2026-01-01", endDate: "2026-01-02" }),
      request(t.app).post(`/api/v1/projects/${projectId}/phases/reorder`).send({ order: [p.id] }),
      request(t.app).post(`/api/v1/projects/${projectId}/milestones`).send({ name: "x", date: "2026-01-01" }),
      request(t.app).patch(`/api/v1/phases/${p.id}`).send({ name: "x" }),
      request(t.app).delete(`/api/v1/phases/${p.id}`),
      request(t.app).patch(`/api/v1/milestones/${m.id}`).send({ name: "x" }),
      request(t.app).delete(`/api/v1/milestones/${m.id}`),
    ]) {
      expectError(await r.set(stranger.auth), 404, "NOT_FOUND");
    }
    // the stranger's own phase cannot depend on mine either
    expectError(await request(t.app).patch(`/api/v1/phases/${tp.id}`).set(stranger.auth).send({ dependsOn: [p.id] }), 400, "VALIDATION_ERROR");
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/phases`).set(owner.auth)).body.data[0]).toMatchObject({ name: "Mine", version: 1 });
  });
});
