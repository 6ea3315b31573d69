/**
 * SPEC §6: a lost Redis connection degrades (requests keep working, jobs retry
 * when it returns) instead of crashing; a crash mid-job loses no job.
 *
 * The real server (src/index.ts, NODE_ENV=production, DATABASE_URL and
 * REDIS_URL set) runs as a child process on a PostgreSQL and a Redis of this
 * test alone. The Redis (AOF on, as a Redis for BullMQ is configured) is
 * stopped, and killed, under it and started again on the same port and data.
 * Email goes to a local SMTP server, sockets are real socket.io clients.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { io as connect, type Socket } from "socket.io-client";
import type { EmbeddedDatabase } from "../../src/db/embedded";
import { parseEnv } from "../../src/config/env";
import { createContext } from "../../src/context";
import { createPrismaClient } from "../../src/db/client";
import { configureLogger } from "../../src/lib/logger";
import { attachRealtime } from "../../src/realtime/realtime";
import { connectRedis } from "../../src/server";
import { startSmtpServer, type CapturedMail } from "../helpers/smtp";
import { Client, JWT_SECRET, PASSWORD, cleanUp, expectStatus, removeDir, seriousLogLines, startApp, startPostgres, startPrivateRedis, type AppProcess, type PrivateRedis } from "./support";
import { eventually } from "../helpers/eventually";

type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;

configureLogger("error", true); // the in-process instance's warnings while Redis is down

interface OtherInstance {
  url: string;
  close(): Promise<void>;
}

/**
 * A second instance of the same install (same database, same Redis), as behind a load balancer:
 * only its Socket.IO part, in this process (a second app process would cost another migration run).
 * Events of the app process reach its sockets through the Redis adapter.
 */
async function startOtherInstance(databaseUrl: string, redisUrl: string): Promise<OtherInstance> {
  const config = parseEnv({ NODE_ENV: "production", DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, JWT_SECRET, ENCRYPTION_KEY: "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=", APP_URL: "http://teamflow.test", DATA_DIR: os.tmpdir() });
  const db = createPrismaClient(databaseUrl, 2);
  const redis = await connectRedis(redisUrl);
  const ctx = createContext({ config, secrets: { jwtSecret: JWT_SECRET }, db, redis });
  const server = http.createServer();
  const realtime = await attachRealtime(ctx, server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await realtime.close();
      await ctx.jobs.close();
      await db.$disconnect();
      redis.disconnect();
    },
  };
}

/** Every event a socket received, in order, for "did it arrive" checks. */
function openSocket(url: string, token: string) {
  const socket: Socket = connect(url, { path: "/socket.io", auth: { token }, transports: ["websocket"], forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 1000 });
  const events: Array<{ name: string; payload: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload }));
  const connected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("socket did not connect in 10 s")), 10_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { socket, events, connected };
}

const join = (socket: Socket, rooms: string[]): Promise<{ joined: string[]; refused: string[] }> => socket.timeout(5000).emitWithAck("join", rooms);

describe("Redis stopped and killed under a running app", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teamflow-resilience-redis-"));
  let db: EmbeddedDatabase;
  let redis: PrivateRedis;
  let smtp: Smtp;
  let app: AppProcess;
  let other: OtherInstance;
  /** A socket on the other instance, in the project room. */
  let remote: ReturnType<typeof openSocket>;
  /** The email job of a recipient whose name says "hold" waits in SMTP until released. */
  let releaseHeld: (() => void) | undefined;
  const held: CapturedMail[] = [];
  const api = new Client(() => app.url, () => app.describe());
  const sockets: Socket[] = [];
  const state = { leadId: "", workspaceId: "", projectId: "", taskId: "", version: 1, memberId: "", memberToken: "" };
  let refreshCookie = "";

  beforeAll(async () => {
    db = await startPostgres(path.join(dir, "db"));
    redis = await startPrivateRedis(fs.mkdtempSync(path.join(dir, "redis-")));
    smtp = await startSmtpServer({
      // Only the first try: if BullMQ runs the job again (it delivers at least once), that one goes through.
      beforeAccept: (mail) => {
        if (!mail.to.some((t) => t.startsWith("hold"))) return;
        held.push(mail);
        if (held.length === 1) return new Promise<void>((resolve) => (releaseHeld = resolve));
      },
    });
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: redis.url, SMTP_URL: smtp.url, DATA_DIR: path.join(dir, "app"), APP_URL: "http://teamflow.test" });
    other = await startOtherInstance(db.url, redis.url);
  }, 90_000);

  afterAll(async () => {
    releaseHeld?.();
    for (const s of sockets) s.close();
    await cleanUp(
      () => app?.stop(),
      () => other?.close(),
      () => smtp?.close(),
      () => redis?.stop(),
      () => db?.stop(),
      () => removeDir(dir),
    );
  }, 60_000);

  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));

  it("works with Redis up: requests, socket events, email jobs", async () => {
    const reg = await api.post("/api/v1/auth/register", { email: "lead@example.com", name: "Lead", password: PASSWORD });
    expectStatus(reg, 201);
    api.token = reg.body.data.accessToken;
    state.leadId = reg.body.data.user.id;
    refreshCookie = reg.cookies.find((c) => c.startsWith("tf_refresh="))!.split(";")[0]!;
    state.workspaceId = expectStatus(await api.get("/api/v1/auth/me"), 200).data.workspaces[0].id;
    state.projectId = expectStatus(await api.post(`/api/v1/workspaces/${state.workspaceId}/projects`, { name: "Web", key: "WEB" }), 201).data.id;
    state.taskId = expectStatus(await api.post(`/api/v1/projects/${state.projectId}/tasks`, { title: "Before" }), 201).data.id;
    // A second account, to receive an in-app notification (a job on the notifications queue) later.
    const member = new Client(() => app.url, () => app.describe());
    const m = await member.post("/api/v1/auth/register", { email: "member@example.com", name: "Member", password: PASSWORD });
    state.memberId = expectStatus(m, 201).data.user.id;
    state.memberToken = m.body.data.accessToken;

    const lead = openSocket(app.url, api.token!);
    sockets.push(lead.socket);
    await lead.connected;
    expect((await join(lead.socket, [`workspace:${state.workspaceId}`, `project:${state.projectId}`])).refused).toEqual([]);
    remote = openSocket(other.url, api.token!);
    sockets.push(remote.socket);
    await remote.connected;
    expect((await join(remote.socket, [`project:${state.projectId}`])).refused).toEqual([]);
    const created = expectStatus(await api.post(`/api/v1/projects/${state.projectId}/tasks`, { title: "Seen live" }), 201).data.id;
    await eventually(() => lead.events.some((e) => e.name === "task.created" && e.payload.data.id === created), { what: "task.created on the socket", timeoutMs: 10_000 });
    await eventually(() => remote.events.some((e) => e.name === "task.created" && e.payload.data.id === created), { what: "task.created on the other instance's socket", timeoutMs: 10_000 });

    expectStatus(await api.post(`/api/v1/workspaces/${state.workspaceId}/invitations`, { email: "first@example.com", role: "MEMBER" }), 201);
    await eventually(() => mailsTo("first@example.com").length === 1, { what: "the first invitation email", timeoutMs: 20_000 });
    const ready = await api.get("/api/ready");
    expect(ready.body).toEqual({ status: "ready", checks: { database: "up", redis: "up", storage: "up" } });
    // The Redis rate-limit store answers: the limit headers are there.
    expect((await api.get("/api/v1/auth/me")).headers.get("ratelimit")).toBeTruthy();
  });

  it("keeps answering while Redis is down and runs the jobs queued meanwhile once it is back", async () => {
    const lead = openSocket(app.url, api.token!);
    sockets.push(lead.socket);
    await lead.connected;
    await join(lead.socket, [`workspace:${state.workspaceId}`]);

    await redis.stop("SIGTERM");
    const downAt = Date.now();

    const ready = await eventually(async () => {
      const r = await api.get("/api/ready");
      return r.status === 503 ? r : false;
    }, { what: "/api/ready reports Redis down", timeoutMs: 10_000 });
    expect(ready.body).toEqual({ status: "unavailable", checks: { database: "up", redis: "down", storage: "up" } });
    expect((await api.get("/api/health")).status).toBe(200);

    // Requests keep working: reads, writes, an interactive transaction, the rate-limited credential and session endpoints.
    expectStatus(await api.get("/api/v1/auth/me"), 200);
    expectStatus(await api.get(`/api/v1/projects/${state.projectId}/tasks`), 200);
    state.version = expectStatus(await api.patch(`/api/v1/tasks/${state.taskId}`, { title: "Renamed while Redis is down", version: state.version }), 200).data.version;
    expectStatus(await api.post("/api/v1/auth/login", { email: "lead@example.com", password: PASSWORD }), 200);
    const refreshed = expectStatus(await api.call("POST", "/api/v1/auth/refresh", undefined, { headers: { cookie: refreshCookie } }), 200);
    expect(refreshed.data.accessToken).toBeTruthy();
    refreshCookie = api.replies.at(-1)!.cookies.find((c) => c.startsWith("tf_refresh="))!.split(";")[0]!;

    // The socket stays connected, joining rooms still works, and it still gets this instance's events.
    expect(lead.socket.connected).toBe(true);
    expect((await join(lead.socket, [`project:${state.projectId}`])).joined).toEqual([`project:${state.projectId}`]);
    const whileDown = expectStatus(await api.post(`/api/v1/projects/${state.projectId}/tasks`, { title: "While Redis is down" }), 201).data.id;
    await eventually(() => lead.events.some((e) => e.name === "task.created" && e.payload.data.id === whileDown), { what: "task.created on the socket while Redis is down", timeoutMs: 10_000 });
    // A new socket connects too.
    const late = openSocket(app.url, api.token!);
    sockets.push(late.socket);
    await late.connected;
    expect((await join(late.socket, [`workspace:${state.workspaceId}`, `project:${state.projectId}`])).refused).toEqual([]);

    // Jobs queued while Redis is down: an invitation email (email queue) and an in-app notification (notifications queue).
    expectStatus(await api.post(`/api/v1/workspaces/${state.workspaceId}/invitations`, { email: "during@example.com", role: "MEMBER" }), 201);
    expectStatus(await api.post(`/api/v1/workspaces/${state.workspaceId}/invitations`, { email: "member@example.com", role: "VIEWER" }), 201);
    // Long enough for the sockets' presence heartbeats to run into the outage too (the app logs each miss).
    await eventually(() => /"what":"heartbeat"/.test(app.output()), { what: "a presence heartbeat while Redis is down", timeoutMs: 30_000, intervalMs: 200 });
    expectStatus(await api.get("/api/v1/auth/me"), 200);
    expect(app.alive()).toBe(true);

    await redis.start();
    await eventually(async () => (await api.get("/api/ready")).status === 200, { what: "/api/ready answers 200 again", timeoutMs: 30_000 });
    const upAt = Date.now();

    await eventually(() => mailsTo("during@example.com").length > 0, { what: "the invitation email queued while Redis was down", timeoutMs: 30_000 });
    const member = new Client(() => app.url, () => app.describe());
    member.token = state.memberToken;
    await eventually(async () => {
      const r = await member.get("/api/v1/notifications");
      return r.status === 200 && r.body.data.some((n: { type: string }) => n.type === "INVITATION");
    }, { what: "the in-app notification queued while Redis was down", timeoutMs: 30_000 });
    expect(mailsTo("during@example.com")).toHaveLength(1);

    // Everything is back: rate limits are counted in Redis again, presence and socket events work.
    expect((await api.get("/api/v1/auth/me")).headers.get("ratelimit")).toBeTruthy();
    const after = expectStatus(await api.post(`/api/v1/projects/${state.projectId}/tasks`, { title: "After Redis is back" }), 201).data.id;
    await eventually(() => [lead, late, remote].every((s) => s.events.some((e) => e.name === "task.created" && e.payload.data.id === after)), { what: "task.created on the sockets after Redis is back, on both instances", timeoutMs: 10_000 });
    const presence = await lead.socket.timeout(5000).emitWithAck("presence", `workspace:${state.workspaceId}`);
    expect(presence.users.map((u: { id: string }) => u.id)).toContain(state.leadId);

    const bad = api.replies.filter((r) => r.status >= 500 && !(r.path === "/api/ready" && r.at >= downAt && r.at < upAt));
    expect({ bad: bad.map((r) => `${r.status} ${r.method} ${r.path}`), log: seriousLogLines(app.output()) }).toEqual({ bad: [], log: [] });
    expect(app.alive()).toBe(true);
  }, 90_000);

  it("finishes a job that was running when Redis crashed (SIGKILL) and came back from its AOF", async () => {
    expectStatus(await api.post(`/api/v1/workspaces/${state.workspaceId}/invitations`, { email: "hold@example.com", role: "MEMBER" }), 201);
    // The email job is running: its SMTP delivery waits for us.
    await eventually(() => held.length === 1, { what: "the email job is in flight", timeoutMs: 20_000 });

    await redis.stop("SIGKILL");
    // The job finishes its work while Redis is down: BullMQ can only record that once Redis is back.
    releaseHeld!();
    await eventually(() => mailsTo("hold@example.com").length > 0, { what: "the job in flight was delivered", timeoutMs: 10_000 });
    await redis.start();

    await eventually(async () => (await api.get("/api/ready")).status === 200, { what: "/api/ready answers 200 again", timeoutMs: 30_000 });
    // And BullMQ in Redis agrees: nothing left running, waiting or failed.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue("email", { connection, prefix: "tf:bull" });
    try {
      const counts = await eventually(async () => {
        const c = await queue.getJobCounts("active", "wait", "delayed", "failed", "completed");
        return c.active + c.wait + c.delayed === 0 ? c : false;
      }, { what: "the email queue settled", timeoutMs: 45_000, intervalMs: 250 });
      expect(counts).toMatchObject({ failed: 0, completed: 4 }); // first, during, member's email, hold
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(seriousLogLines(app.output())).toEqual([]);
  }, 90_000);

  it("shuts down cleanly (SIGTERM) while Redis is down", async () => {
    await redis.stop("SIGTERM");
    await eventually(async () => (await api.get("/api/ready")).status === 503, { what: "/api/ready reports Redis down", timeoutMs: 10_000 });
    expectStatus(await api.get("/api/v1/auth/me"), 200);
    const started = Date.now();
    const code = await app.stop();
    expect({ code, output: code === 0 ? "" : app.describe() }).toEqual({ code: 0, output: "" });
    expect(Date.now() - started).toBeLessThan(15_000);
    await redis.start(); // for the other instance's clean-up
  }, 60_000);
});
