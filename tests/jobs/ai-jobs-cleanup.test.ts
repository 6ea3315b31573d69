import request from "supertest";
import type { AiJob } from "../../src/generated/prisma/client";
import { pruneAiJobsJob } from "../../src/modules/ai";
import { allJobs } from "../../src/jobs/registry";
import { createTestApp, type TestApp } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";

/**
 * The hourly ai_jobs cleanup (ai.prune-jobs on queue maintenance): finished
 * jobs (completed or failed, applied or not) older than AI_JOB_RETENTION_DAYS
 * go; recent ones and unfinished ones stay; a job lost for good is failed as
 * JOB_LOST first, so the caller polling it learns it, and goes a retention later.
 */

let t: TestApp;
let team: Team;
let other: Team;
const RETENTION_DAYS = 5;

beforeAll(async () => {
  t = await createTestApp({ env: { AI_JOB_RETENTION_DAYS: String(RETENTION_DAYS) } });
  team = await createTeam(t.app, "AI jobs cleanup");
  other = await createTeam(t.app, "AI jobs cleanup, other workspace");
});
afterAll(() => t.close());

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A job of `owner`'s workspace in `state`, last changed `ageMs` ago (set in SQL: Prisma stamps updated_at itself). */
async function jobAged(owner: Team, state: AiJob["state"], ageMs: number, extra: Partial<Pick<AiJob, "appliedAt" | "errorCode" | "error">> = {}): Promise<AiJob> {
  const job = await t.ctx.db.aiJob.create({ data: { workspaceId: owner.workspaceId, userId: owner.member.id, taskId: null, kind: "task_breakdown", state, progress: state === "completed" ? 100 : 10, ...extra } });
  const at = new Date(Date.now() - ageMs);
  await t.ctx.db.$executeRaw`UPDATE ai_jobs SET updated_at = ${at}, created_at = ${at} WHERE id = ${job.id}::uuid`;
  return job;
}
const exists = async (job: AiJob) => Boolean(await t.ctx.db.aiJob.findUnique({ where: { id: job.id } }));
const prune = async () => (await pruneAiJobsJob(t.ctx).perform({}, { attempt: 1, jobId: "test" })) as { lost: number; deleted: number };

describe("ai_jobs cleanup (ai.prune-jobs)", () => {
  it("is a registered job on the maintenance queue", () => {
    const job = allJobs(t.ctx).find((j) => j.name === "ai.prune-jobs");
    expect(job).toBeDefined();
    expect(job!.queue).toBe("maintenance");
  });

  it("deletes finished jobs older than the retention in every workspace, keeps recent and unfinished ones, fails lost ones first", async () => {
    const past = (RETENTION_DAYS + 1) * DAY;
    const within = (RETENTION_DAYS - 1) * DAY;
    const oldCompleted = await jobAged(team, "completed", past);
    const oldApplied = await jobAged(team, "completed", past, { appliedAt: new Date(Date.now() - past) });
    const oldFailed = await jobAged(team, "failed", past, { errorCode: "AI_INVALID_OUTPUT", error: "bad JSON twice" });
    const otherOld = await jobAged(other, "completed", past);
    const recentCompleted = await jobAged(team, "completed", within);
    const recentFailed = await jobAged(other, "failed", DAY, { errorCode: "AI_UNAVAILABLE", error: "down" });
    const running = await jobAged(team, "running", 2 * MINUTE);
    const queued = await jobAged(team, "queued", 5 * MINUTE);
    // Not moved for a month: lost (a restart under the in-process queue), never finished.
    const lost = await jobAged(team, "running", 30 * DAY);

    // At least these (the run's database is shared with other test files, which may leave old jobs of their own).
    const result = await prune();
    expect(result.lost).toBeGreaterThanOrEqual(1);
    expect(result.deleted).toBeGreaterThanOrEqual(4);

    for (const gone of [oldCompleted, oldApplied, oldFailed, otherOld]) expect(await exists(gone)).toBe(false);
    for (const kept of [recentCompleted, recentFailed, running, queued, lost]) expect(await exists(kept)).toBe(true);
    expect(await t.ctx.db.aiJob.findUnique({ where: { id: running.id } })).toMatchObject({ state: "running", errorCode: null });
    expect(await t.ctx.db.aiJob.findUnique({ where: { id: queued.id } })).toMatchObject({ state: "queued", errorCode: null });
    // The lost job is failed now (its owner's GET /jobs/:id says so) and waits out a retention like any finished job.
    const failed = await t.ctx.db.aiJob.findUnique({ where: { id: lost.id } });
    expect(failed).toMatchObject({ state: "failed", errorCode: "JOB_LOST" });
    const polled = await request(t.app).get(`/api/v1/jobs/${lost.id}`).set(team.member.auth).expect(200);
    expect(polled.body.data).toMatchObject({ state: "failed", error: { code: "JOB_LOST" } });

    // Run again: the recent, unfinished and just-lost jobs are still within their time.
    await prune();
    for (const kept of [recentCompleted, recentFailed, running, queued, lost]) expect(await exists(kept)).toBe(true);

    // A deleted job is 404 for its owner, like any unknown job.
    await request(t.app).get(`/api/v1/jobs/${oldCompleted.id}`).set(team.member.auth).expect(404);
  });
});
