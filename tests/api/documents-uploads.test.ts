import crypto from "node:crypto";
import { Transform, type Readable } from "node:stream";
import request from "supertest";
import { createTestApp, expectError, type TestApp, type TestUser } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";
import { eventually } from "../helpers/eventually";
import * as files from "../helpers/files";

/**
 * Document uploads through the files pipeline (issue 17): the workspace quota (attachments and
 * documents together), the attachments' upload rate limit, and no plaintext at rest: what reaches
 * file storage is the AES-256-GCM ciphertext, and it is removed once the text is extracted.
 */

async function created<T = any>(req: request.Test): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await req;
  if (res.status !== 201) throw new Error(`answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as T;
}

async function newProject(t: TestApp, team: Team, key: string): Promise<string> {
  return (await created(request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: key, key }))).id;
}

const upload = (t: TestApp, user: TestUser, project: string, bytes: Buffer, name: string) => request(t.app).post(`/api/v1/projects/${project}/documents`).set(user.auth).attach("file", bytes, { filename: name });

async function storedKeys(t: TestApp): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of t.ctx.storage.list("")) keys.push(o.key);
  return keys;
}

describe("document uploads: quota", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_MAX_FILE_MB: "0.02", UPLOAD_WORKSPACE_QUOTA_MB: "0.05", RATE_LIMIT_UPLOADS_PER_HOUR: "100000" } });
  }, 30_000);
  afterAll(() => t.close());

  it("counts documents and attachments against UPLOAD_WORKSPACE_QUOTA_MB: over it → 413 naming the quota, nothing stored", async () => {
    const team = await createTeam(t.app, "Quota docs");
    const project = await newProject(t, team, "QDC");
    // 20 000 + 20 000 bytes of documents, then a 10 000-byte attachment: 50 000 of the 52 428.
    await created(upload(t, team.member, project, files.textOfSize(20_000), "a.txt"));
    await created(upload(t, team.member, project, files.textOfSize(20_000), "b.txt"));
    await created(request(t.app).post("/api/v1/attachments").set(team.member.auth).field("entityType", "project").field("entityId", project).attach("file", files.textOfSize(10_000), "c.txt"));
    const keysBefore = (await storedKeys(t)).length;
    const over = expectError(await upload(t, team.member, project, files.textOfSize(5_000), "d.txt"), 413, "PAYLOAD_TOO_LARGE");
    expect(over.message).toMatch(/workspace's 51\.2 KB storage quota/);
    expect((over as unknown as { limit: { kind: string } }).limit.kind).toBe("workspace");
    expect(await t.ctx.db.document.count({ where: { projectId: project } })).toBe(2);
    // An attachment is refused too: the documents fill the quota.
    expectError(await request(t.app).post("/api/v1/attachments").set(team.member.auth).field("entityType", "project").field("entityId", project).attach("file", files.textOfSize(5_000), "e.txt"), 413, "PAYLOAD_TOO_LARGE");
    expect((await storedKeys(t)).length).toBeLessThanOrEqual(keysBefore);
    // A document created from JSON text counts too: 2,428 bytes are left.
    const json = (name: string, bytes: number) => request(t.app).post(`/api/v1/projects/${project}/documents`).set(team.member.auth).send({ name, content: "x".repeat(bytes) });
    const jsonOver = expectError(await json("notes.md", 5_000), 413, "PAYLOAD_TOO_LARGE");
    expect(jsonOver.message).toBe("notes.md does not fit: the workspace's 51.2 KB storage quota would be exceeded");
    expect(await t.ctx.db.document.count({ where: { projectId: project } })).toBe(2);
    await created(json("short.md", 2_000));
    expectError(await json("one-more.md", 1_000), 413, "PAYLOAD_TOO_LARGE");
    // Another workspace has its own quota.
    const other = await createTeam(t.app, "Quota other");
    await created(upload(t, other.member, await newProject(t, other, "QOT"), files.textOfSize(5_000), "f.txt"));
  });

  it("refuses a file over UPLOAD_MAX_FILE_MB mid-stream with the pipeline's 413", async () => {
    const team = await createTeam(t.app, "Big docs");
    const project = await newProject(t, team, "BIG");
    const err = expectError(await upload(t, team.member, project, files.textOfSize(30_000), "big.txt"), 413, "PAYLOAD_TOO_LARGE");
    expect(err.message).toBe("big.txt is larger than the 20.5 KB limit per file");
    expect(await t.ctx.db.document.count({ where: { projectId: project } })).toBe(0);
  });
});

describe("document uploads: rate limit", () => {
  it("answers 429 after RATE_LIMIT_UPLOADS_PER_HOUR uploads of a user (documents and attachments together); JSON documents are not uploads", async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_UPLOADS_PER_HOUR: "3" } });
    try {
      const team = await createTeam(t.app, "Rate docs");
      const project = await newProject(t, team, "RTD");
      expect((await upload(t, team.member, project, files.text(), "1.txt")).status).toBe(201);
      expect((await upload(t, team.member, project, files.text(), "2.txt")).status).toBe(201);
      expect((await request(t.app).post("/api/v1/attachments").set(team.member.auth).field("entityType", "project").field("entityId", project).attach("file", files.text(), "3.txt")).status).toBe(201);
      const fourth = await upload(t, team.member, project, files.text(), "4.txt");
      expectError(fourth, 429, "RATE_LIMITED");
      expect(Number(fourth.headers["retry-after"])).toBeGreaterThan(0);
      expect(await t.ctx.db.document.count({ where: { projectId: project } })).toBe(2);
      // Creating from text is not an upload; another user still uploads.
      expect((await request(t.app).post(`/api/v1/projects/${project}/documents`).set(team.member.auth).send({ name: "typed.md", content: "# Typed" })).status).toBe(201);
      expect((await upload(t, team.admin, project, files.text(), "5.txt")).status).toBe(201);
    } finally {
      await t.close();
    }
  });
});

describe("document uploads: encryption at rest", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_UPLOADS_PER_HOUR: "100000" } });
  }, 30_000);
  afterAll(() => t.close());

  it("storage receives only ciphertext (it decrypts with the row's IV and tag to the upload), and the object is removed once extracted", async () => {
    const team = await createTeam(t.app, "Sealed docs");
    const project = await newProject(t, team, "SEA");
    const marker = `plaintext-marker-${crypto.randomUUID()}`;
    const plaintext = Buffer.from(`# Secret plan\n\nThe ${marker} must never be at rest in the clear.\n`);
    // Record what the pipeline hands to storage (the real driver still stores it).
    const storage = t.ctx.storage;
    const put = storage.put.bind(storage);
    const written = new Map<string, Buffer>();
    storage.put = async (key: string, body: Readable, options) => {
      const chunks: Buffer[] = [];
      const tap = new Transform({ transform: (c: Buffer, _enc, cb) => (chunks.push(c), cb(null, c)) });
      body.on("error", (err) => tap.destroy(err));
      await put(key, body.pipe(tap), options);
      written.set(key, Buffer.concat(chunks));
    };
    let doc: { id: string; status: string; mimeType: string };
    try {
      doc = await created(upload(t, team.member, project, plaintext, "plan.md"));
    } finally {
      storage.put = put;
    }
    expect(doc.mimeType).toBe("text/markdown");
    expect(written.size).toBe(1);
    const [key, stored] = [...written][0]!;
    expect(key).toContain(doc.id);
    expect(stored.includes(Buffer.from(marker))).toBe(false);
    expect(stored.length).toBe(plaintext.length); // GCM: ciphertext as long as the plaintext; IV and tag are in the row
    const row = await t.ctx.db.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.sourceStorageKey ?? key).toBe(key);

    const ready = await eventually(async () => {
      const d = (await request(t.app).get(`/api/v1/documents/${doc.id}`).set(team.member.auth)).body.data;
      if (d.status === "failed") throw new Error(`extraction failed: ${d.errorDetail}`);
      return d.status === "ready" ? d : false;
    }, { what: "the document extracted", timeoutMs: 20_000 });
    expect(ready.content).toContain(marker);
    // The upload's copy is gone from storage and from the row; the row holds no plaintext.
    await eventually(async () => !(await storedKeys(t)).includes(key), { what: "the stored upload removed" });
    const after = await t.ctx.db.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect({ source: after.source, sourceKeyId: after.sourceKeyId, sourceStorageKey: after.sourceStorageKey }).toEqual({ source: null, sourceKeyId: null, sourceStorageKey: null });
    const raw = await t.ctx.db.$queryRaw<Array<{ row: string }>>`SELECT row_to_json(d)::text AS row FROM documents d WHERE id = ${doc.id}::uuid`;
    expect(raw[0]!.row).not.toContain(marker);
  });

  it("a deleted pending document takes its stored upload with it", async () => {
    const team = await createTeam(t.app, "Deleted docs");
    const project = await newProject(t, team, "DEL");
    const doc = await created(upload(t, team.member, project, files.text("to be deleted\n"), "gone.txt"));
    const row = await t.ctx.db.document.findUniqueOrThrow({ where: { id: doc.id } });
    await request(t.app).delete(`/api/v1/documents/${doc.id}`).set(team.member.auth).expect(204);
    if (row.sourceStorageKey) await eventually(async () => !(await storedKeys(t)).includes(row.sourceStorageKey!), { what: "the stored upload removed" });
    expect((await storedKeys(t)).some((k) => k.includes(doc.id))).toBe(false);
  });
});
