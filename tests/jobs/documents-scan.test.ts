import crypto from "node:crypto";
import request from "supertest";
import { EXTRACTION_ABANDONED, extractDocument, extractDocumentJob, requeueStuckDocumentsJob, WAITING_FOR_CLAMD } from "../../src/modules/documents/documents.jobs";
import { keyring } from "../../src/modules/documents/documents.service";
import { ScannerUnavailableError } from "../../src/modules/files/scanner";
import { packSealed, seal } from "../../src/lib/encryption";
import { createTestApp, type TestApp } from "../helpers/app";
import { EICAR, startScriptedClamd, type ScriptedClamd } from "../helpers/clamd";
import { eventually } from "../helpers/eventually";
import { filesJobsWorld } from "../helpers/files-jobs";
import { createTeam } from "../helpers/team";

/**
 * Virus scanning of the assistant's documents (SPEC §4.6 uploads "through the
 * files pipeline", §4.7 ClamAV): the extraction job sends the decrypted upload
 * to a scripted clamd (a real TCP server speaking zINSTREAM) before extracting
 * anything from it.
 */

let clamd: ScriptedClamd;
beforeAll(async () => {
  clamd = await startScriptedClamd();
});
const world = filesJobsWorld(() => ({ CLAMAV_HOST: clamd.host, CLAMAV_PORT: String(clamd.port), CLAMAV_TIMEOUT_MS: "1500", RATE_LIMIT_UPLOADS_PER_HOUR: "100000" }), "Doc scanning", "DSC");
afterAll(() => clamd.stop());

const upload = async (t: TestApp, auth: Record<string, string>, projectId: string, bytes: Buffer, name: string): Promise<{ id: string }> => {
  const res = await request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(auth).attach("file", bytes, { filename: name });
  if (res.status !== 201) throw new Error(`upload answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
};
const uploadHere = (bytes: Buffer, name: string) => upload(world.t, world.team.member.auth, world.task.projectId, bytes, name);
const row = (id: string) => world.t.ctx.db.document.findUniqueOrThrow({ where: { id } });
const settled = (id: string, what: string, timeoutMs = 15_000) =>
  eventually(async () => {
    const d = await row(id);
    return d.status === "ready" || d.status === "failed" ? d : false;
  }, { what, timeoutMs });
const scannedBytes = (bytes: Buffer) => clamd.scans.some((s) => s.equals(bytes));
async function storageHas(key: string): Promise<boolean> {
  for await (const o of world.t.ctx.storage.list("")) if (o.key === key) return true;
  return false;
}

/** A pending document whose upload is sealed in its row (as older uploads are), with no job queued for it. */
async function pendingWithoutJob(text: string, name: string, createdAt = new Date()) {
  const sealed = seal(keyring(world.t.ctx), text);
  return world.t.ctx.db.document.create({
    data: { workspaceId: world.team.workspaceId, projectId: world.task.projectId, name, mimeType: "text/plain", size: Buffer.byteLength(text), createdById: world.team.member.id, source: new Uint8Array(packSealed(sealed)), sourceKeyId: sealed.keyId, createdAt },
  });
}

describe("virus scan of uploaded documents (documents.extract)", () => {
  it("clean: clamd receives the decrypted upload, then the text is extracted and the document is ready", async () => {
    const marker = `clean-${crypto.randomUUID()}`;
    const bytes = Buffer.from(`# Requirements\n\nThe ${marker} is harmless.\n`);
    const doc = await uploadHere(bytes, "requirements.md");
    const done = await settled(doc.id, "the scanned document extracted");
    expect(done).toMatchObject({ status: "ready", errorDetail: null, progress: 100 });
    expect(scannedBytes(bytes)).toBe(true); // the plaintext, not the ciphertext at rest
    expect(await world.t.ctx.db.documentPassage.count({ where: { documentId: doc.id } })).toBeGreaterThan(0);
  });

  it("infected (EICAR): failed with the signature, nothing extracted or stored, the encrypted upload removed, document.failed published", async () => {
    const bytes = Buffer.from(`Meeting notes\n${EICAR}\nEnd of notes\n`);
    const doc = await uploadHere(bytes, "notes.txt");
    const key = (await row(doc.id)).sourceStorageKey;
    expect(key).toBeTruthy();
    const done = await settled(doc.id, "the infected document decided");
    expect(done).toMatchObject({ status: "failed", errorDetail: "Found infected by the virus scanner (Eicar-Signature); the file was deleted", source: null, sourceKeyId: null, sourceStorageKey: null, contentCiphertext: null, charCount: null });
    expect(scannedBytes(bytes)).toBe(true);
    expect(await world.t.ctx.db.documentPassage.count({ where: { documentId: doc.id } })).toBe(0);
    expect(await storageHas(key!)).toBe(false);
    await world.t.ctx.events.drain();
    const types = world.events.filter((e) => (e.data as { id?: string }).id === doc.id).map((e) => e.type);
    expect(types).toContain("document.failed");
    expect(types).not.toContain("document.ready");
    // The library says why.
    const listed = await request(world.t.app).get(`/api/v1/documents/${doc.id}`).set(world.team.member.auth);
    expect(listed.body.data).toMatchObject({ status: "failed", errorDetail: expect.stringContaining("Eicar-Signature") });
  });

  it("clamd down: the job throws, the document stays pending waiting for the virus scan; clamd back → the queue's retry makes it ready", async () => {
    expect(extractDocumentJob(world.t.ctx)).toMatchObject({ attempts: 8, backoffMs: 5000 });
    const bytes = Buffer.from(`Quarterly plan ${crypto.randomUUID()}\n`);
    await clamd.stop();
    let id = "";
    try {
      // Through the real queue: its first try fails while clamd is down.
      id = (await uploadHere(bytes, "plan.txt")).id;
      await eventually(async () => (await row(id)).errorDetail === WAITING_FOR_CLAMD, { what: "the first, failed scan" });
      // The job itself throws, so the queue retries it.
      await expect(extractDocumentJob(world.t.ctx).perform({ documentId: id }, { attempt: 2, jobId: "x" })).rejects.toThrow(ScannerUnavailableError);
      expect(await row(id)).toMatchObject({ status: "pending", errorDetail: WAITING_FOR_CLAMD, progress: 0, charCount: null });
      expect(await world.t.ctx.db.documentPassage.count({ where: { documentId: id } })).toBe(0);
      const shown = await request(world.t.app).get(`/api/v1/documents/${id}`).set(world.team.member.auth);
      expect(shown.body.data).toMatchObject({ status: "pending", waitingForScan: true, errorDetail: "Waiting for the virus scan: the scanner does not answer yet. The text is extracted once the file is found clean." });
    } finally {
      await clamd.start();
    }
    const done = await settled(id, "the retried scan and extraction", 20_000);
    expect(done).toMatchObject({ status: "ready", errorDetail: null });
    expect(scannedBytes(bytes)).toBe(true);
  });

  it("a document longer than clamd accepts waits (not retried with backoff), and is scanned once the hourly requeue finds clamd accepting it", async () => {
    const bytes = Buffer.from(`${"a long specification line\n".repeat(8000)}`);
    clamd.setStreamMaxLength(100_000);
    let id = "";
    try {
      const before = clamd.connections;
      id = (await uploadHere(bytes, "spec.txt")).id;
      await eventually(async () => (await row(id)).errorDetail?.startsWith("Waiting for the virus scan: too large for the virus scanner") ?? false, { what: "the refused scan" });
      expect(await row(id)).toMatchObject({ status: "pending", errorDetail: expect.stringContaining(`clamd refuses streams of ${bytes.length} bytes`) });
      expect(await extractDocument(world.t.ctx, id)).toBe("skipped"); // the job ends: a retry would only be refused again
      expect(clamd.connections).toBe(before + 2);
    } finally {
      clamd.setStreamMaxLength(25 * 1024 * 1024);
    }
    // Past a quarter of an hour, the hourly sweep queues it again.
    await world.t.ctx.db.document.update({ where: { id }, data: { createdAt: new Date(Date.now() - 60 * 60_000) } });
    await requeueStuckDocumentsJob(world.t.ctx).perform({}, { attempt: 1, jobId: "x" });
    expect(await settled(id, "the requeued scan")).toMatchObject({ status: "ready", errorDetail: null });
  });

  it("the hourly sweep queues again documents pending for a quarter of an hour (their job lost or out of tries), not the recent ones", async () => {
    const text = `lost before a restart ${crypto.randomUUID()}\n`;
    const lost = await pendingWithoutJob(text, "lost.txt", new Date(Date.now() - 60 * 60_000));
    const recent = await pendingWithoutJob("just uploaded\n", "recent.txt");
    const result = (await requeueStuckDocumentsJob(world.t.ctx).perform({}, { attempt: 1, jobId: "x" })) as { documents: number };
    expect(result.documents).toBeGreaterThanOrEqual(1);
    expect(await settled(lost.id, "the requeued document")).toMatchObject({ status: "ready" });
    expect(scannedBytes(Buffer.from(text))).toBe(true);
    expect((await row(recent.id)).status).toBe("pending"); // its own job would be on its way: left alone
  });

  it("the sweep fails a document left extracting for a quarter of an hour (its job lost mid-way) with what to do, and leaves a running one alone", async () => {
    const stopped = await pendingWithoutJob("stopped half-way\n", "stopped.txt", new Date(Date.now() - 60 * 60_000));
    const running = await pendingWithoutJob("still going\n", "running.txt");
    await world.t.ctx.db.$executeRaw`UPDATE documents SET status = 'extracting', progress = 40, updated_at = now() - interval '20 minutes' WHERE id = ${stopped.id}::uuid`;
    await world.t.ctx.db.$executeRaw`UPDATE documents SET status = 'extracting', progress = 40, updated_at = now() - interval '5 minutes' WHERE id = ${running.id}::uuid`;
    const result = (await requeueStuckDocumentsJob(world.t.ctx).perform({}, { attempt: 1, jobId: "x" })) as { abandoned: number };
    expect(result.abandoned).toBe(1);
    expect(await row(stopped.id)).toMatchObject({ status: "failed", errorDetail: EXTRACTION_ABANDONED, source: null, sourceKeyId: null });
    expect(await row(running.id)).toMatchObject({ status: "extracting", progress: 40 });
    await world.t.ctx.events.drain();
    expect(world.events.filter((e) => (e.data as { id?: string }).id === stopped.id).map((e) => e.type)).toEqual(["document.failed"]);
    // A second sweep finds nothing more to do.
    expect(((await requeueStuckDocumentsJob(world.t.ctx).perform({}, { attempt: 1, jobId: "y" })) as { abandoned: number }).abandoned).toBe(0);
    const shown = await request(world.t.app).get(`/api/v1/documents/${stopped.id}`).set(world.team.member.auth);
    expect(shown.body.data).toMatchObject({ status: "failed", waitingForScan: false, errorDetail: expect.stringContaining("Upload the file again") });
  });
});

describe("without CLAMAV_HOST", () => {
  it("nothing is scanned: clamd sees no connection and the document is extracted", async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_UPLOADS_PER_HOUR: "100000" } });
    try {
      const team = await createTeam(t.app, "Unscanned docs");
      const project = await request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Unscanned", key: "UNS" });
      const before = clamd.connections;
      const doc = await upload(t, team.member.auth, project.body.data.id, Buffer.from("Not scanned at all\n"), "plain.txt");
      const done = await eventually(async () => {
        const d = await t.ctx.db.document.findUniqueOrThrow({ where: { id: doc.id } });
        return d.status === "ready" || d.status === "failed" ? d : false;
      }, { what: "the unscanned document extracted" });
      expect(done).toMatchObject({ status: "ready", errorDetail: null });
      expect(clamd.connections).toBe(before);
    } finally {
      await t.close();
    }
  });
});
