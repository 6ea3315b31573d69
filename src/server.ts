import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import type { Config } from "./config/env";
import { resolveSecrets } from "./config/secrets";
import { createPrismaClient } from "./db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./db/embedded";
import { applyMigrations } from "./db/migrate";
import { createApp } from "./http/app";
import type { AppContext } from "./http/context";
import { logger } from "./lib/logger";

export interface RunningServer {
  url: string;
  ctx: AppContext;
  mode: { database: "embedded" | "postgres"; redis: boolean };
  close(): Promise<void>;
}

/** Connects Redis and waits until it answers; commands fail fast (no offline queue) while it is down. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on("error", (err) => logger.warn("redis error", { err: err.message }));
  await redis.connect();
  return redis;
}

function banner(config: Config, url: string, embedded: boolean, redis: boolean) {
  const lines = [
    "",
    `  TeamFlow is running at ${url}`,
    `  Database: ${embedded ? `embedded PostgreSQL (PGlite) in ${config.DATA_DIR}/pgdata — set DATABASE_URL to use your own PostgreSQL 15+` : "PostgreSQL (DATABASE_URL)"}`,
    `  Redis:    ${redis ? "connected (REDIS_URL): shared rate limits" : "not configured — rate limits in memory; set REDIS_URL for production or several instances"}`,
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
    embedded = await startEmbeddedDatabase(config.DATA_DIR, config.EMBEDDED_DB_PORT);
    databaseUrl = embedded.url;
  }
  await applyMigrations(databaseUrl);
  const db = createPrismaClient(databaseUrl, embedded ? 5 : config.DATABASE_POOL_SIZE);
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
  const ctx: AppContext = { config, secrets: resolveSecrets(config), db, redis, now: () => new Date() };
  const app = createApp(ctx);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000; // longer than common proxy idle timeouts
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = config.PORT === port ? config.APP_URL : `http://localhost:${port}`;
  banner(config, url, Boolean(embedded), Boolean(redis));
  logger.info("server started", { port, database: embedded ? "embedded" : "postgres", redis: Boolean(redis) });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let in-flight requests finish, then close pools.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      await db.$disconnect();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      if (embedded) await embedded.stop();
    })());
  return { url, ctx, mode: { database: embedded ? "embedded" : "postgres", redis: Boolean(redis) }, close };
}
