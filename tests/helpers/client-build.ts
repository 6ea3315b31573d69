import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
// TEST_CLIENT_DIR lets parallel work build the web app somewhere else than dist/client.
export const clientDir = process.env.TEST_CLIENT_DIR ? path.resolve(process.env.TEST_CLIENT_DIR) : path.join(root, "dist/client");

/**
 * Builds the web app once when it is missing (fresh clone); returns the folder of the build.
 * The global setup calls it before any test file starts: with several jest workers, two
 * files building into the same folder at once would each see a half-written build.
 */
export function ensureClientBuilt(): string {
  if (existsSync(path.join(clientDir, "index.html"))) return clientDir;
  const args = ["run", "build:client", "--", "--outDir", clientDir, "--emptyOutDir"];
  const result = spawnSync("npm", args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build:client failed");
  return clientDir;
}
