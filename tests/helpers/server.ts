import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createContext } from "../../src/context";
import { createApp } from "../../src/http/app";
import { createPrismaClient } from "../../src/db/client";
import type { AppContext } from "../../src/http/context";
import { attachRealtime } from "../../src/realtime/realtime";
import { testConfig } from "./app";

const root = path.resolve(__dirname, "../..");
// TEST_CLIENT_DIR lets parallel work build the web app somewhere else than dist/client.
const clientDir = process.env.TEST_CLIENT_DIR ? path.resolve(process.env.TEST_CLIENT_DIR) : path.join(root, "dist/client");

/** Builds the web app once when it is missing (fresh clone). */
export function ensureClientBuilt() {
  if (existsSync(path.join(clientDir, "index.html"))) return;
  const args = ["run", "build:client", "--", "--outDir", clientDir, "--emptyOutDir"];
  const result = spawnSync("npm", args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build:client failed");
}

/** The real app (API + built web app) listening on a free port, on the run's database. */
export async function startTestServer(): Promise<{ baseUrl: string; ctx: AppContext; close(): Promise<void> }> {
  ensureClientBuilt();
  const config = testConfig({ SERVE_CLIENT: "true" });
  const db = createPrismaClient(config.DATABASE_URL!, Number(process.env.TEST_DB_POOL_SIZE ?? 5));
  const ctx = createContext({ config, secrets: { jwtSecret: config.JWT_SECRET! }, db });
  await ctx.jobs.startWorkers();
  const server = http.createServer(createApp(ctx, { clientDir }));
  const realtime = await attachRealtime(ctx, server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ctx,
    async close() {
      server.closeAllConnections();
      await realtime.close(); // closes the HTTP server too
      await ctx.jobs.close();
      await db.$disconnect();
    },
  };
}
