import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../src/http/app";
import { handleClientErrors } from "../../src/http/client-error";
import type { AppContext } from "../../src/http/context";
import { attachRealtime } from "../../src/realtime/realtime";
import { createTestContext } from "./app";
import { clientDir, ensureClientBuilt } from "./client-build";

export { ensureClientBuilt };

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
