import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Project root: holds prisma.config.ts and prisma/migrations (dist/server/db → ../../..). */
export const projectRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../../.." : "../..");

/**
 * Applies pending migrations with `prisma migrate deploy` (the CLI's
 * WebAssembly engine, see prisma.config.ts). Idempotent; safe on every start.
 */
export async function applyMigrations(databaseUrl: string): Promise<string> {
  const cli = require.resolve("prisma/build/index.js", { paths: [projectRoot] });
  const { stdout } = await run(process.execPath, [cli, "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}
