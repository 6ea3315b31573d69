import { execFile } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { applyMigrations } from "../../src/db/migrate";

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");
const adminUrl = () => process.env.TF_TEST_ADMIN_DATABASE_URL!;

/**
 * Objects created by hand-written SQL in migrations that Prisma's schema cannot
 * express (GIN/tsvector indexes, exclusion constraints, triggers). Listed by name;
 * everything else must match schema.prisma exactly.
 */
const HAND_WRITTEN: string[] = [
  "tasks | search |",
  "comments | search |",
  "tasks_search_idx",
  "comments_search_idx",
  // bookings: the no-double-booking exclusion constraint, its checks and the holds index (SPEC §4.5)
  "bookings_no_overlap",
  "bookings_time_order",
  "bookings_holds_idx",
  "bookings_hold_expiry_idx",
  "working_hours_weekday_range",
  "working_hours_time_order",
  "time_off_date_order",
  // job listings: dates and rates in order (SPEC §4.5)
  "job_listings_dates_in_order",
  "job_listings_rate_in_order",
  // timeline: phase checks
  "project_phases_progress_range",
  "project_phases_dates_order",
  "phase_dependencies_not_self",
  // documents: the passages' full-text index and the progress check
  "document_passages | search |",
  "document_passages_search_idx",
  "documents_progress_range",
];

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `teamflow_drift_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Tables, columns, indexes, constraints and enums of the public schema, as comparable text. */
async function fingerprint(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  const q = async (sql: string) => (await c.query(sql)).rows.map((r) => Object.values(r).join(" | "));
  const result = {
    columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '') FROM information_schema.columns
                      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
    constraints: await q(`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                          WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`),
    enums: await q(`SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1, e.enumsortorder`),
  };
  await c.end();
  return result;
}

const withoutHandWritten = (rows: string[]) => rows.filter((r) => !HAND_WRITTEN.some((name) => r.includes(name)));

describe("migrations", () => {
  it("apply to an empty database and produce exactly the schema of schema.prisma (no drift)", async () => {
    const migrated = await withDatabase(async (url) => {
      await applyMigrations(url);
      // applying again is a no-op
      await applyMigrations(url);
      return fingerprint(url);
    });
    const fromSchema = await withDatabase(async (url) => {
      const { stdout } = await run(
        process.execPath,
        [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
        { cwd: root, env: { ...process.env, DATABASE_URL: url }, maxBuffer: 10 * 1024 * 1024 },
      );
      const c = new Client({ connectionString: url });
      await c.connect();
      await c.query(stdout);
      await c.end();
      return fingerprint(url);
    });
    expect(fromSchema.columns.length).toBeGreaterThan(20);
    for (const key of ["columns", "indexes", "constraints", "enums"] as const) {
      expect({ [key]: withoutHandWritten(migrated[key]) }).toEqual({ [key]: fromSchema[key] });
    }
  }, 120_000);
});
