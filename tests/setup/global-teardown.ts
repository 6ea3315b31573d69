import { Client } from "pg";
import type { RunState } from "./global-setup";
import { formatRunPlan, runPlan } from "./run-plan";

export default async function globalTeardown() {
  const run = (globalThis as typeof globalThis & { __teamflowTestRun?: RunState }).__teamflowTestRun;
  const name = process.env.TF_TEST_DATABASE_NAME;
  if (name && !process.env.TF_KEEP_TEST_DB) {
    const admin = new Client({ connectionString: process.env.TF_TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  await run?.embedded?.stop();
  if (run) process.stdout.write(`\n${formatRunPlan(runPlan(run.database))}\n`);
}
