import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import type { Config } from "./config/env";
import { resolveSecrets } from "./config/secrets";
import { createPrismaClient } from "./db/client";
import { embeddedVersion, startEmbeddedDatabase, type EmbeddedDatabase } from "./db/embedded";
import { applyMigrations } from "./db/migrate";
import { createContext } from "./context";
import { createApp } from "./http/app";
import { handleClientErrors } from "./http/client-error";
import type { AppContext } from "./http/context";
import { scheduleRecurringJobs } from "./jobs/registry";
import { logger } from "./lib/logger";
import { attachRealtime } from "./realtime/realtime";
import { closeSessionCache } from "./cache/sessions";
import { recoverLostAnswers } from "./modules/assistant";

export interface RunningServer {
  url: string;
  ctx: AppContext;
  mode: { database: "embedded" | "postgres"; redis: boolean };
  close(): Promise<void>;
}

/**
 * Connects Redis and waits until it answers; commands fail fast (no offline queue) while it is down.
 * Auto-pipelined: the commands of one event-loop tick (rate-limit counters, cache reads of requests in
 * flight) go in one write; measured by `BENCH_ONLY=ratelimit npm run bench`, it takes the Redis rate
 * limiter's cost from 44 µs to about 1 µs per request at 50 connections. Subscribers and blocking
 * readers are duplicates with it off.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, enableAutoPipelining: true });
  redis.on("error", (err) => logger.warn("redis error", { err: err.message }));
  await redis.connect();
  return redis;
}

/** The embedded server's own log: its warnings and errors in ours, the rest at debug level. */
function embeddedLog(level: "debug" | "warn" | "error", message: string) {
  logger.log(level, message, { component: "embedded-postgres" });
}

/** ROLE=worker still answers /api/health and /api/ready for the orchestrator, nothing else. */
function healthOnly(app: http.RequestListener): http.RequestListener {
  return (req, res) => {
    if (req.url === "/api/health" || req.url === "/api/ready") return app(req, res);
    res.statusCode = 404;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "This instance runs ROLE=worker: it processes jobs only." } }));
  };
}

function banner(config: Config, url: string, embedded: boolean, redis: boolean, jobs: string) {
  const lines = [
    "",
    `  TeamFlow is running at ${url}`,
    `  Database: ${embedded ? `embedded PostgreSQL ${embeddedVersion()} in ${config.DATA_DIR}/pgdata — set DATABASE_URL to use your own PostgreSQL 15+ (README: moving to a server)` : "PostgreSQL (DATABASE_URL)"}`,
    `  Redis:    ${redis ? "connected (REDIS_URL): shared rate limits, socket events and presence" : "not configured — rate limits, socket events and jobs in this process; set REDIS_URL for production or several instances"}`,
    `  Jobs:     ${jobs === "bullmq" ? "BullMQ queues in Redis" : "in-process (lost on restart)"}; role: ${config.ROLE}`,
    `  API docs: ${url}/docs`,
    "",
  ];
  if (!config.isTest) process.stdout.write(`${lines.join("\n")}\n`);
}

/** Starts everything: database (embedded when DATABASE_URL is unset), migrations, Redis, HTTP. */
export async function startServer(config: Config): Promise<RunningServer> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase(config.DATA_DIR, { port: config.EMBEDDED_DB_PORT, log: embeddedLog });
    databaseUrl = embedded.url;
  }
  await applyMigrations(databaseUrl);
  const db = createPrismaClient(databaseUrl, config.DATABASE_POOL_SIZE);
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
  const ctx = createContext({ config, secrets: resolveSecrets(config), db, redis });
  const web = config.ROLE !== "worker";
  const worker = config.ROLE !== "web";
  if (worker) {
    await ctx.jobs.startWorkers();
    await scheduleRecurringJobs(ctx);
  }
  const app = createApp(ctx);
  const server = http.createServer(web ? app : healthOnly(app));
  handleClientErrors(server);
  server.keepAliveTimeout = 65_000; // longer than common proxy idle timeouts
  const realtime = web ? await attachRealtime(ctx, server) : undefined;
  if (web) void recoverLostAnswers(ctx);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = config.PORT === port ? config.APP_URL : `http://localhost:${port}`;
  banner(config, url, Boolean(embedded), Boolean(redis), ctx.jobs.driver);
  logger.info("server started", { port, database: embedded ? "embedded" : "postgres", redis: Boolean(redis) });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let in-flight requests and jobs finish, then close pools.
      const stopped = new Promise<void>((resolve) => server.once("close", () => resolve()));
      if (realtime) await realtime.close(); // closes the HTTP server too
      else server.close();
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 10_000).unref();
      await stopped;
      await ctx.jobs.close();
      await ctx.events.drain();
      await closeSessionCache(ctx);
      await db.$disconnect();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      if (embedded) await embedded.stop();
    })());
  return { url, ctx, mode: { database: embedded ? "embedded" : "postgres", redis: Boolean(redis) }, close };
}
