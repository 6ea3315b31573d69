import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eventually } from "./eventually";

/**
 * A real nginx (the system binary jest.config.js found, TF_TEST_NGINX) in front
 * of a test server, configured with the README's own `server` block: the
 * deployment example is what the test runs, so a change to it that breaks
 * streaming or sockets fails here.
 */

const README = path.resolve(__dirname, "../../README.md");

/**
 * The README's nginx `server { … }` block for a local test: listening on
 * 127.0.0.1:`port` without TLS, proxying to `upstream`. Fails loudly when the
 * README's block no longer has the lines this replaces.
 */
export function readmeServerBlock(port: number, upstream: string, edit: (block: string) => string = (b) => b): string {
  const readme = fs.readFileSync(README, "utf8");
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no ```nginx block");
  const local = block.replace(/^\s*listen 443 ssl http2;.*$/m, `  listen 127.0.0.1:${port};`).replace(/proxy_pass http:\/\/127\.0\.0\.1:3000;/, `proxy_pass ${upstream};`);
  if (!local.includes(`listen 127.0.0.1:${port};`) || !local.includes(`proxy_pass ${upstream};`)) throw new Error("README.md's nginx block no longer has `listen 443 ssl http2;` and `proxy_pass http://127.0.0.1:3000;`: update tests/helpers/nginx.ts");
  return edit(local);
}

export interface RunningNginx {
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts nginx in the foreground (one process, its files in a temp dir) with `serverBlock(port)` as its only server. */
export async function startNginx(serverBlock: (port: number) => string): Promise<RunningNginx> {
  const binary = process.env.TF_TEST_NGINX;
  if (!binary) throw new Error("no nginx for this run (jest.config.js decides; *.nginx.test.ts files do not run without one)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-nginx-"));
  const port = await freePort();
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${dir}/${t};`).join("\n");
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `daemon off;\nmaster_process off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n${temp}\n${serverBlock(port)}\n}\n`,
  );
  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr || fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
      return new Promise<boolean>((resolve) => net.connect(port, "127.0.0.1").once("connect", function (this: net.Socket) { this.destroy(); resolve(true); }).once("error", () => resolve(false)));
    },
    { what: "nginx listening", timeoutMs: 10_000 },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
