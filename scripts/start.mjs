// `npm start`: builds server and web app on first run (fresh clone), then starts the server.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverEntry = path.join(root, "dist/server/index.js");
const clientEntry = path.join(root, "dist/client/index.html");

if (!existsSync(serverEntry) || !existsSync(clientEntry)) {
  console.log("No build found: building TeamFlow (first start only, about a minute)…");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("Build failed. Run `npm install` first, then `npm run build` to see the error.");
    process.exit(result.status ?? 1);
  }
}

createRequire(import.meta.url)(serverEntry);
