import crypto from "node:crypto";
import { z } from "zod";
import { createJobQueue, defineJob, type JobDefinition, type JobQueue } from "../../src/jobs";
import { configureLogger } from "../../src/lib/logger";
import { eventually } from "../helpers/eventually";
import { testEnv } from "../setup/services";

configureLogger("error", true);

/** Polls briefly until `check` holds (jobs run on their own); fails after 15 s naming `what`. */
const until = (what: string, check: () => boolean | Promise<boolean>) => eventually(check, { what, timeoutMs: 15_000, intervalMs: 20 });

function makeJobs() {
  const log: string[] = [];
  const attempts = new Map<string, number>();
  const echo = defineJob({
    name: `echo-${crypto.randomUUID()}`,
    queue: "analytics",
    schema: z.object({ text: z.string() }),
    perform: async ({ text }) => void log.push(text),
  });
  const flaky = defineJob({
    name: `flaky-${crypto.randomUUID()}`,
    queue: "email",
    schema: z.object({ key: z.string() }),
    backoffMs: 10,
    perform: async ({ key }, run) => {
      attempts.set(key, run.attempt);
      if (run.attempt < 3) throw new Error(`boom ${run.attempt}`);
      log.push(`flaky ok after ${run.attempt}`);
    },
  });
  const broken = defineJob({
    name: `broken-${crypto.randomUUID()}`,
    queue: "maintenance",
    schema: z.object({ n: z.number() }),
    attempts: 2,
    backoffMs: 10,
    perform: async () => {
      throw new Error("always broken");
    },
  });
  const slow = defineJob({
    name: `slow-${crypto.randomUUID()}`,
    queue: "notifications",
    schema: z.object({}),
    perform: async () => {
      log.push("slow started");
      await new Promise((r) => setTimeout(r, 300));
      log.push("slow done");
    },
  });
  return { log, attempts, echo, flaky, broken, slow, all: [echo, flaky, broken, slow] as JobDefinition<any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const drivers: Array<[string, string | undefined]> = [["in-process", undefined]];
if (testEnv.redisUrl) drivers.push(["bullmq", testEnv.redisUrl]);

describe.each(drivers)("job queue: %s driver", (driverName, redisUrl) => {
  let jobs: ReturnType<typeof makeJobs>;
  let queue: JobQueue;

  beforeEach(async () => {
    jobs = makeJobs();
    queue = createJobQueue(redisUrl, jobs.all, `tf:test:${crypto.randomUUID()}`);
    await queue.startWorkers();
  });
  afterEach(() => queue.close());

  it("reports its driver", () => {
    expect(queue.driver).toBe(driverName);
  });

  it("runs a job with its validated payload", async () => {
    await queue.enqueue(jobs.echo, { text: "hello" });
    await until("the echo job to log hello", () => jobs.log.includes("hello"));
  });

  it("rejects an invalid payload at enqueue time", async () => {
    await expect(queue.enqueue(jobs.echo, { text: 42 } as never)).rejects.toThrow();
  });

  it("retries with backoff: a processor that fails twice then succeeds", async () => {
    await queue.enqueue(jobs.flaky, { key: "a" });
    await until("the flaky job to succeed on its third attempt", () => jobs.log.includes("flaky ok after 3"));
    expect(jobs.attempts.get("a")).toBe(3);
    expect(await queue.failed("email")).toHaveLength(0);
  });

  it("keeps a job that used up its attempts for inspection", async () => {
    const id = await queue.enqueue(jobs.broken, { n: 1 });
    await until("the broken job among the failed ones", async () => (await queue.failed("maintenance")).some((f) => f.id === id));
    const [failed] = await queue.failed("maintenance");
    expect(failed).toMatchObject({ id, name: jobs.broken.name, error: "always broken", attempts: 2, payload: { n: 1 } });
  });

  it("delays a job", async () => {
    const start = Date.now();
    await queue.enqueue(jobs.echo, { text: "later" }, { delayMs: 300 });
    await until("the delayed echo job to log later", () => jobs.log.includes("later"));
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
  });

  it("refuses unknown jobs", async () => {
    const stranger = defineJob({ name: "stranger", queue: "analytics", schema: z.object({}), perform: async () => undefined });
    await expect(queue.enqueue(stranger, {})).rejects.toThrow(/Unknown job/);
  });

  it("repeats a scheduled job", async () => {
    await queue.schedule(jobs.echo, { text: "tick" }, 100);
    await until("two ticks of the scheduled job", () => jobs.log.filter((l) => l === "tick").length >= 2);
  });

  it("close() waits for running jobs", async () => {
    await queue.enqueue(jobs.slow, {});
    await until("the slow job to start", () => jobs.log.includes("slow started"));
    await queue.close();
    expect(jobs.log).toContain("slow done");
  });
});
