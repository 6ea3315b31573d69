import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import request from "supertest";
import type { Attachment } from "../../src/generated/prisma/client";
import { fileKey, thumbnailKey } from "../../src/modules/files/storage";
import { sweepOrphans, TRASHED_TASK_GRACE_MS } from "../../src/modules/files/orphans";
import { sweepOrphansJob } from "../../src/modules/files/files.jobs";
import { createTestApp, type TestApp } from "../helpers/app";
import { ownDataDir, projectWithTask, seedAttachment } from "../helpers/files-jobs";
import { createTeam, type Team } from "../helpers/team";

/**
 * The orphan sweep (SPEC §4.7): attachments whose entity is gone go with their
 * bytes and thumbnails; stored objects nobody points at go once an hour old.
 * Everything alive stays.
 */

let t: TestApp;
let team: Team;
const dataDir = ownDataDir();
const uploads = path.join(dataDir, "uploads");

beforeAll(async () => {
  t = await createTestApp({ env: { DATA_DIR: dataDir } });
  team = await createTeam(t.app, "Orphans");
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const HOUR = 3600_000;
const exists = (key: string) => fs.existsSync(path.join(uploads, key));
/** Makes a stored object look `ms` old (the local driver reports the file's mtime). */
const age = (key: string, ms: number) => {
  const when = new Date(Date.now() - ms);
  fs.utimesSync(path.join(uploads, key), when, when);
};
const put = async (key: string) => t.ctx.storage.put(key, Readable.from([Buffer.from(`bytes of ${key}`)]), { contentType: "application/octet-stream" });
const stillThere = async (a: Attachment) => Boolean(await t.ctx.db.attachment.findUnique({ where: { id: a.id } })) && exists(a.storageKey);
const goneForGood = async (a: Attachment) => !(await t.ctx.db.attachment.findUnique({ where: { id: a.id } })) && !exists(a.storageKey) && !(a.thumbnailKey && exists(a.thumbnailKey));

describe("orphan sweep (files.sweep-orphans)", () => {
  it("removes the attachments of deleted tasks, comments, projects and bookings with their bytes; keeps the live ones and the trash within its grace", async () => {
    const ws = team.workspaceId;
    const owner = team.owner;
    const { projectId, taskId } = await projectWithTask(t.app, owner, ws, "ORP");
    const attach = (entityType: Attachment["entityType"], entityId: string, project: string | null = projectId) =>
      seedAttachment(t.ctx, { workspaceId: ws, entityType, entityId, projectId: project, uploaderId: owner.id, bytes: crypto.randomBytes(100), mimeType: "application/pdf" });
    const newTask = async (title: string, project = projectId) => (await request(t.app).post(`/api/v1/projects/${project}/tasks`).set(owner.auth).send({ title }).expect(201)).body.data.id as string;
    const newComment = async (task: string) => (await request(t.app).post(`/api/v1/tasks/${task}/comments`).set(owner.auth).send({ body: "see attached" }).expect(201)).body.data.id as string;

    // Alive: a task, a comment on it, the project, a booking.
    const liveComment = await newComment(taskId);
    const artist = await t.ctx.db.artist.create({ data: { workspaceId: ws, name: "Ada Animator" } });
    const booking = (day: number) => t.ctx.db.booking.create({ data: { workspaceId: ws, artistId: artist.id, title: "Storyboards", startTime: new Date(Date.UTC(2031, 0, day, 9)), endTime: new Date(Date.UTC(2031, 0, day, 17)), status: "CONFIRMED" } });
    const liveBooking = await booking(6);
    const live = [await attach("TASK", taskId), await attach("COMMENT", liveComment), await attach("PROJECT", projectId), await attach("BOOKING", liveBooking.id, null)];

    // In the trash since just now: restorable, so its files stay.
    const trashed = await newTask("Deleted a minute ago");
    const inTrash = await attach("TASK", trashed);
    await request(t.app).delete(`/api/v1/tasks/${trashed}`).set(owner.auth).expect(204);

    // Gone: a task deleted for good (with a thumbnail), a task in the trash past the grace period (and its comment's file),
    // a deleted comment, a deleted project (its own files and its tasks'), a deleted booking.
    const hardDeleted = await newTask("Hard deleted");
    const withThumbnail = await attach("TASK", hardDeleted);
    const thumb = thumbnailKey(ws, withThumbnail.id);
    await put(thumb);
    await t.ctx.db.attachment.update({ where: { id: withThumbnail.id }, data: { thumbnail: "READY", thumbnailKey: thumb } });
    await t.ctx.db.task.delete({ where: { id: hardDeleted } });

    const longTrashed = await newTask("Deleted long ago");
    const longTrashedComment = await newComment(longTrashed);
    const ofLongTrashed = [await attach("TASK", longTrashed), await attach("COMMENT", longTrashedComment)];
    await t.ctx.db.task.update({ where: { id: longTrashed }, data: { deletedAt: new Date(Date.now() - TRASHED_TASK_GRACE_MS - HOUR) } });

    const deletedComment = await newComment(taskId);
    const ofDeletedComment = await attach("COMMENT", deletedComment);
    await request(t.app).delete(`/api/v1/comments/${deletedComment}`).set(owner.auth).expect(204);

    const doomed = await projectWithTask(t.app, owner, ws, "DOO");
    const ofDoomed = [await attach("PROJECT", doomed.projectId, doomed.projectId), await attach("TASK", doomed.taskId, doomed.projectId)];
    await request(t.app).delete(`/api/v1/projects/${doomed.projectId}`).set(owner.auth).expect(204);

    const cancelled = await booking(7);
    const ofDeletedBooking = await attach("BOOKING", cancelled.id, null);
    await t.ctx.db.booking.delete({ where: { id: cancelled.id } });

    const gone = [await t.ctx.db.attachment.findUniqueOrThrow({ where: { id: withThumbnail.id } }), ...ofLongTrashed, ofDeletedComment, ...ofDoomed, ofDeletedBooking];
    for (const a of gone) expect(exists(a.storageKey)).toBe(true);

    const result = await sweepOrphans(t.ctx, { batchSize: 2 }); // small batches: paging past deleted rows
    expect(result.rows).toBeGreaterThanOrEqual(gone.length); // (other files' orphans in this run's database may go too)
    for (const a of gone) expect({ id: a.id, entity: a.entityType, gone: await goneForGood(a) }).toEqual({ id: a.id, entity: a.entityType, gone: true });
    expect(exists(thumb)).toBe(false);
    for (const a of [...live, inTrash]) expect({ id: a.id, entity: a.entityType, kept: await stillThere(a) }).toEqual({ id: a.id, entity: a.entityType, kept: true });

    // Restoring the recently deleted task brings it back with its file.
    await request(t.app).post(`/api/v1/tasks/${trashed}/restore`).set(owner.auth).expect(200);
    expect(await stillThere(inTrash)).toBe(true);
  });

  it("removes stored objects older than an hour that no row points at (crashed uploads, stray thumbnails, a deleted workspace's files); keeps fresh ones, live ones and keys that are not ours", async () => {
    const ws = team.workspaceId;
    const { projectId, taskId } = await projectWithTask(t.app, team.owner, ws, "STR");
    const liveOld = await seedAttachment(t.ctx, { workspaceId: ws, entityId: taskId, projectId, bytes: Buffer.from("old but alive"), mimeType: "text/plain" });
    age(liveOld.storageKey, 30 * 24 * HOUR);

    const crashed = fileKey(ws, crypto.randomUUID());
    const strayThumbnail = thumbnailKey(ws, crypto.randomUUID());
    const halfWritten = `${fileKey(ws, crypto.randomUUID())}.${crypto.randomBytes(6).toString("hex")}.part`;
    const ofDeletedWorkspace = fileKey(crypto.randomUUID(), crypto.randomUUID());
    const fresh = fileKey(ws, crypto.randomUUID()); // an upload that is still being committed
    const notOurs = "exports/readme.txt";
    for (const key of [crashed, strayThumbnail, ofDeletedWorkspace, fresh, notOurs]) await put(key);
    fs.writeFileSync(path.join(uploads, halfWritten), "half");
    for (const key of [crashed, strayThumbnail, halfWritten, ofDeletedWorkspace, notOurs]) age(key, 2 * HOUR);
    age(fresh, 50 * 60_000); // 50 minutes: not yet

    const result = await sweepOrphans(t.ctx, { batchSize: 2 });
    expect(result.objects).toBe(4);
    expect([crashed, strayThumbnail, halfWritten, ofDeletedWorkspace].filter(exists)).toEqual([]);
    expect([fresh, notOurs, liveOld.storageKey].filter(exists)).toEqual([fresh, notOurs, liveOld.storageKey]);

    // Idempotent: nothing more to do.
    expect((await sweepOrphans(t.ctx)).objects).toBe(0);
    expect(await stillThere(liveOld)).toBe(true);
  });

  it("is a job on the files queue", async () => {
    expect(sweepOrphansJob(t.ctx)).toMatchObject({ name: "files.sweep-orphans", queue: "files" });
    expect(await sweepOrphansJob(t.ctx).perform({}, { attempt: 1, jobId: "x" })).toEqual({ rows: expect.any(Number), objects: 0, requeued: { scans: 0, thumbnails: expect.any(Number) } });
  });
});
