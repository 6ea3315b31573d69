import crypto from "node:crypto";
import type { Express } from "express";
import request from "supertest";
import type { Redis } from "ioredis";
import { parseEnv, type Config } from "../../src/config/env";
import { createContext } from "../../src/context";
import { createPrismaClient } from "../../src/db/client";
import { createApp, type AppOptions } from "../../src/http/app";
import { closeSessionCache } from "../../src/cache/sessions";
import { connectRedis } from "../../src/server";
import type { AppContext } from "../../src/http/context";
import { configureLogger } from "../../src/lib/logger";
import { testEnv } from "../setup/services";

configureLogger("error", true);

export interface TestApp {
  app: Express;
  ctx: AppContext;
  close(): Promise<void>;
}

export interface TestAppOptions extends AppOptions {
  /** Config overrides; a variable set to `undefined` takes its real default (e.g. the production rate limits). */
  env?: Record<string, string | undefined>;
  /** Use Redis (rate limits, jobs, socket adapter) when the run has one. */
  redis?: boolean;
  /** Key prefix of BullMQ queues. */
  jobPrefix?: string;
}

/** Test config: the run's database, fast bcrypt, generous rate limits unless a test asks otherwise. */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return parseEnv({
    NODE_ENV: "test",
    DATABASE_URL: testEnv.databaseUrl,
    JWT_SECRET: "test-secret-test-secret-test-secret-0123456789",
    BCRYPT_COST: "4",
    RATE_LIMIT_AUTH_PER_MINUTE: "100000",
    RATE_LIMIT_SESSION_PER_MINUTE: "100000",
    RATE_LIMIT_API_PER_MINUTE: "100000",
    RATE_LIMIT_PUBLIC_PER_HOUR: "100000",
    APP_URL: "http://localhost:3000",
    // Per test process: uploads of parallel runs (and their orphan sweeps) never meet.
    DATA_DIR: `/tmp/teamflow-test-data-${process.pid}`,
    SERVE_CLIENT: "false",
    ...env,
  });
}

export interface TestContext {
  config: Config;
  ctx: AppContext;
  /** Stops the job workers and closes the database and Redis connections. */
  close(): Promise<void>;
}

/**
 * The app's services as the server wires them, on the run's PostgreSQL, and on
 * its Redis when asked and the run has one (connected exactly as the server
 * connects). Instances that pass the same `jobPrefix` share their job queues.
 */
export async function createTestContext(options: { env?: Record<string, string | undefined>; redis?: boolean; jobPrefix?: string } = {}): Promise<TestContext> {
  const useRedis = Boolean(options.redis && testEnv.redisUrl);
  const config = testConfig({ ...(useRedis ? { REDIS_URL: testEnv.redisUrl! } : {}), ...options.env });
  const db = createPrismaClient(config.DATABASE_URL!, Number(process.env.TEST_DB_POOL_SIZE ?? 5));
  let redis: Redis | undefined;
  if (config.REDIS_URL) {
    redis = await connectRedis(config.REDIS_URL); // exactly as the server connects
  }
  const ctx = createContext({ config, secrets: { jwtSecret: config.JWT_SECRET! }, db, redis, jobPrefix: options.jobPrefix ?? `tf:test:${crypto.randomUUID()}` });
  await ctx.jobs.startWorkers();
  return {
    config,
    ctx,
    async close() {
      await ctx.events.drain();
      await ctx.jobs.close();
      await closeSessionCache(ctx);
      await db.$disconnect();
      if (redis) await redis.quit();
    },
  };
}

/** The real app on the run's PostgreSQL (and Redis when asked), driven in-process by supertest. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { ctx, close } = await createTestContext(options);
  const app = createApp(ctx, { rateLimitPrefix: `tf:test:${crypto.randomUUID()}:`, ...options });
  return { app, ctx, close };
}

let counter = 0;
/** An email no other test (or earlier run) uses. */
export const uniqueEmail = (tag = "user") => `${tag}-${Date.now().toString(36)}-${++counter}-${crypto.randomBytes(3).toString("hex")}@example.com`;

export const STRONG_PASSWORD = "Correct-horse-42";

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  accessToken: string;
  /** `tf_refresh=...` cookie pair, for Cookie headers. */
  refreshCookie: string;
  auth: { Authorization: string };
}

export function refreshCookieFrom(res: request.Response): string | undefined {
  const raw = res.headers["set-cookie"] as unknown as string[] | undefined;
  const cookie = raw?.find((c) => c.startsWith("tf_refresh="));
  return cookie?.split(";")[0];
}

/** Registers a user through the API. */
export async function registerUser(app: Express, overrides: Partial<{ email: string; name: string; password: string }> = {}): Promise<TestUser> {
  const body = { email: uniqueEmail(), name: "Test User", password: STRONG_PASSWORD, ...overrides };
  let res = await request(app).post("/api/v1/auth/register").send(body);
  // Set-up, not the test: a 503 here (twice in CI runs of 2026-12-02, the database itself fine, cause not yet
  // found; see that day's note) is retried once, loudly, so one slow moment does not fail a whole file.
  if (res.status === 503) {
    console.warn(`registerUser: 503 ${JSON.stringify(res.body)}; retrying once`);
    await new Promise((r) => setTimeout(r, 500));
    res = await request(app).post("/api/v1/auth/register").send(body);
  }
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.data.user.id,
    email: res.body.data.user.email,
    name: body.name,
    password: body.password,
    accessToken: res.body.data.accessToken,
    refreshCookie: refreshCookieFrom(res)!,
    auth: { Authorization: `Bearer ${res.body.data.accessToken}` },
  };
}

/** Creates a workspace owned by the user; returns its id. */
export async function createWorkspace(app: Express, owner: TestUser, name = "Test workspace"): Promise<string> {
  const res = await request(app).post("/api/v1/workspaces").set(owner.auth).send({ name });
  if (res.status !== 201) throw new Error(`create workspace failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

/** Adds `user` to the workspace with `role` through a real invitation. */
export async function addMember(app: Express, admin: TestUser, workspaceId: string, user: TestUser, role: string): Promise<void> {
  const invite = await request(app).post(`/api/v1/workspaces/${workspaceId}/invitations`).set(admin.auth).send({ email: user.email, role });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const token = String(invite.body.data.acceptUrl).split("/invite/")[1];
  const accept = await request(app).post(`/api/v1/invitations/${token}/accept`).set(user.auth);
  if (accept.status !== 200) throw new Error(`accept failed: ${accept.status} ${JSON.stringify(accept.body)}`);
}

/** Asserts the SPEC §3 error envelope and returns the error. */
export function expectError(res: request.Response, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(typeof res.body.error.message).toBe("string");
  expect(res.body.meta.requestId).toBe(res.headers["x-request-id"]);
  expect(res.body.error.stack).toBeUndefined();
  return res.body.error as { code: string; message: string; details?: Array<{ field?: string; message: string }> };
}
