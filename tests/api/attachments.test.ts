import crypto from "node:crypto";
import path from "node:path";
import request from "supertest";
import { createTestApp, expectError, type TestApp, type TestUser } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";
import * as files from "../helpers/files";

/**
 * The attachments API with real multipart bodies: types decided on the bytes,
 * names kept harmless, entity access as the entity's own GET, delete rules.
 */

let t: TestApp;
let team: Team;
let other: Team;
let projectId: string;
let taskId: string;
let commentId: string;
let uploadsDir: string;

const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

async function ok<T = any>(req: request.Test, status = 201): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await req;
  if (res.status !== status) throw new Error(`answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as T;
}

/** POST /attachments with the fields first, then each file as a part named "file". */
function upload(user: TestUser, entityType: string, entityId: string, parts: Array<[Buffer, string]>) {
  let r = request(t.app).post("/api/v1/attachments").set(user.auth).field("entityType", entityType).field("entityId", entityId);
  for (const [bytes, name] of parts) r = r.attach("file", bytes, { filename: name });
  return r;
}

beforeAll(async () => {
  t = await createTestApp({ env: { UPLOAD_MAX_FILE_MB: "1", RATE_LIMIT_UPLOADS_PER_HOUR: "100000" } });
  uploadsDir = path.join(t.ctx.config.DATA_DIR, "uploads");
  [team, other] = await Promise.all([createTeam(t.app, "Files"), createTeam(t.app, "Other files")]);
  const project = await ok(request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Files", key: "FIL" }));
  projectId = project.id;
  taskId = (await ok(request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(team.owner.auth).send({ title: "With files" }))).id;
  commentId = (await ok(request(t.app).post(`/api/v1/tasks/${taskId}/comments`).set(team.member.auth).send({ body: "see attached" }))).id;
}, 30_000);

afterAll(() => t.close());

describe("types are decided on the bytes", () => {
  it.each([
    ["a PNG", () => files.png(), "pixel.png", "image/png", "image"],
    ["a JPEG", () => files.jpeg(), "photo.jpeg", "image/jpeg", "image"],
    ["a PDF", async () => files.pdf(), "doc.pdf", "application/pdf", "pdf"],
    ["a DOCX", async () => files.docx(), "letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "other"],
    ["UTF-8 text", async () => files.text(), "notes.txt", "text/plain", "text"],
    ["CSV", async () => Buffer.from("a,b\n1,2\n"), "table.csv", "text/csv", "text"],
    ["Markdown", async () => Buffer.from("# Title\n\nSome *text*.\n"), "readme.md", "text/markdown", "text"],
  ])("accepts %s with its type and SHA-256, and serves the same bytes", async (_what, make, name, mimeType, kind) => {
    const bytes = await make();
    const [a] = await ok(upload(team.member, "task", taskId, [[bytes, name]]));
    expect(a).toMatchObject({ fileName: name, mimeType, kind, size: bytes.length, sha256: sha256(bytes), entityType: "task", entityId: taskId, projectId, scanStatus: "skipped", downloadable: true, uploader: { id: team.member.id, name: "Mia Member" }, canDelete: true });
    expect(a.thumbnail).toBe(["image/png", "image/jpeg"].includes(mimeType) ? "pending" : "none");
    const res = await request(t.app).get(`/api/v1/attachments/${a.id}`).set(team.viewer.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(sha256(res.body as Buffer)).toBe(a.sha256);
    expect(res.headers["content-length"]).toBe(String(bytes.length));
    expect(files.filesUnder(uploadsDir)).toContain(path.join(team.workspaceId, a.id));
  });

  it.each([
    ["a Windows executable renamed .png", () => files.windowsExe(), "report.png", /report\.png is not a PNG image: its bytes are a Windows executable/],
    ["an executable under its own name", () => files.windowsExe(), "setup.exe", /Windows executable/],
    ["a JPEG named .png", () => files.jpeg(), "photo.png", /photo\.png is not a PNG image: its bytes are a JPEG image/],
    ["HTML named .txt", async () => files.html(), "notes.txt", /notes\.txt is not plain text: its bytes are an HTML document/],
    ["SVG", async () => files.svg(), "logo.svg", /SVG image/],
    ["SVG named .png", async () => files.svg(), "logo.png", /not a PNG image: its bytes are an SVG image/],
    ["an XML prolog named .txt", async () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), "data.txt", /SVG image/],
    ["a shell script named .txt", async () => Buffer.from("#!/bin/sh\nrm -rf /\n"), "run.txt", /script/],
    ["Latin-1 bytes named .txt", async () => files.latin1Text(), "menu.txt", /menu\.txt is not UTF-8 text/],
    ["a byte that is not UTF-8 after the first 8 KB", async () => Buffer.concat([Buffer.alloc(8192, "a"), Buffer.from([0xff]), Buffer.from("tail")]), "late.log", /late\.log is not UTF-8 text/],
    ["text cut inside a UTF-8 character", async () => Buffer.from("caf\u00e9", "utf8").subarray(0, 4), "cut.md", /cut\.md is not UTF-8 text/],
    ["text under a binary name", async () => files.text(), "image.png", /not a PNG image: its bytes are not a recognised file type/],
  ])("refuses %s (415, nothing stored)", async (_what, make, name, message) => {
    const before = files.filesUnder(uploadsDir).length;
    const rows = await t.ctx.db.attachment.count({ where: { workspaceId: team.workspaceId } });
    const res = await upload(team.member, "task", taskId, [[await make(), name]]);
    const error = expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(error.message).toMatch(message);
    expect(files.filesUnder(uploadsDir).length).toBe(before);
    expect(await t.ctx.db.attachment.count({ where: { workspaceId: team.workspaceId } })).toBe(rows);
  });

  it("two files where one is bad: nothing is stored", async () => {
    const before = files.filesUnder(uploadsDir).length;
    const rows = await t.ctx.db.attachment.count();
    const res = await upload(team.member, "task", taskId, [[await files.png(), "good.png"], [files.windowsExe(), "bad.png"]]);
    expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(files.filesUnder(uploadsDir).length).toBe(before);
    expect(await t.ctx.db.attachment.count()).toBe(rows);
  });

  it("several good files in one request: all stored, in order", async () => {
    const list = await ok(upload(team.member, "task", taskId, [[await files.png(), "one.png"], [files.pdf(), "two.pdf"], [files.text(), "three.txt"]]));
    expect(list.map((a: { fileName: string }) => a.fileName)).toEqual(["one.png", "two.pdf", "three.txt"]);
    const newest = await request(t.app).get(`/api/v1/tasks/${taskId}/attachments?perPage=3`).set(team.member.auth);
    expect(newest.body.data.map((a: { fileName: string }) => a.fileName)).toEqual(["three.txt", "two.pdf", "one.png"]);
  });
});

describe("names", () => {
  it("path traversal in a name is stored harmlessly: the name loses its directories, the key is the id", async () => {
    const [a] = await ok(upload(team.member, "task", taskId, [[files.text(), "../../etc/passwd.txt"]]));
    expect(a.fileName).toBe("passwd.txt");
    const row = await t.ctx.db.attachment.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.storageKey).toBe(`${team.workspaceId}/${a.id}`);
    const [b] = await ok(upload(team.member, "task", taskId, [[files.text(), "..\\..\\windows\\system.ini.txt"]]));
    expect(b.fileName).toBe("system.ini.txt");
    expect(files.filesUnder(path.join(t.ctx.config.DATA_DIR, "etc"))).toEqual([]);
  });

  it("keeps Unicode (café.png) and sends it RFC 5987-encoded", async () => {
    const [a] = await ok(upload(team.member, "task", taskId, [[await files.png(), "café.png"]]));
    expect(a.fileName).toBe("café.png");
    const res = await request(t.app).get(`/api/v1/attachments/${a.id}`).set(team.member.auth);
    expect(res.headers["content-disposition"]).toContain("filename*=UTF-8''caf%C3%A9.png");
    expect(res.headers["content-disposition"]).toMatch(/^attachment;/);
  });

  it("drops control characters and keeps a long name under 255 bytes with its extension", async () => {
    const long = `${"ü".repeat(200)}.txt`;
    const [a] = await ok(upload(team.member, "task", taskId, [[files.text(), "bad%0Aname\u202e\u0009.txt"], [files.text(), long]]));
    expect(a.fileName).toBe("badname.txt");
    const list = await ok(request(t.app).get(`/api/v1/tasks/${taskId}/attachments`).set(team.member.auth), 200);
    const longOne = list.find((x: { fileName: string }) => x.fileName.startsWith("üü"));
    expect(Buffer.byteLength(longOne.fileName)).toBeLessThanOrEqual(255);
    expect(longOne.fileName.endsWith(".txt")).toBe(true);
  });
});

describe("bad requests", () => {
  it("refuses a missing or unknown entityType, a bad entityId, no file, an empty file, and a JSON body", async () => {
    const file = await files.png();
    expect(expectError(await request(t.app).post("/api/v1/attachments").set(team.member.auth).field("entityId", taskId).attach("file", file, "a.png"), 400, "VALIDATION_ERROR").details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: "entityType" })]),
    );
    expect(expectError(await upload(team.member, "sprint", taskId, [[file, "a.png"]]), 400, "VALIDATION_ERROR").details?.[0].field).toBe("entityType");
    expect(expectError(await upload(team.member, "task", "not-a-uuid", [[file, "a.png"]]), 400, "VALIDATION_ERROR").details?.[0].field).toBe("entityId");
    expect(expectError(await upload(team.member, "task", taskId, []), 400, "VALIDATION_ERROR").message).toMatch(/No file/);
    expect(expectError(await upload(team.member, "task", taskId, [[Buffer.alloc(0), "empty.txt"]]), 400, "VALIDATION_ERROR").message).toMatch(/empty\.txt is empty/);
    expectError(await request(t.app).post("/api/v1/attachments").set(team.member.auth).send({ entityType: "task", entityId: taskId }), 415, "UNSUPPORTED_MEDIA_TYPE");
    const eleven = await Promise.all(Array.from({ length: 11 }, async (_x, i) => [await files.png(), `p${i}.png`] as [Buffer, string]));
    expect(expectError(await upload(team.member, "task", taskId, eleven), 400, "VALIDATION_ERROR").message).toMatch(/At most 10 files/);
    expect(expectError(await request(t.app).post("/api/v1/attachments").set(team.member.auth).field("entityType", "task").field("entityId", taskId).attach("upload", file, "a.png"), 400, "VALIDATION_ERROR").message).toMatch(/named "file"/);
  });
});

describe("multipart framing", () => {
  it("fields after the files, an unknown field, a body without its boundary: 400 saying what to send, nothing stored", async () => {
    const before = files.filesUnder(uploadsDir).length;
    const late = await request(t.app).post("/api/v1/attachments").set(team.member.auth).attach("file", files.text(), "early.txt").field("entityType", "task").field("entityId", taskId);
    expect(expectError(late, 400, "VALIDATION_ERROR").details?.map((d) => d.message).join(" ")).toMatch(/before the file parts/);
    const unknown = await request(t.app).post("/api/v1/attachments").set(team.member.auth).field("entityType", "task").field("entityId", taskId).field("colour", "red").attach("file", files.text(), "x.txt");
    expect(expectError(unknown, 400, "VALIDATION_ERROR").details?.[0].field).toBe("colour");
    const noBoundary = await request(t.app).post("/api/v1/attachments").set(team.member.auth).set("Content-Type", "multipart/form-data").send("hello");
    expect(expectError(noBoundary, 400, "VALIDATION_ERROR").message).toMatch(/multipart body is malformed/i);
    expectError(await request(t.app).post("/api/v1/attachments").set(team.member.auth).set("Content-Type", "text/plain").send("hello"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(files.filesUnder(uploadsDir).length).toBe(before);
  });
});

describe("access is the entity's", () => {
  it("VIEWER: 403 on upload, 200 on the list", async () => {
    expectError(await upload(team.viewer, "task", taskId, [[await files.png(), "v.png"]]), 403, "FORBIDDEN");
    const res = await request(t.app).get(`/api/v1/tasks/${taskId}/attachments`).set(team.viewer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((a: { canDelete: boolean }) => a.canDelete === false)).toBe(true);
  });

  it("another workspace's entity or attachment answers 404", async () => {
    const [a] = await ok(upload(team.member, "task", taskId, [[files.text(), "secret.txt"]]));
    expectError(await upload(other.owner, "task", taskId, [[files.text(), "x.txt"]]), 404, "NOT_FOUND");
    expectError(await upload(other.owner, "project", projectId, [[files.text(), "x.txt"]]), 404, "NOT_FOUND");
    expectError(await upload(team.outsider, "comment", commentId, [[files.text(), "x.txt"]]), 404, "NOT_FOUND");
    for (const p of [`/tasks/${taskId}/attachments`, `/comments/${commentId}/attachments`, `/projects/${projectId}/attachments`, `/attachments/${a.id}/details`, `/attachments/${a.id}`]) {
      expectError(await request(t.app).get(`/api/v1${p}`).set(other.owner.auth), 404, "NOT_FOUND");
    }
    expectError(await request(t.app).delete(`/api/v1/attachments/${a.id}`).set(other.owner.auth), 404, "NOT_FOUND");
  });

  it("a personal task's attachments are its creator's only", async () => {
    const personal = await ok(request(t.app).post("/api/v1/tasks").set(team.member.auth).send({ title: "mine", workspaceId: team.workspaceId }));
    const [a] = await ok(upload(team.member, "task", personal.id, [[files.text(), "private.txt"]]));
    expect(a.projectId).toBeNull();
    expectError(await request(t.app).get(`/api/v1/tasks/${personal.id}/attachments`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/attachments/${a.id}`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await upload(team.owner, "task", personal.id, [[files.text(), "x.txt"]]), 404, "NOT_FOUND");
  });

  it("comments, projects and bookings take attachments; a task lists its comments' with includeComments", async () => {
    const [onComment] = await ok(upload(team.member, "comment", commentId, [[files.text(), "comment.txt"]]));
    expect(onComment).toMatchObject({ entityType: "comment", entityId: commentId, projectId });
    const [onProject] = await ok(upload(team.admin, "project", projectId, [[files.pdf(), "brief.pdf"]]));
    expect(onProject).toMatchObject({ entityType: "project", projectId });
    const artist = await ok(request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/artists`).set(team.owner.auth).send({ name: "Ann", timezone: "UTC" }));
    const booking = await ok(
      request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/bookings`).set(team.owner.auth).send({ artistId: artist.id, title: "Session", start: "2026-06-08T10:00:00Z", end: "2026-06-08T12:00:00Z", status: "PENCIL" }),
    );
    const [onBooking] = await ok(upload(team.member, "booking", booking.id, [[files.text(), "call-sheet.txt"]]));
    expect(onBooking).toMatchObject({ entityType: "booking", projectId: null });

    const plain = await request(t.app).get(`/api/v1/tasks/${taskId}/attachments`).set(team.member.auth);
    expect(plain.body.data.some((x: { id: string }) => x.id === onComment.id)).toBe(false);
    const withComments = await request(t.app).get(`/api/v1/tasks/${taskId}/attachments?includeComments=true&perPage=100`).set(team.member.auth);
    expect(withComments.body.data.some((x: { id: string }) => x.id === onComment.id)).toBe(true);
    expect(withComments.body.meta.totalBytes).toBeGreaterThan(plain.body.meta.totalBytes);
    expect(withComments.body.meta.limits).toEqual({ fileBytes: 1024 * 1024, entityBytes: 50 * 1024 * 1024 });
    expect((await ok(request(t.app).get(`/api/v1/comments/${commentId}/attachments`).set(team.viewer.auth), 200)).map((x: { id: string }) => x.id)).toEqual([onComment.id]);
    expect((await ok(request(t.app).get(`/api/v1/projects/${projectId}/attachments`).set(team.viewer.auth), 200)).map((x: { id: string }) => x.id)).toEqual([onProject.id]);
    expect((await ok(request(t.app).get(`/api/v1/bookings/${booking.id}/attachments`).set(team.viewer.auth), 200)).map((x: { id: string }) => x.id)).toEqual([onBooking.id]);
    // Newest first, paginated.
    const page = await request(t.app).get(`/api/v1/tasks/${taskId}/attachments?perPage=2&page=1`).set(team.member.auth);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.meta.total).toBeGreaterThan(2);
    expect(Date.parse(page.body.data[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(page.body.data[1].createdAt));
  });

  it("deleting a task, a comment or a project with attachments keeps working", async () => {
    const task = await ok(request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(team.owner.auth).send({ title: "to delete" }));
    const comment = await ok(request(t.app).post(`/api/v1/tasks/${task.id}/comments`).set(team.owner.auth).send({ body: "c" }));
    await ok(upload(team.owner, "task", task.id, [[files.text(), "t.txt"]]));
    await ok(upload(team.owner, "comment", comment.id, [[files.text(), "c.txt"]]));
    expect((await request(t.app).delete(`/api/v1/comments/${comment.id}`).set(team.owner.auth)).status).toBe(204);
    expect((await request(t.app).delete(`/api/v1/tasks/${task.id}`).set(team.owner.auth)).status).toBe(204);
    expectError(await request(t.app).get(`/api/v1/tasks/${task.id}/attachments`).set(team.owner.auth), 404, "NOT_FOUND");
  });
});

describe("delete", () => {
  it("the uploader and an admin may delete; another member may not (403); the bytes go too", async () => {
    const [mine, theirs] = await ok(upload(team.member, "task", taskId, [[files.text(), "m1.txt"], [files.text(), "m2.txt"]]));
    const byAdmin = (await ok(upload(team.admin, "task", taskId, [[files.text(), "a.txt"]])))[0];
    expectError(await request(t.app).delete(`/api/v1/attachments/${byAdmin.id}`).set(team.member.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(`/api/v1/attachments/${mine.id}`).set(team.viewer.auth), 403, "FORBIDDEN");
    expect((await request(t.app).delete(`/api/v1/attachments/${mine.id}`).set(team.member.auth)).status).toBe(204);
    expect((await request(t.app).delete(`/api/v1/attachments/${theirs.id}`).set(team.admin.auth)).status).toBe(204);
    expectError(await request(t.app).get(`/api/v1/attachments/${mine.id}/details`).set(team.member.auth), 404, "NOT_FOUND");
    expect(files.filesUnder(uploadsDir)).not.toContain(path.join(team.workspaceId, mine.id));
    const activity = await t.ctx.db.activity.findMany({ where: { entityId: taskId, action: { in: ["attachment_added", "attachment_removed"] } } });
    expect(activity.some((a) => a.action === "attachment_removed" && JSON.stringify(a.before).includes("m1.txt"))).toBe(true);
    expect(activity.some((a) => a.action === "attachment_added" && JSON.stringify(a.after).includes("a.txt"))).toBe(true);
  });
});
