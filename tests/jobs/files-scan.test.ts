import crypto from "node:crypto";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterUpload, requeueStuck, scanAttachment, scanJob, sweepOrphansJob } from "../../src/modules/files/files.jobs";
import { parseClamdReply, scanStream, ScannerUnavailableError, ScanTooLargeError } from "../../src/modules/files/scanner";
import { EICAR, startScriptedClamd, type ScriptedClamd } from "../helpers/clamd";
import { eventually } from "../helpers/eventually";
import { bytesOf, filesJobsWorld, seedAttachment } from "../helpers/files-jobs";

/**
 * Virus scanning (SPEC §4.7) against a scripted clamd: a real TCP server that
 * reassembles zINSTREAM chunks and answers FOUND for the EICAR test string.
 */

let clamd: ScriptedClamd;
beforeAll(async () => {
  clamd = await startScriptedClamd();
});
const world = filesJobsWorld(() => ({ CLAMAV_HOST: clamd.host, CLAMAV_PORT: String(clamd.port), CLAMAV_TIMEOUT_MS: "1500" }), "Scanning", "SCN");
afterAll(() => clamd.stop());
const events = world.events;

const png = () => sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366ff" } }).png().toBuffer();
const pendingOnTask = (bytes: Buffer, mimeType: string, fileName: string, thumbnail: "NONE" | "PENDING" = "NONE") =>
  seedAttachment(world.t.ctx, { workspaceId: world.team.workspaceId, entityId: world.task.taskId, projectId: world.task.projectId, uploaderId: world.team.member.id, bytes, mimeType, fileName, scanStatus: "PENDING", thumbnail });
const row = (id: string) => world.t.ctx.db.attachment.findUniqueOrThrow({ where: { id } });
const updatesOf = (id: string) => events.filter((e) => e.type === "attachment.updated" && (e.data as { id: string }).id === id);

describe("virus scanning (files.scan)", () => {
  it("clean: CLEAN with scannedAt, the exact bytes went to clamd, then the image's thumbnail; one attachment.updated per change", async () => {
    const bytes = await png();
    const a = await pendingOnTask(bytes, "image/png", "diagram.png", "PENDING");
    await afterUpload(world.t.ctx, [a.id]);
    const done = await eventually(async () => ((await row(a.id)).thumbnail === "READY" ? row(a.id) : false), { what: "the scan, then the thumbnail" });
    expect(done).toMatchObject({ scanStatus: "CLEAN", scanDetail: null, width: 64, height: 48 });
    expect(done.scannedAt).toBeInstanceOf(Date);
    expect(clamd.scans.some((s) => s.equals(bytes))).toBe(true);
    await world.t.ctx.events.drain();
    expect(updatesOf(a.id)).toHaveLength(2); // the verdict, then the thumbnail
    expect(updatesOf(a.id)[0]).toMatchObject({ workspaceId: world.team.workspaceId, rooms: [`project:${world.task.projectId}`, `task:${world.task.taskId}`], data: { entityType: "task", entityId: world.task.taskId, taskId: world.task.taskId } });
  });

  it("infected (EICAR across a chunk boundary): bytes deleted, INFECTED with the signature, the uploader notified", async () => {
    // 64 KB chunks: the test string straddles the first boundary, so clamd only sees it when the chunks are reassembled.
    const bytes = Buffer.concat([crypto.randomBytes(64 * 1024 - 20), Buffer.from(EICAR), crypto.randomBytes(100_000)]);
    const a = await pendingOnTask(bytes, "application/pdf", "invoice.pdf");
    expect(await scanJob(world.t.ctx).perform({ attachmentId: a.id }, { attempt: 1, jobId: "x" })).toBe("infected");
    expect(await row(a.id)).toMatchObject({ scanStatus: "INFECTED", scanDetail: "Eicar-Signature", thumbnail: "NONE", thumbnailKey: null });
    await expect(world.t.ctx.storage.get(a.storageKey)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const note = await eventually(async () => (await world.t.ctx.db.notification.findFirst({ where: { userId: world.team.member.id, type: "ATTACHMENT_INFECTED" } })) ?? false, { what: "the uploader's ATTACHMENT_INFECTED notification" });
    expect(note).toMatchObject({
      workspaceId: world.team.workspaceId,
      title: "invoice.pdf was found infected and deleted",
      link: `/w/${world.team.workspaceId}/tasks/${world.task.taskId}`,
      data: { attachmentId: a.id, entityType: "task", entityId: world.task.taskId, signature: "Eicar-Signature" },
    });
    expect(note.body).toContain("Eicar-Signature");
    // Nobody else hears of it.
    expect(await world.t.ctx.db.notification.count({ where: { type: "ATTACHMENT_INFECTED", userId: { in: [world.team.owner.id, world.team.admin.id] } } })).toBe(0);
  });

  it("is idempotent: a decided attachment is not scanned again and changes nothing", async () => {
    const a = await pendingOnTask(Buffer.from("plain words\n"), "text/plain", "notes.txt");
    expect(await scanAttachment(world.t.ctx, a.id)).toBe("clean");
    const [before, connections, updates] = [await row(a.id), clamd.connections, updatesOf(a.id).length];
    expect(await scanAttachment(world.t.ctx, a.id)).toBe("skipped");
    expect(await scanAttachment(world.t.ctx, crypto.randomUUID())).toBe("skipped"); // deleted meanwhile
    await world.t.ctx.events.drain();
    expect(await row(a.id)).toEqual(before);
    expect(clamd.connections).toBe(connections);
    expect(updatesOf(a.id)).toHaveLength(updates);
  });

  it("clamd down: the job throws (retried), the attachment stays PENDING and says why; clamd back → the queue's retry makes it CLEAN", async () => {
    expect(scanJob(world.t.ctx)).toMatchObject({ attempts: 8, backoffMs: 5000 });
    await clamd.stop();
    try {
      const direct = await pendingOnTask(Buffer.from("a report\n"), "text/plain", "report.txt");
      await expect(scanJob(world.t.ctx).perform({ attachmentId: direct.id }, { attempt: 1, jobId: "x" })).rejects.toThrow(ScannerUnavailableError);
      expect(await row(direct.id)).toMatchObject({ scanStatus: "PENDING", scannedAt: null, scanDetail: expect.stringMatching(/^Not scanned yet: clamd at 127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)/) });

      // Through the real queue: the first try fails while clamd is down, the retry 5 s later finds it back.
      const queued = await pendingOnTask(Buffer.from("minutes of the meeting\n"), "text/plain", "minutes.txt");
      await afterUpload(world.t.ctx, [queued.id]);
      await eventually(async () => (await row(queued.id)).scanDetail?.includes("unreachable") ?? false, { what: "the first, failed scan" });
      expect((await row(queued.id)).scanStatus).toBe("PENDING");
    } finally {
      await clamd.start();
    }
    const later = await eventually(async () => (await world.t.ctx.db.attachment.findFirst({ where: { fileName: "minutes.txt", workspaceId: world.team.workspaceId, scanStatus: "CLEAN" } })) ?? false, {
      what: "the retried scan",
      timeoutMs: 15_000,
    });
    expect(later.scanDetail).toBeNull();
  });

  it("a scan still pending a quarter of an hour after the upload (its job lost or out of tries) is queued again by the hourly sweep", async () => {
    const lost = await pendingOnTask(Buffer.from("uploaded before a restart\n"), "text/plain", "lost.txt");
    const recent = await pendingOnTask(Buffer.from("just uploaded\n"), "text/plain", "recent.txt");
    await world.t.ctx.db.attachment.update({ where: { id: lost.id }, data: { createdAt: new Date(Date.now() - 60 * 60_000) } });
    const result = (await sweepOrphansJob(world.t.ctx).perform({}, { attempt: 1, jobId: "x" })) as { requeued: Awaited<ReturnType<typeof requeueStuck>> };
    expect(result.requeued.scans).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await row(lost.id)).scanStatus === "CLEAN", { what: "the requeued scan" });
    expect((await row(recent.id)).scanStatus).toBe("PENDING"); // its own job is on its way: left alone
  });

  it("a file longer than clamd accepts (StreamMaxLength) stays PENDING saying what to change, is not retried with backoff, and is scanned once clamd accepts it", async () => {
    const a = await pendingOnTask(crypto.randomBytes(200_000), "application/octet-stream", "render.bin");
    clamd.setStreamMaxLength(100_000);
    try {
      const before = clamd.connections;
      expect(await scanJob(world.t.ctx).perform({ attachmentId: a.id }, { attempt: 1, jobId: "x" })).toBe("skipped");
      expect(clamd.connections).toBe(before + 1);
      expect(await row(a.id)).toMatchObject({ scanStatus: "PENDING", scannedAt: null, scanDetail: expect.stringMatching(/^Too large for the virus scanner: clamd refuses streams of 200000 bytes \(raise StreamMaxLength/) });
    } finally {
      clamd.setStreamMaxLength(25 * 1024 * 1024);
    }
    // clamd.conf changed: the next try (the hourly requeue's) decides it.
    expect(await scanAttachment(world.t.ctx, a.id)).toBe("clean");
    expect(await row(a.id)).toMatchObject({ scanStatus: "CLEAN", scanDetail: null });
  });

  it("clamd that never answers: the scan gives up after CLAMAV_TIMEOUT_MS and throws", async () => {
    const a = await pendingOnTask(Buffer.from("slow\n"), "text/plain", "slow.txt");
    clamd.hang(true);
    try {
      const started = Date.now();
      await expect(scanAttachment(world.t.ctx, a.id)).rejects.toThrow(/gave no verdict within 1500 ms/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      clamd.hang(false);
    }
    expect((await row(a.id)).scanStatus).toBe("PENDING");
  });

  it("the client speaks the protocol: large streams in chunks, clamd's errors are failures, not verdicts", async () => {
    const big = crypto.randomBytes(3 * 1024 * 1024 + 7);
    const address = { host: clamd.host, port: clamd.port, timeoutMs: 5000 };
    expect(await scanStream(address, Readable.from([big]))).toEqual({ infected: false });
    expect(clamd.scans[clamd.scans.length - 1].equals(big)).toBe(true);
    expect(await scanStream(address, Readable.from([Buffer.from(`x${EICAR}y`)]))).toEqual({ infected: true, signature: "Eicar-Signature" });
    expect(parseClamdReply("stream: Win.Test.EICAR_HDB-1 FOUND\0")).toEqual({ infected: true, signature: "Win.Test.EICAR_HDB-1" });
    expect(() => parseClamdReply("INSTREAM size limit exceeded. ERROR\0")).toThrow(ScanTooLargeError);
    expect(() => parseClamdReply("INSTREAM: protocol error. ERROR\0")).toThrow(/clamd answered "INSTREAM: protocol error. ERROR"/);
    expect(() => parseClamdReply("")).toThrow(/without a verdict/);
    // A storage stream that fails mid-way is a failure too (retried), never a clean verdict.
    const broken = new Readable({ read() { this.destroy(new Error("disk read failed")); } });
    await expect(scanStream(address, broken)).rejects.toThrow(/disk read failed/);
  });

  it("the stored bytes are untouched by a clean scan", async () => {
    const bytes = crypto.randomBytes(10_000);
    const a = await pendingOnTask(bytes, "application/zip", "archive.zip");
    await scanAttachment(world.t.ctx, a.id);
    expect((await bytesOf(await world.t.ctx.storage.get(a.storageKey))).equals(bytes)).toBe(true);
  });
});
