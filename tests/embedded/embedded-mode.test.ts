import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

interface Booted {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Boots the real server entry point with no DATABASE_URL/REDIS_URL: embedded PostgreSQL in dataDir. */
function boot(dataDir: string): Promise<Booted> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", DATA_DIR: dataDir, NODE_ENV: "development", LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ["--require", "tsx/cjs", "src/index.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(/TeamFlow is running at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

function stop(b: Booted): Promise<number | null> {
  return new Promise((resolve) => {
    b.child.removeAllListeners("exit");
    b.child.once("exit", (code) => resolve(code));
    b.child.kill("SIGTERM");
  });
}

async function post(url: string, body: unknown) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data: { accessToken: string; user: { id: string } } } };
}

describe("embedded mode (no DATABASE_URL, no REDIS_URL)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "teamflow-embedded-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("starts on PGlite, says so, registers and signs in, keeps data across a restart and shuts down cleanly", async () => {
    const first = await boot(dataDir);
    expect(first.output()).toMatch(/embedded PostgreSQL 1[5-9]/);
    expect(first.output()).toContain("set DATABASE_URL");
    expect(first.output()).toContain("set REDIS_URL");
    const ready = await fetch(`${first.url}/api/ready`);
    expect(ready.status).toBe(200);

    const account = { email: "embedded@example.com", password: "Correct-horse-42", name: "Embedded" };
    const reg = await post(`${first.url}/api/v1/auth/register`, account);
    expect(reg.status).toBe(201);
    const me = await fetch(`${first.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${reg.body.data.accessToken}` } });
    const meBody = (await me.json()) as { data: { workspaces: Array<{ role: string }> } };
    // first user of a fresh install gets a workspace
    expect(meBody.data.workspaces).toHaveLength(1);
    expect(meBody.data.workspaces[0].role).toBe("OWNER");
    // Full-text search (generated tsvector + GIN) works on the embedded database too.
    const auth = { authorization: `Bearer ${reg.body.data.accessToken}`, "content-type": "application/json" };
    const workspaceId = meBody.data.workspaces[0] as unknown as { id: string };
    const project = (await (await fetch(`${first.url}/api/v1/workspaces/${workspaceId.id}/projects`, { method: "POST", headers: auth, body: JSON.stringify({ name: "Web", key: "WEB" }) })).json()) as { data: { id: string } };
    const created = await fetch(`${first.url}/api/v1/projects/${project.data.id}/tasks`, { method: "POST", headers: auth, body: JSON.stringify({ title: "Embedded searching works" }) });
    expect(created.status).toBe(201);
    const search = (await (await fetch(`${first.url}/api/v1/workspaces/${workspaceId.id}/search?q=search`, { headers: auth })).json()) as { data: Array<{ task: { key: string } }> };
    expect(search.data.map((h) => h.task.key)).toEqual(["WEB-1"]);
    expect(fs.existsSync(path.join(dataDir, "pgdata"))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, "secrets.json"))).toBe(true);
    expect(await stop(first)).toBe(0);

    const second = await boot(dataDir);
    const login = await post(`${second.url}/api/v1/auth/login`, { email: account.email, password: account.password });
    expect(login.status).toBe(200);
    expect(login.body.data.user.id).toBe(reg.body.data.user.id);
    expect(await stop(second)).toBe(0);
  }, 200_000);

  it("answers concurrent mixed requests without a 5xx (PGlite serves one connection)", async () => {
    const server = await boot(fs.mkdtempSync(path.join(os.tmpdir(), "teamflow-embedded-load-")));
    try {
      const reg = await post(`${server.url}/api/v1/auth/register`, { email: "load@example.com", password: "Correct-horse-42", name: "Load" });
      const auth = { authorization: `Bearer ${reg.body.data.accessToken}`, "content-type": "application/json" };
      const call = async (method: string, url: string, body?: unknown) => {
        const res = await fetch(`${server.url}/api/v1${url}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
        return { status: res.status, body: (await res.json().catch(() => null)) as { data: { id: string; version: number; workspaces: Array<{ id: string }> } } };
      };
      const workspaceId = (await call("GET", "/auth/me")).body.data.workspaces[0].id;
      const project = (await call("POST", `/workspaces/${workspaceId}/projects`, { name: "Load", key: "LOAD" })).body.data;
      const task = (await call("POST", `/projects/${project.id}/tasks`, { title: "Hot task" })).body.data;

      // Reads and writes of different shapes at once, as a browser tab does on load.
      const mix = [
        () => call("GET", "/auth/me"),
        () => call("GET", "/notifications"),
        () => call("GET", `/workspaces/${workspaceId}/members`),
        () => call("GET", `/projects/${project.id}/tasks?status=TODO,IN_PROGRESS&q=hot`),
        () => call("POST", `/projects/${project.id}/tasks`, { title: "Another", priority: "HIGH", description: "x".repeat(50) }),
        () => call("GET", `/tasks/${task.id}/activity`),
      ];
      const statuses: number[] = [];
      await Promise.all(
        Array.from({ length: 12 }, async (_, worker) => {
          for (let i = 0; i < 15; i++) statuses.push((await mix[(worker + i) % mix.length]()).status);
        }),
      );
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses).toHaveLength(180);
      expect(server.child.exitCode).toBeNull();
      expect(server.output()).not.toMatch(/prepared statement|bind message/);
    } finally {
      await stop(server);
    }
  }, 200_000);
});
