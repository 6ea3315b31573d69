// `npm run db:migration:new <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the schema as of the last committed migration to the
// current prisma/schema.prisma. Prisma's `migrate dev` needs a shadow database and
// the native engine; this uses `migrate diff` between two datamodels instead
// (RECIPES). Review the file and append hand-written SQL (extensions, GIN indexes,
// exclusion constraints, triggers) before committing it together with the schema.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prisma, startEmbedded } from "./embedded-db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = (process.argv[2] || "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:migration:new <name>");
  process.exit(1);
}
const migrationsDir = path.join(root, "prisma/migrations");
const hasMigrations = fs.readdirSync(migrationsDir).some((d) => /^\d{14}_/.test(d));

// The schema as of the last commit that touched prisma/migrations.
let from = ["--from-empty"];
if (hasMigrations) {
  const sha = execFileSync("git", ["log", "-1", "--format=%H", "--", "prisma/migrations"], { cwd: root }).toString().trim();
  if (!sha) {
    console.error("Commit the existing migrations (and the schema they were made from) first.");
    process.exit(1);
  }
  const old = execFileSync("git", ["show", `${sha}:prisma/schema.prisma`], { cwd: root }).toString();
  const oldFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tf-schema-")), "schema.prisma");
  fs.writeFileSync(oldFile, old);
  from = ["--from-schema-datamodel", oldFile];
}

// migrate diff wants a reachable database even for datamodel-only diffs.
const embedded = process.env.DATABASE_URL ? undefined : await startEmbedded();
const result = await prisma(
  root,
  ["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  process.env.DATABASE_URL || embedded.url,
  { capture: true },
);
await embedded?.stop();
if (result.status !== 0) {
  console.error(result.stderr);
  process.exit(result.status ?? 1);
}
const sql = result.stdout;
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log("The schema has no changes since the last migration; nothing written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${path.relative(root, dir)}/migration.sql — review it, add hand-written SQL if needed, commit it with the schema.`);
