import request from "supertest";
import { Readable } from "node:stream";
import { expectError, type TestUser } from "../helpers/app";
import * as files from "../helpers/files";
import { connectSocket, expectNotReceived, join, nextEvent, sentinelFor, startLiveApp, type LiveApp } from "../helpers/realtime";
import { createTeam, type Team } from "../helpers/team";
import { thumbnailKey } from "../../src/modules/files/storage";

/**
 * Downloads that cannot run in a browser (never text/html, nosniff, a
 * sandboxing CSP, inline only for images and PDF), signed links (work without
 * Bearer, fail when tampered with, expired, for another file, or once the user
 * left), scan states, thumbnails, and the events after commit on a real socket.
 */

let t: LiveApp;
let team: Team;
let projectId: string;
let taskId: string;

async function created(req: request.Test) {
  const res = await req;
  if (res.status !== 201) throw new Error(`answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

function upload(user: TestUser, entityId: string, parts: Array<[Buffer, string]>, entityType = "task") {
  let r = request(t.app).post("/api/v1/attachments").set(user.auth).field("entityType", entityType).field("entityId", entityId);
  for (const [bytes, name] of parts) r = r.attach("file", bytes, { filename: name });
  return r;
}

const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => cb(null, Buffer.concat(chunks)));
  });

beforeAll(async () => {
  t = await startLiveApp({ env: { RATE_LIMIT_UPLOADS_PER_HOUR: "100000" } });
  team = await createTeam(t.app, "Downloads");
  projectId = (await created(request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Downloads", key: "DWN" }))).id;
  taskId = (await created(request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(team.owner.auth).send({ title: "Files" }))).id;
}, 30_000);

afterAll(() => t.close());

describe("download headers", () => {
  it("text: text/plain UTF-8 as an attachment even with inline=1; nosniff and sandbox always", async () => {
    const [a] = await created(upload(team.member, taskId, [[files.text(), "notes.txt"]]));
    for (const q of ["", "?inline=1"]) {
      const res = await binary(request(t.app).get(`/api/v1/attachments/${a.id}${q}`).set(team.member.auth));
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(res.headers["content-disposition"]).toBe('attachment; filename="notes.txt"');
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["content-security-policy"]).toBe("sandbox; default-src 'none'");
      expect(res.headers["cache-control"]).toMatch(/^private, max-age=\d+/);
      expect(res.headers.etag).toBe(`"${a.sha256}"`);
      expect((res.body as Buffer).equals(files.text())).toBe(true);
    }
    const again = await request(t.app).get(`/api/v1/attachments/${a.id}`).set(team.member.auth).set("If-None-Match", `"${a.sha256}"`);
    expect(again.status).toBe(304);
  });

  it("images and PDF inline only when asked, with the CSP they need; never text/html", async () => {
    const [img, doc] = await created(upload(team.member, taskId, [[await files.png(), "pic.png"], [files.pdf(), "doc.pdf"]]));
    const inlineImg = await binary(request(t.app).get(`/api/v1/attachments/${img.id}?inline=1`).set(team.member.auth));
    expect(inlineImg.headers["content-type"]).toBe("image/png");
    expect(inlineImg.headers["content-disposition"]).toBe('inline; filename="pic.png"');
    expect(inlineImg.headers["content-security-policy"]).toMatch(/^sandbox; default-src 'none'; img-src 'self' data:/);
    const inlinePdf = await binary(request(t.app).get(`/api/v1/attachments/${doc.id}?inline=1`).set(team.member.auth));
    expect(inlinePdf.headers["content-type"]).toBe("application/pdf");
    expect(inlinePdf.headers["content-disposition"]).toBe('inline; filename="doc.pdf"');
    expect(inlinePdf.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    const plain = await binary(request(t.app).get(`/api/v1/attachments/${img.id}`).set(team.member.auth));
    expect(plain.headers["content-disposition"]).toMatch(/^attachment;/);
    for (const res of [inlineImg, inlinePdf, plain]) {
      expect(res.headers["content-type"]).not.toMatch(/html/);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    }
  });

  it("a pending scan and an infected file are not downloadable (409, saying why)", async () => {
    const [a] = await created(upload(team.member, taskId, [[files.text(), "scan.txt"]]));
    await t.ctx.db.attachment.update({ where: { id: a.id }, data: { scanStatus: "PENDING" } });
    expect(expectError(await request(t.app).get(`/api/v1/attachments/${a.id}`).set(team.member.auth), 409, "CONFLICT").message).toBe("scan.txt is being scanned for viruses; try again in a minute");
    const details = await request(t.app).get(`/api/v1/attachments/${a.id}/details`).set(team.member.auth);
    expect(details.body.data).toMatchObject({ scanStatus: "pending", downloadable: false, urls: { preview: null } });
    await t.ctx.db.attachment.update({ where: { id: a.id }, data: { scanStatus: "INFECTED" } });
    expect(expectError(await request(t.app).get(`/api/v1/attachments/${a.id}`).set(team.member.auth), 409, "CONFLICT").message).toBe("scan.txt was found infected and deleted");
  });

  it("thumbnail: 404 until ready, then WebP inline with its signed link", async () => {
    const [a] = await created(upload(team.member, taskId, [[await files.png(32, 24), "big.png"]]));
    expectError(await request(t.app).get(`/api/v1/attachments/${a.id}/thumbnail`).set(team.member.auth), 404, "NOT_FOUND");
    // What the thumbnail job leaves behind (files.jobs.ts makes it with sharp).
    const sharp = (await import("sharp")).default;
    const webp = await sharp(await files.png(32, 24)).resize(16).webp().toBuffer();
    const key = thumbnailKey(team.workspaceId, a.id);
    await t.ctx.storage.put(key, Readable.from([webp]), { contentType: "image/webp" });
    await t.ctx.db.attachment.update({ where: { id: a.id }, data: { thumbnail: "READY", thumbnailKey: key, width: 32, height: 24 } });
    const details = (await request(t.app).get(`/api/v1/attachments/${a.id}/details`).set(team.member.auth)).body.data;
    expect(details).toMatchObject({ thumbnail: "ready", width: 32, height: 24 });
    const res = await binary(request(t.app).get(details.urls.thumbnail));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/webp");
    expect(res.headers["content-disposition"]).toBe('inline; filename="big.webp"');
    expect((res.body as Buffer).equals(webp)).toBe(true);
  });
});

describe("signed links", () => {
  it("work without Bearer; fail when tampered with, for another file or variant, or expired", async () => {
    const [a, b] = await created(upload(team.member, taskId, [[await files.png(), "one.png"], [files.text(), "two.txt"]]));
    const download = new URL(a.urls.download, "http://x");
    expect(download.pathname).toBe(`/api/v1/attachments/${a.id}`);
    const res = await binary(request(t.app).get(a.urls.download));
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/^attachment;/);
    const preview = await binary(request(t.app).get(a.urls.preview));
    expect(preview.headers["content-disposition"]).toMatch(/^inline;/);
    expect(b.urls.preview).toBeNull();

    const sig = download.searchParams.get("sig")!;
    const tampered = a.urls.download.replace(`sig=${sig}`, `sig=${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`);
    expectError(await request(t.app).get(tampered), 401, "UNAUTHORIZED");
    expectError(await request(t.app).get(a.urls.download.replace(a.id, b.id)), 401, "UNAUTHORIZED");
    // A download link does not become a preview.
    expectError(await request(t.app).get(`${a.urls.download}&inline=1`), 401, "UNAUTHORIZED");
    expectError(await request(t.app).get(a.urls.download.replace(`u=${team.member.id}`, `u=${team.owner.id}`)), 401, "UNAUTHORIZED");
    expectError(await request(t.app).get(`/api/v1/attachments/${a.id}`), 401, "UNAUTHORIZED");
    const now = t.ctx.now;
    t.ctx.now = () => new Date(Date.now() + (t.ctx.config.DOWNLOAD_URL_TTL_SECONDS + 120) * 1000);
    try {
      expect(expectError(await request(t.app).get(a.urls.download), 401, "UNAUTHORIZED").message).toMatch(/expired/);
    } finally {
      t.ctx.now = now;
    }
  });

  it("fails once the user has left the workspace", async () => {
    const leaver = await createTeam(t.app, "Leaving");
    const project = await created(request(t.app).post(`/api/v1/workspaces/${leaver.workspaceId}/projects`).set(leaver.owner.auth).send({ name: "L", key: "LEA" }));
    const [a] = await created(upload(leaver.owner, project.id, [[files.text(), "plan.txt"]], "project"));
    const link = (await request(t.app).get(`/api/v1/attachments/${a.id}/details`).set(leaver.member.auth)).body.data.urls.download;
    expect((await request(t.app).get(link)).status).toBe(200);
    expect((await request(t.app).delete(`/api/v1/workspaces/${leaver.workspaceId}/members/${leaver.member.id}`).set(leaver.owner.auth)).status).toBe(204);
    expectError(await request(t.app).get(link), 404, "NOT_FOUND");
  });
});

describe("events after commit", () => {
  it("attachment.created and attachment.deleted reach a socket in the task's room; a refused upload sends nothing", async () => {
    const socket = await connectSocket(t.url, team.viewer.accessToken);
    try {
      const { joined } = await join(socket, [`task:${taskId}`]);
      expect(joined).toEqual([`task:${taskId}`]);
      const createdEvent = nextEvent(socket, "attachment.created", (p: { data: { entityId: string } }) => p.data.entityId === taskId);
      const [a] = await created(upload(team.member, taskId, [[files.text(), "live.txt"]]));
      const event = await createdEvent;
      expect(event.data).toEqual({ id: a.id, workspaceId: team.workspaceId, entityType: "task", entityId: taskId, projectId, taskId, uploaderId: team.member.id });
      expect(JSON.stringify(event)).not.toContain("sig=");
      const deletedEvent = nextEvent(socket, "attachment.deleted", (p: { data: { id: string } }) => p.data.id === a.id);
      expect((await request(t.app).delete(`/api/v1/attachments/${a.id}`).set(team.member.auth)).status).toBe(204);
      await deletedEvent;
      const sentinel = await sentinelFor(t.app, team.viewer, socket);
      await expectNotReceived(socket, ["attachment.created"], async () => {
        const res = await upload(team.member, taskId, [[files.text(), "ok.txt"], [files.windowsExe(), "bad.png"]]);
        expect(res.status).toBe(415);
      }, sentinel);
    } finally {
      socket.close();
    }
  });
});
