import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createApp } from "../../src/http/app";
import { handleClientErrors } from "../../src/http/client-error";
import type { AppContext } from "../../src/http/context";
import { attachRealtime } from "../../src/realtime/realtime";
import { createTestContext } from "./app";

const root = path.resolve(__dirname, "../..");
// TEST_CLIENT_DIR lets parallel work build the web app somewhere else than dist/client.
const clientDir = process.env.TEST_CLIENT_DIR ? path.resolve(process.env.TEST_CLIENT_DIR) : path.join(root, "dist/client");

/** Builds the web app once when it is missing (fresh clone); returns the folder of the build. */
export function ensureClientBuilt(): string {
  if (existsSync(path.join(clientDir, "index.html"))) return clientDir;
  const args = ["run", "build:client", "--", "--outDir", clientDir, "--emptyOutDir"];
  const result = spawnSync("npm", args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build:client failed");
  return clientDir;
}

export interface TestServerOptions {
  /** Use Redis (socket adapter, presence, jobs, rate limits) when the run has one, as a production instance does. */
  redis?: boolean;
  /** Key prefix of BullMQ queues and rate-limit counters: instances of one test share it, as instances of one install do. */
  jobPrefix?: string;
  /** More environment for the app's config (e.g. the AI_* set of a scripted provider). */
  env?: Record<string, string | undefined>;
}

/** An HTTP server for the app, wired as src/server.ts wires it (JSON answers for requests Node refuses). */
export function createHttpServer(app: http.RequestListener): http.Server {
  const server = http.createServer(app);
  handleClientErrors(server);
  return server;
}

/** Listens on a free loopback port; returns the base URL. */
export async function listenOnFreePort(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The real app (API + built web app) listening on a free port, on the run's database (and Redis when asked). */
export async function startTestServer(options: TestServerOptions = {}): Promise<{ baseUrl: string; ctx: AppContext; close(): Promise<void> }> {
  ensureClientBuilt();
  const jobPrefix = options.jobPrefix ?? `tf:test:${crypto.randomUUID()}`;
  const { ctx, close } = await createTestContext({ env: { ...options.env, SERVE_CLIENT: "true" }, redis: options.redis, jobPrefix });
  const server = createHttpServer(createApp(ctx, { clientDir, rateLimitPrefix: `${jobPrefix}:rl:` }));
  const realtime = await attachRealtime(ctx, server);
  const baseUrl = await listenOnFreePort(server);
  return {
    baseUrl,
    ctx,
    async close() {
      server.closeAllConnections();
      await realtime.close(); // closes the HTTP server too
      await close(); // jobs, database, Redis
    },
  };
}
