import crypto from "node:crypto";
import { Client } from "pg";
import { applyMigrations } from "../../src/db/migrate";
import { portAnswers } from "./services";

/**
 * One fresh database per test run (dropped in global-teardown), on DATABASE_URL
 * when set, else the local PostgreSQL on 127.0.0.1:5432. Redis: REDIS_URL, else
 * the local one when it answers (decided in jest.config.js).
 */
export default async function globalSetup() {
  const baseUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const base = new URL(baseUrl);
  if (!process.env.DATABASE_URL && !(await portAnswers(base.hostname, Number(base.port || 5432)))) {
    throw new Error("No PostgreSQL: set DATABASE_URL or start PostgreSQL on 127.0.0.1:5432 (see README, Tests).");
  }
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

  // Decided by jest.config.js, which also leaves out the Redis-only files when there is none.
  const redisUrl = process.env.TF_TEST_REDIS_URL || undefined;

  process.env.TF_TEST_DATABASE_URL = testUrl.toString();
  process.env.TF_TEST_ADMIN_DATABASE_URL = baseUrl;
  process.env.TF_TEST_DATABASE_NAME = dbName;
  process.stdout.write(
    `\n[tests] PostgreSQL: database ${dbName} on ${base.host}\n[tests] Redis: ${redisUrl ?? "not available (or TEST_REDIS=off): the Redis-backed tests and the *.redis.*.test.ts files do not run"}\n`,
  );
}
