import { spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { BullMqJobQueue, defineJob } from "../../src/jobs";
import { configureLogger } from "../../src/lib/logger";
import { eventually } from "../helpers/eventually";
import { testEnv } from "../setup/services";

configureLogger("error", true);
const root = path.resolve(__dirname, "../..");

// A *.redis.* file: jest.config.js runs it only when the run has Redis.
const redisUrl = testEnv.redisUrl;
if (!redisUrl) throw new Error("this file needs Redis; jest.config.js should have left it out");

describe("BullMQ: a crash mid-job loses no job", () => {
  it("a job whose worker process was killed is finished by another worker", async () => {
    const prefix = `tf:test:crash:${crypto.randomUUID()}`;
    const done: string[] = [];
    const job = defineJob({
      name: "crash.slow",
      queue: "analytics",
      schema: z.object({ id: z.string() }),
      perform: async ({ id }) => void done.push(id),
    });
    const producer = new BullMqJobQueue(redisUrl, [job], prefix, 1, 1000);
    await producer.enqueue(job, { id: "precious" });

    const child = spawn(process.execPath, ["--require", "tsx/cjs", "tests/jobs/fixtures/crash-worker.ts", redisUrl, prefix], { cwd: root });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("worker never started the job")), 30_000);
      child.stdout.on("data", (d: Buffer) => {
        if (d.toString().includes("started precious")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    await producer.startWorkers(); // the "restarted" app
    try {
      await eventually(() => done.includes("precious"), { what: "another worker to finish the job of the killed one", timeoutMs: 20_000, intervalMs: 100 });
    } finally {
      await producer.close();
    }
    expect(done).toEqual(["precious"]);
  }, 60_000);
});
