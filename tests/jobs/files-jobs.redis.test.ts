import sharp from "sharp";
import crypto from "node:crypto";
import { BullMqJobQueue } from "../../src/jobs/bullmq.driver";
import { allJobs, scheduleRecurringJobs } from "../../src/jobs/registry";
import { afterUpload } from "../../src/modules/files/files.jobs";
import { EICAR, startScriptedClamd, type ScriptedClamd } from "../helpers/clamd";
import { eventually } from "../helpers/eventually";
import { filesJobsWorld, seedAttachment } from "../helpers/files-jobs";
import { testEnv } from "../setup/services";

// A *.redis.* file: jest.config.js runs it only when the run has Redis.
if (!testEnv.redisUrl) throw new Error("this file needs Redis; jest.config.js should have left it out");

/** The files jobs on BullMQ, as production runs them: job ids BullMQ accepts, dedupe, scan → thumbnail chain, retries. */

let clamd: ScriptedClamd;
beforeAll(async () => {
  clamd = await startScriptedClamd();
});
const world = filesJobsWorld(() => ({ CLAMAV_HOST: clamd.host, CLAMAV_PORT: String(clamd.port), CLAMAV_TIMEOUT_MS: "1500" }), "BullMQ files", "BMQ", { redis: true });
afterAll(() => clamd.stop());

const seed = (bytes: Buffer, mimeType: string, thumbnail: "NONE" | "PENDING") =>
  seedAttachment(world.t.ctx, { workspaceId: world.team.workspaceId, entityId: world.task.taskId, projectId: world.task.projectId, uploaderId: world.team.member.id, bytes, mimeType, scanStatus: "PENDING", thumbnail });
const row = (id: string) => world.t.ctx.db.attachment.findUniqueOrThrow({ where: { id } });

describe("files jobs on BullMQ", () => {
  it("the recurring jobs are scheduled in Redis with their periods: the hourly sweeps of files and documents, holds every 15 minutes", async () => {
    // A queue of its own with no workers: nothing scheduled here ever runs against the other tests' data.
    const queue = new BullMqJobQueue(testEnv.redisUrl!, allJobs(world.t.ctx), `tf:schedules-${crypto.randomUUID()}`);
    try {
      const ctx = { ...world.t.ctx, jobs: queue };
      await scheduleRecurringJobs(ctx);
      await scheduleRecurringJobs(ctx); // a second start (or instance) upserts the same schedules
      const schedulers = (await Promise.all(queue.allQueues().map((q) => q.getJobSchedulers()))).flat();
      const every = Object.fromEntries(schedulers.map((s) => [s.name, s.every]));
      expect(every).toMatchObject({ "documents.requeue-stuck": 3_600_000, "files.sweep-orphans": 3_600_000, "bookings.expire-holds": 900_000 });
      expect(schedulers.length).toBe(Object.keys(every).length); // one schedule per job
      await Promise.all(queue.allQueues().map((q) => q.obliterate({ force: true })));
    } finally {
      await queue.close();
    }
  });

  it("scan then thumbnail, once each however often afterUpload is called; EICAR ends INFECTED", async () => {
    expect(world.t.ctx.jobs.driver).toBe("bullmq");
    const image = await seed(await sharp({ create: { width: 30, height: 20, channels: 3, background: "#abcdef" } }).png().toBuffer(), "image/png", "PENDING");
    const virus = await seed(Buffer.from(`${EICAR}\n`), "text/plain", "NONE");
    const scansBefore = clamd.scans.length;
    await afterUpload(world.t.ctx, [image.id, virus.id]);
    await afterUpload(world.t.ctx, [image.id, virus.id]); // deduplicated by job id
    await eventually(async () => (await row(image.id)).thumbnail === "READY" && (await row(virus.id)).scanStatus === "INFECTED", { what: "both attachments decided", timeoutMs: 15_000 });
    expect(await row(image.id)).toMatchObject({ scanStatus: "CLEAN", width: 30, height: 20 });
    expect(await row(virus.id)).toMatchObject({ scanDetail: "Eicar-Signature" });
    expect(clamd.scans.length - scansBefore).toBe(2);
  });

  it("clamd down: BullMQ retries with backoff until clamd is back", async () => {
    await clamd.stop();
    let a;
    try {
      a = await seed(Buffer.from("quarterly numbers\n"), "text/plain", "NONE");
      await afterUpload(world.t.ctx, [a.id]);
      await eventually(async () => (await row(a!.id)).scanDetail?.includes("unreachable") ?? false, { what: "the first, failed try" });
      expect((await row(a.id)).scanStatus).toBe("PENDING");
    } finally {
      await clamd.start();
    }
    await eventually(async () => (await row(a.id)).scanStatus === "CLEAN", { what: "the retried scan", timeoutMs: 20_000 });
  });
});
