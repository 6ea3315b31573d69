import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/db/embedded";
import { applyMigrations } from "../../src/db/migrate";
import { formatRunPlan, refuseSkipsUnderCI, runPlan } from "./run-plan";
import { ensureClientBuilt } from "../helpers/client-build";
import { portAnswers } from "./services";

/** Shared with global-teardown, which jest runs in the same process (but not the same module registry). */
export interface RunState {
  embedded?: EmbeddedDatabase;
  database: string;
}
const state = globalThis as typeof globalThis & { __teamflowTestRun?: RunState };

/**
 * The run's PostgreSQL server: DATABASE_URL when set, else the local one on
 * 127.0.0.1:5432 when it answers, else an embedded PostgreSQL (the engine of the
 * zero-setup mode) started for this run and deleted after it (SPEC §7).
 * TEST_POSTGRES=embedded takes the embedded one even when a local server answers.
 */
async function postgresForRun(): Promise<{ baseUrl: string; description: string; embedded?: EmbeddedDatabase }> {
  if (process.env.DATABASE_URL) return { baseUrl: process.env.DATABASE_URL, description: `DATABASE_URL (${new URL(process.env.DATABASE_URL).host})` };
  if (process.env.TEST_POSTGRES !== "embedded" && (await portAnswers("127.0.0.1", 5432))) return { baseUrl: "postgresql://postgres@127.0.0.1:5432/postgres", description: "local PostgreSQL on 127.0.0.1:5432" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teamflow-test-pg-"));
  const embedded = await startEmbeddedDatabase(dir, { database: "postgres", ephemeral: true, restartOnCrash: false });
  return { baseUrl: embedded.url, description: `embedded PostgreSQL on 127.0.0.1:${embedded.port} (${process.env.TEST_POSTGRES === "embedded" ? "TEST_POSTGRES=embedded" : "none on DATABASE_URL or 127.0.0.1:5432"})`, embedded };
}

/** One fresh database per test run (dropped in global-teardown); Redis and Chromium as jest.config.js found them. */
export default async function globalSetup() {
  const plan = runPlan("(being decided)");
  refuseSkipsUnderCI(plan);
  ensureClientBuilt(); // once, before parallel workers start (browser and SPA tests serve it)
  const { baseUrl, description, embedded } = await postgresForRun();
  const dbName = `teamflow_test_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const testUrl = new URL(baseUrl);
  testUrl.pathname = `/${dbName}`;
  await applyMigrations(testUrl.toString());
  // A sentinel account, so no test file's user is "the first user of the install" (who gets a
  // workspace automatically) by accident of ordering; that rule has tests with their own database.
  const db = new Client({ connectionString: testUrl.toString() });
  await db.connect();
  await db.query(
    `INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), 'sentinel@teamflow.test', 'Sentinel', '!', now())`,
  );
  await db.end();

  const database = `database ${dbName} on ${description}`;
  state.__teamflowTestRun = { embedded, database };
  process.env.TF_TEST_DATABASE_URL = testUrl.toString();
  process.env.TF_TEST_ADMIN_DATABASE_URL = baseUrl;
  process.env.TF_TEST_DATABASE_NAME = dbName;
  process.stdout.write(`\n${formatRunPlan(runPlan(database))}\n`);
}
