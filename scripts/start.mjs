// `npm start`: builds server and web app when there is no build yet (fresh clone) or when
// the sources changed since the last one (after a `git pull`), then starts the server.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverEntry = path.join(root, "dist/server/index.js");
const clientEntry = path.join(root, "dist/client/index.html");
/** What the build is made from; src/generated is rewritten by every `npm install` (prisma generate), so it counts too. */
const sources = ["src", "client", "public", "prisma", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];

/** The newest modification time under `p` (a file or a folder), 0 when it is missing. */
function newest(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === "node_modules") continue;
    latest = Math.max(latest, newest(path.join(p, entry)));
  }
  return latest;
}

function buildReason() {
  if (!existsSync(serverEntry) || !existsSync(clientEntry)) return "No build found: building TeamFlow (first start only, about a minute)…";
  const builtAt = Math.min(statSync(serverEntry).mtimeMs, statSync(clientEntry).mtimeMs);
  const changedAt = Math.max(...sources.map((s) => newest(path.join(root, s))));
  if (changedAt > builtAt) return "The sources changed since the last build: rebuilding TeamFlow (about a minute)…";
  return null;
}

const reason = buildReason();
if (reason) {
  console.log(reason);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("Build failed. Run `npm install` first, then `npm run build` to see the error.");
    process.exit(result.status ?? 1);
  }
}

createRequire(import.meta.url)(serverEntry);
