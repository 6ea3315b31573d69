import http from "node:http";
import path from "node:path";
import request from "supertest";
import { createTestApp, expectError, type TestApp, type TestUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import * as files from "../helpers/files";
import { createHttpServer, listenOnFreePort } from "../helpers/server";
import { createTeam, type Team } from "../helpers/team";

/**
 * Every limit enforced on the server, explained, and all or nothing: per file
 * (exactly-at passes, one byte over does not, even mid-stream), per item, per
 * workspace (two uploads racing for the last bytes: at most one wins),
 * truncated and aborted bodies, the upload rate limit.
 */

const MB = 1024 * 1024;
const FILE_LIMIT = Math.floor(0.01 * MB); // 10485
const ENTITY_LIMIT = Math.floor(0.03 * MB); // 31457
const WORKSPACE_LIMIT = Math.floor(0.05 * MB); // 52428

let t: TestApp;
let server: http.Server;
let baseUrl: string;
let uploadsDir: string;

async function created(req: request.Test) {
  const res = await req;
  if (res.status !== 201) throw new Error(`answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

function upload(user: TestUser, entityType: string, entityId: string, parts: Array<[Buffer, string]>) {
  let r = request(t.app).post("/api/v1/attachments").set(user.auth).field("entityType", entityType).field("entityId", entityId);
  for (const [bytes, name] of parts) r = r.attach("file", bytes, { filename: name });
  return r;
}

async function newTask(team: Team, projectId: string, title = "task"): Promise<string> {
  return (await created(request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(team.owner.auth).send({ title }))).id;
}

async function newTeam(name: string) {
  const team = await createTeam(t.app, name);
  const project = await created(request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name, key: name.slice(0, 3).toUpperCase() }));
  return { team, projectId: project.id as string };
}

/** What the workspace has stored: rows, and files on disk. */
async function stored(workspaceId: string) {
  const rows = await t.ctx.db.attachment.findMany({ where: { workspaceId }, select: { id: true, size: true } });
  return { rows: rows.length, bytes: rows.reduce((s, r) => s + Number(r.size), 0), files: files.filesUnder(path.join(uploadsDir, workspaceId)).length };
}

interface RawResult {
  status?: number;
  body: string;
  error?: string;
  written: number;
}

/**
 * A raw upload that keeps writing `total` bytes of file (chunked, no Content-Length) in 16 KB
 * pieces (or `chunkBytes`), even after the answer arrives; resolves with the answer or the client's error.
 */
function rawUpload(user: TestUser, fields: Record<string, string>, fileName: string, total: number, opts: { end?: boolean; abortAfter?: number; chunkBytes?: number } = {}): Promise<RawResult> {
  const { contentType, head, tail } = files.multipartPieces(fields, fileName);
  const url = new URL("/api/v1/attachments", baseUrl);
  return new Promise((resolve) => {
    const result: RawResult = { body: "", written: 0 };
    const req = http.request(url, { method: "POST", headers: { "Content-Type": contentType, Authorization: user.auth.Authorization } });
    req.on("response", (res) => {
      result.status = res.statusCode;
      res.setEncoding("utf8");
      res.on("data", (c: string) => (result.body += c));
      res.on("end", () => resolve(result));
    });
    req.on("error", (err) => {
      result.error = (err as NodeJS.ErrnoException).code ?? err.message;
      resolve(result);
    });
    req.write(head);
    const chunk = Buffer.alloc(opts.chunkBytes ?? 16 * 1024, "a");
    const pump = () => {
      while (result.written < total) {
        if (opts.abortAfter !== undefined && result.written >= opts.abortAfter) {
          req.destroy();
          resolve(result);
          return;
        }
        const piece = chunk.subarray(0, Math.min(chunk.length, total - result.written));
        result.written += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (opts.end !== false) req.end(tail);
      else req.end();
    };
    pump();
  });
}

beforeAll(async () => {
  t = await createTestApp({ env: { UPLOAD_MAX_FILE_MB: "0.01", UPLOAD_MAX_ENTITY_MB: "0.03", UPLOAD_WORKSPACE_QUOTA_MB: "0.05", RATE_LIMIT_UPLOADS_PER_HOUR: "100000" } });
  uploadsDir = path.join(t.ctx.config.DATA_DIR, "uploads");
  server = createHttpServer(t.app);
  baseUrl = await listenOnFreePort(server);
}, 30_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

describe("per file", () => {
  it("a file exactly at the limit is accepted; one byte over is refused with 413 naming the limit", async () => {
    const { team, projectId } = await newTeam("Perfile");
    const taskId = await newTask(team, projectId);
    const [exact] = await created(upload(team.member, "task", taskId, [[files.textOfSize(FILE_LIMIT), "exact.txt"]]));
    expect(exact.size).toBe(FILE_LIMIT);
    const res = await upload(team.member, "task", taskId, [[files.textOfSize(FILE_LIMIT + 1), "café.txt"]]);
    const error = expectError(res, 413, "PAYLOAD_TOO_LARGE");
    expect(error.message).toBe("café.txt is larger than the 10.2 KB limit per file");
    expect(res.body.error.limit).toEqual({ kind: "file", bytes: FILE_LIMIT });
    expect(error.details).toEqual([{ field: "file", message: "is larger than the 10.2 KB limit per file" }]);
    expect(await stored(team.workspaceId)).toEqual({ rows: 1, bytes: FILE_LIMIT, files: 1 });
  });

  it("mid-stream: a client still sending reads the 413, not a connection reset; nothing is kept", async () => {
    const { team, projectId } = await newTeam("Midstream");
    const taskId = await newTask(team, projectId);
    for (let i = 0; i < 3; i++) {
      const result = await rawUpload(team.member, { entityType: "task", entityId: taskId }, "huge.txt", 4 * MB);
      expect(result.error).toBeUndefined();
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limit: { kind: "file", bytes: FILE_LIMIT } });
    }
    // Eventually, as for the aborted upload below: one CI run (of many) still found one file right after the third 413.
    // Not explained yet (UploadSession.discard awaits every put and removes every key before answering); a file that
    // stayed would still fail this.
    await eventually(async () => expect(await stored(team.workspaceId)).toEqual({ rows: 0, bytes: 0, files: 0 }), { what: "nothing kept after the 413s" });
  });
});

describe("broken bodies", () => {
  it("a truncated multipart body → 400, and nothing stored (table and storage)", async () => {
    const { team, projectId } = await newTeam("Truncated");
    const taskId = await newTask(team, projectId);
    const result = await rawUpload(team.member, { entityType: "task", entityId: taskId }, "cut.txt", 5000, { end: false });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body).error.message).toMatch(/truncated multipart body/);
    expect(await stored(team.workspaceId)).toEqual({ rows: 0, bytes: 0, files: 0 });
  });

  it("a client that aborts mid-file leaves nothing behind (no row, no file, no partial file)", async () => {
    const { team, projectId } = await newTeam("Aborted");
    const taskId = await newTask(team, projectId);
    await rawUpload(team.member, { entityType: "task", entityId: taskId }, "gone.txt", 9000, { abortAfter: 6000, chunkBytes: 1000 });
    await eventually(async () => expect(await stored(team.workspaceId)).toEqual({ rows: 0, bytes: 0, files: 0 }), { what: "the aborted upload's partial file removed" });
    // The aborted request did not stop the next one.
    await created(upload(team.member, "task", taskId, [[files.text(), "after.txt"]]));
  });
});

describe("quotas", () => {
  it("per item: a task's attachments and its comments' together stay under UPLOAD_MAX_ENTITY_MB", async () => {
    const { team, projectId } = await newTeam("Entity");
    const taskId = await newTask(team, projectId);
    const comment = await created(request(t.app).post(`/api/v1/tasks/${taskId}/comments`).set(team.member.auth).send({ body: "c" }));
    await created(upload(team.member, "task", taskId, [[files.textOfSize(10000), "a.txt"], [files.textOfSize(10000), "b.txt"]]));
    await created(upload(team.member, "comment", comment.id, [[files.textOfSize(10000), "c.txt"]]));
    const res = await upload(team.member, "comment", comment.id, [[files.textOfSize(2000), "d.txt"]]);
    expect(expectError(res, 413, "PAYLOAD_TOO_LARGE").message).toMatch(/exceed the 30.7 KB limit/);
    expect(res.body.error.limit).toEqual({ kind: "entity", bytes: ENTITY_LIMIT });
    // Another task of the same workspace still has room.
    await created(upload(team.member, "task", await newTask(team, projectId, "other"), [[files.textOfSize(2000), "d.txt"]]));
    expect(await stored(team.workspaceId)).toEqual({ rows: 4, bytes: 32000, files: 4 });
  });

  it("per workspace: UPLOAD_WORKSPACE_QUOTA_MB over all its items", async () => {
    const { team, projectId } = await newTeam("Workspace");
    const [a, b] = [await newTask(team, projectId, "a"), await newTask(team, projectId, "b")];
    await created(upload(team.member, "task", a, [[files.textOfSize(10000), "1.txt"], [files.textOfSize(10000), "2.txt"], [files.textOfSize(10000), "3.txt"]]));
    await created(upload(team.member, "task", b, [[files.textOfSize(10000), "4.txt"], [files.textOfSize(10000), "5.txt"]]));
    const res = await upload(team.member, "task", b, [[files.textOfSize(3000), "6.txt"]]);
    expect(expectError(res, 413, "PAYLOAD_TOO_LARGE").message).toMatch(/workspace's 51.2 KB storage quota/);
    expect(res.body.error.limit).toEqual({ kind: "workspace", bytes: WORKSPACE_LIMIT });
    expect(await stored(team.workspaceId)).toEqual({ rows: 5, bytes: 50000, files: 5 });
  });

  it("two uploads racing for the last bytes of the quota: at most one wins", async () => {
    const { team, projectId } = await newTeam("Race");
    const [a, b, c, d] = [await newTask(team, projectId, "a"), await newTask(team, projectId, "b"), await newTask(team, projectId, "c"), await newTask(team, projectId, "d")];
    await created(upload(team.member, "task", a, [[files.textOfSize(10000), "1.txt"], [files.textOfSize(10000), "2.txt"], [files.textOfSize(10000), "3.txt"]]));
    await created(upload(team.member, "task", b, [[files.textOfSize(10000), "4.txt"]]));
    // 40000 of 52428 used: each of these fits alone, not both.
    const results = await Promise.all([upload(team.member, "task", c, [[files.textOfSize(8000), "c.txt"]]), upload(team.admin, "task", d, [[files.textOfSize(8000), "d.txt"]])]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 413]);
    expect(results.find((r) => r.status === 413)!.body.error.limit.kind).toBe("workspace");
    expect(await stored(team.workspaceId)).toEqual({ rows: 5, bytes: 48000, files: 5 });
  });
});

describe("upload rate limit", () => {
  it("answers 429 after RATE_LIMIT_UPLOADS_PER_HOUR uploads of a user, with Retry-After", async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_UPLOADS_PER_HOUR: "2" } });
    try {
      const team = await createTeam(limited.app, "Rate");
      const project = await created(request(limited.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Rate", key: "RAT" }));
      const send = (user: TestUser) => request(limited.app).post("/api/v1/attachments").set(user.auth).field("entityType", "project").field("entityId", project.id).attach("file", files.text(), "n.txt");
      expect((await send(team.member)).status).toBe(201);
      expect((await send(team.member)).status).toBe(201);
      const third = await send(team.member);
      expectError(third, 429, "RATE_LIMITED");
      expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
      // Per user: another member still uploads.
      expect((await send(team.admin)).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
