import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { freePort } from "../../src/db/embedded";
import { connectSocket, join } from "../helpers/realtime";
import { eventually } from "../helpers/eventually";

/**
 * The zero-setup mode as a new user runs it: the real entry point with no
 * DATABASE_URL and no REDIS_URL, so the server starts its own PostgreSQL in
 * DATA_DIR. These tests use it for longer than a request: idle pools, mixed
 * load, a killed app, a killed database, data from an engine it cannot read.
 */
const root = path.resolve(__dirname, "../..");

interface Booted {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function spawnServer(dataDir: string, env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: "0", DATA_DIR: dataDir, NODE_ENV: "development", LOG_LEVEL: "warn", DATABASE_URL: "", ...env };
  delete childEnv.REDIS_URL;
  const child = spawn(process.execPath, ["--require", "tsx/cjs", "src/index.ts"], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** Boots the server (DATABASE_URL empty, as a compose file leaves it: embedded mode) and waits for its banner. */
function boot(dataDir: string, env: Record<string, string> = {}): Promise<Booted> {
  const { child, output } = spawnServer(dataDir, env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output()}`)), 90_000);
    const poll = setInterval(() => {
      const m = output().match(/TeamFlow is running at (http:\/\/\S+)/);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ child, url: m[1], output });
    }, 50);
    child.once("exit", (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output()}`));
    });
  });
}

function stop(b: Booted, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  return new Promise((resolve) => {
    if (b.child.exitCode !== null || b.child.signalCode !== null) return resolve(b.child.exitCode);
    b.child.once("exit", (code) => resolve(code));
    b.child.kill(signal);
  });
}

function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, "pgdata", "postmaster.pid");
  return fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").split("\n")[0]) : undefined;
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

type Body = { data: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A signed-in API client that records every status it saw. */
async function signUp(base: string, email: string) {
  const statuses: number[] = [];
  const reg = await fetch(`${base}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "Correct-horse-42", name: email.split("@")[0] }),
  });
  const regBody = (await reg.json()) as Body;
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(regBody)}`);
  const token: string = regBody.data.accessToken;
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    statuses.push(res.status);
    return { status: res.status, body: (await res.json().catch(() => null)) as Body };
  };
  const me = await call("GET", "/auth/me");
  return { token, call, statuses, userId: regBody.data.user.id as string, workspaceId: me.body.data.workspaces[0]?.id as string };
}

/** A direct connection to the embedded server, as its owner (the password TeamFlow keeps in DATA_DIR). */
function adminClient(dataDir: string, port: number): Client {
  const { password } = JSON.parse(fs.readFileSync(path.join(dataDir, "embedded-postgres.json"), "utf8")) as { password: string };
  return new Client({ host: "127.0.0.1", port, user: "postgres", password, database: "teamflow" });
}

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `teamflow-embedded-${name}-`));
const dirs: string[] = [];
const children = new Set<ChildProcess>();
afterAll(async () => {
  // A failed test leaves its server running: stop them (each stops its database), then delete the data.
  const running = [...children].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(running.map((child) => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")))));
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

describe("embedded mode (DATABASE_URL empty, no REDIS_URL)", () => {
  it("runs a real PostgreSQL, says so, keeps data across a restart and leaves no server behind", async () => {
    const dataDir = tmp("basic");
    dirs.push(dataDir);
    const first = await boot(dataDir);
    expect(first.output()).toMatch(/embedded PostgreSQL 1[5-9]\.\d+ in /);
    expect(first.output()).toContain("set DATABASE_URL");
    expect(first.output()).toContain("set REDIS_URL");
    expect((await fetch(`${first.url}/api/ready`)).status).toBe(200);

    const user = await signUp(first.url, "embedded@example.com");
    const me = await user.call("GET", "/auth/me");
    // first user of a fresh install gets a workspace
    expect(me.body.data.workspaces).toHaveLength(1);
    expect(me.body.data.workspaces[0].role).toBe("OWNER");
    // Full-text search (generated tsvector + GIN) works on the embedded database too.
    const project = await user.call("POST", `/workspaces/${user.workspaceId}/projects`, { name: "Web", key: "WEB" });
    expect((await user.call("POST", `/projects/${project.body.data.id}/tasks`, { title: "Embedded searching works" })).status).toBe(201);
    const search = await user.call("GET", `/workspaces/${user.workspaceId}/search?q=search`);
    expect(search.body.data.map((h: { task: { key: string } }) => h.task.key)).toEqual(["WEB-1"]);
    expect(fs.existsSync(path.join(dataDir, "pgdata", "PG_VERSION"))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, "secrets.json"))).toBe(true);
    const pid = postmasterPid(dataDir);
    expect(alive(pid)).toBe(true);
    expect(await stop(first)).toBe(0);
    expect(alive(pid)).toBe(false);

    const second = await boot(dataDir);
    const login = await fetch(`${second.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "embedded@example.com", password: "Correct-horse-42" }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as Body).data.user.id).toBe(user.userId);
    expect(await stop(second, "SIGINT")).toBe(0); // Ctrl-C
    expect(alive(postmasterPid(dataDir))).toBe(false);
  }, 200_000);

  it("keeps answering every kind of request after the pool's connections sat idle and were closed", async () => {
    const dataDir = tmp("idle");
    dirs.push(dataDir);
    const dbPort = await freePort();
    const server = await boot(dataDir, { EMBEDDED_DB_PORT: String(dbPort) });
    const admin = adminClient(dataDir, dbPort);
    await admin.connect();
    try {
      const user = await signUp(server.url, "idle@example.com");
      const project = await user.call("POST", `/workspaces/${user.workspaceId}/projects`, { name: "Idle", key: "IDLE" });
      const task = await user.call("POST", `/projects/${project.body.data.id}/tasks`, { title: "Before the pause" });
      const appConnections = async () =>
        Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'teamflow'")).rows[0].n);
      expect(await appConnections()).toBeGreaterThan(0);
      // The pool closes connections idle for 10 s; wait until the server sees none of the app's left.
      await eventually(async () => (await appConnections()) === 0, { what: "the pool to close its idle connections", timeoutMs: 60_000 });

      expect((await user.call("GET", "/auth/me")).status).toBe(200); // session check
      expect((await user.call("GET", `/projects/${project.body.data.id}/tasks`)).body.data).toHaveLength(1); // list
      expect((await user.call("POST", `/projects/${project.body.data.id}/tasks`, { title: "After the pause" })).status).toBe(201); // write
      const patched = await user.call("PATCH", `/tasks/${task.body.data.id}`, { title: "Renamed after the pause", version: task.body.data.version });
      expect(patched.status).toBe(200); // interactive transaction
      const bulk = await user.call("POST", "/tasks/bulk", { action: "move", ids: [task.body.data.id], status: "IN_PROGRESS" });
      expect(bulk.status).toBe(200); // a multi-row transaction
      // and again, on connections opened after the others were dropped
      for (let i = 0; i < 5; i++) expect((await user.call("GET", "/auth/me")).status).toBe(200);
      expect(user.statuses.filter((s) => s >= 500)).toEqual([]);
      expect(server.output()).not.toMatch(/prepared statement|bind message|INTERNAL_ERROR/);
    } finally {
      await admin.end();
      await stop(server);
    }
  }, 200_000);

  it("answers mixed reads, writes, sockets and jobs at once without a 5xx", async () => {
    const dataDir = tmp("load");
    dirs.push(dataDir);
    const server = await boot(dataDir);
    try {
      const user = await signUp(server.url, "load@example.com");
      const project = (await user.call("POST", `/workspaces/${user.workspaceId}/projects`, { name: "Load", key: "LOAD" })).body.data;
      const task = (await user.call("POST", `/projects/${project.id}/tasks`, { title: "Hot task" })).body.data;
      const sockets = await Promise.all(Array.from({ length: 10 }, () => connectSocket(server.url, user.token)));
      for (const s of sockets) expect((await join(s, [`project:${project.id}`])).refused).toEqual([]);
      const created = sockets.map(() => new Set<string>());
      sockets.forEach((s, i) => s.on("task.created", (e: { data: { id: string } }) => created[i].add(e.data.id)));

      // Reads and writes of different shapes at once, as browser tabs do on load; invitations queue email jobs.
      let invite = 0;
      const mix = [
        () => user.call("GET", "/auth/me"),
        () => user.call("GET", "/notifications"),
        () => user.call("GET", `/workspaces/${user.workspaceId}/members`),
        () => user.call("GET", `/projects/${project.id}/tasks?status=TODO,IN_PROGRESS&q=hot`),
        () => user.call("POST", `/projects/${project.id}/tasks`, { title: "Another", priority: "HIGH", description: "x".repeat(50) }),
        () => user.call("GET", `/tasks/${task.id}/activity`),
        () => user.call("POST", `/workspaces/${user.workspaceId}/invitations`, { email: `guest${invite++}@example.com`, role: "MEMBER" }),
      ];
      const results = await Promise.all(
        Array.from({ length: 12 }, async (_, worker) => {
          const mine = [];
          for (let i = 0; i < 14; i++) mine.push(await mix[(worker + i) % mix.length]());
          return mine;
        }),
      );
      const all = results.flat();
      expect(all.filter((r) => r.status >= 500)).toEqual([]);
      expect(all).toHaveLength(168);
      const newTaskIds = all.filter((r) => r.status === 201 && r.body.data.key?.startsWith("LOAD-")).map((r) => r.body.data.id as string);
      expect(newTaskIds.length).toBeGreaterThan(10);
      // every socket saw every task created under load
      await eventually(() => created.every((seen) => newTaskIds.every((id) => seen.has(id))), { what: "every task.created event", timeoutMs: 10_000 });
      sockets.forEach((s) => s.close());
      expect(server.child.exitCode).toBeNull();
      expect(server.output()).not.toMatch(/prepared statement|bind message|unhandled error/);
    } finally {
      await stop(server);
    }
  }, 200_000);

  it("starts after the app was killed (kill -9) with its database still running, and after the database itself crashed", async () => {
    const dataDir = tmp("crash");
    dirs.push(dataDir);
    const first = await boot(dataDir);
    const user = await signUp(first.url, "crash@example.com");
    const orphan = postmasterPid(dataDir);
    await stop(first, "SIGKILL");
    expect(alive(orphan)).toBe(true); // the database outlives a killed parent…

    const second = await boot(dataDir); // …and the next start deals with it
    expect(alive(orphan)).toBe(false);
    expect(second.output()).toContain("still running: stopping it");
    const again = await fetch(`${second.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "crash@example.com", password: "Correct-horse-42" }),
    });
    expect(again.status).toBe(200);
    const token = (((await again.json()) as Body).data.accessToken) as string;
    const me = () => fetch(`${second.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });

    // The database dies under the running app: it answers 503 (never 500) until the server is back, by itself.
    process.kill(postmasterPid(dataDir)!, "SIGKILL");
    const seen: number[] = [];
    await eventually(async () => {
      const res = await me();
      seen.push(res.status);
      return res.status === 200;
    }, { what: "the app to recover from the database crash" });
    expect(seen.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    await eventually(() => second.output().includes("the embedded PostgreSQL is running again"), { what: "the restart to be logged" });
    expect((await fetch(`${second.url}/api/ready`)).status).toBe(200);
    expect(user.userId).toBeTruthy();
    expect(await stop(second)).toBe(0);
  }, 200_000);

  it("a second TeamFlow on the same data folder stops with a message and leaves the running one's database alone", async () => {
    const dataDir = tmp("twice");
    dirs.push(dataDir);
    const first = await boot(dataDir);
    const user = await signUp(first.url, "twice@example.com");
    const postmaster = postmasterPid(dataDir);

    const { child, output } = spawnServer(dataDir);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output()).toContain(`Another TeamFlow (process ${first.child.pid}) is already running on this data directory`);
    // The first one's database was never touched: same server, no restart, requests keep working.
    expect(postmasterPid(dataDir)).toBe(postmaster);
    expect(alive(postmaster)).toBe(true);
    expect(first.output()).not.toContain("exited unexpectedly");
    expect((await user.call("GET", "/auth/me")).status).toBe(200);
    expect(await stop(first)).toBe(0);
  }, 200_000);

  it("refuses a data folder it cannot read with a message that says what to do, and changes nothing", async () => {
    // A cluster of another format (here: one claiming PostgreSQL 17) stands in for the old PGlite data,
    // which PostgreSQL refuses the same way ("database files are incompatible with server").
    const dataDir = tmp("old");
    dirs.push(dataDir);
    const first = await boot(dataDir);
    await stop(first);
    fs.writeFileSync(path.join(dataDir, "pgdata", "PG_VERSION"), "17\n");
    const before = fs.readdirSync(path.join(dataDir, "pgdata")).sort();

    const { child, output } = spawnServer(dataDir);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output()).toContain("cannot be read by TeamFlow's embedded PostgreSQL");
    expect(output()).toContain("PGlite");
    expect(output()).toContain(`mv "${path.join(dataDir, "pgdata")}"`);
    expect(fs.readdirSync(path.join(dataDir, "pgdata")).sort()).toEqual(before);
    expect(fs.readFileSync(path.join(dataDir, "pgdata", "PG_VERSION"), "utf8")).toBe("17\n");
  }, 200_000);
});
