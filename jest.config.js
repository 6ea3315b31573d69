const { execFileSync } = require("node:child_process");
const fs = require("node:fs");

/**
 * What the run can use, decided here, once, because it also decides which files
 * run (jest refuses a file that registers no test): `*.redis.*.test.ts` hold only
 * Redis-backed tests, `tests/browser/` only browser tests, `*.nginx.test.ts` only reverse-proxy tests. The global setup prints
 * the decisions and, under CI=true, fails the run when Redis or Chromium is missing.
 */
const isCI = process.env.CI === "true" || process.env.CI === "1";

function redisForTests() {
  if (process.env.TEST_REDIS === "off") return { url: "", why: "TEST_REDIS=off" };
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, why: "REDIS_URL" };
  // Jest's config cannot await, so the probe runs in a child process.
  const probe = `require("net").connect(6379, "127.0.0.1").once("connect", () => process.exit(0)).once("error", () => process.exit(1)).setTimeout(1000, () => process.exit(1))`;
  try {
    execFileSync(process.execPath, ["-e", probe], { timeout: 5000, stdio: "ignore" });
    return { url: "redis://127.0.0.1:6379", why: "local Redis on 127.0.0.1:6379" };
  } catch {
    return { url: "", why: "no REDIS_URL and nothing answers on 127.0.0.1:6379" };
  }
}

/** The system Chromium (playwright-core never downloads a browser): CHROMIUM_PATH, else the usual places. */
function chromiumForTests() {
  if (process.env.TEST_BROWSER === "off") return { path: "", why: "TEST_BROWSER=off" };
  if (process.env.CHROMIUM_PATH) {
    if (fs.existsSync(process.env.CHROMIUM_PATH)) return { path: process.env.CHROMIUM_PATH, why: "CHROMIUM_PATH" };
    return { path: "", why: `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist` };
  }
  const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium", "/Applications/Chromium.app/Contents/MacOS/Chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"];
  const found = candidates.find((p) => fs.existsSync(p));
  return found ? { path: found, why: found } : { path: "", why: "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)" };
}

/** The system nginx, for the README's reverse-proxy example (*.nginx.test.ts): NGINX_PATH, else the usual places. */
function nginxForTests() {
  if (process.env.TEST_NGINX === "off") return { path: "", why: "TEST_NGINX=off" };
  if (process.env.NGINX_PATH) {
    if (fs.existsSync(process.env.NGINX_PATH)) return { path: process.env.NGINX_PATH, why: "NGINX_PATH" };
    return { path: "", why: `NGINX_PATH=${process.env.NGINX_PATH} does not exist` };
  }
  const found = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/opt/homebrew/bin/nginx", "/usr/local/bin/nginx"].find((p) => fs.existsSync(p));
  return found ? { path: found, why: found } : { path: "", why: "no nginx found (apt-get install nginx, or set NGINX_PATH)" };
}

const redis = redisForTests();
const chromium = chromiumForTests();
const nginx = nginxForTests();
process.env.TF_TEST_NGINX = nginx.path;
process.env.TF_TEST_NGINX_WHY = nginx.why;
process.env.TF_TEST_REDIS_URL = redis.url;
process.env.TF_TEST_REDIS_WHY = redis.why;
process.env.TF_TEST_CHROMIUM = chromium.path;
process.env.TF_TEST_CHROMIUM_WHY = chromium.why;
process.env.TF_TEST_CI = isCI ? "1" : "";

/** ESM-only packages under node_modules that tests load through jest's CommonJS runtime. */
const ESM_ONLY = ["file-type", "strtok3", "token-types", "peek-readable", "@tokenizer", "uint8array-extras", "@borewit", "openid-client", "oauth4webapi", "jose",
  // unified/remark and their parsers (artifact export)
  "unified", "bail", "trough", "vfile", "vfile-message", "unist-util-[^/]+", "remark-[^/]+", "mdast-util-[^/]+", "micromark", "micromark-[^/]+", "decode-named-character-reference", "character-entities", "ccount", "devlop", "is-plain-obj", "longest-streak", "markdown-table", "zwitch", "escape-string-regexp"];

/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: [
    "/node_modules/",
    ...(redis.url ? [] : ["\\.redis\\.[^/]*test\\.ts$"]),
    ...(chromium.path ? [] : ["/tests/browser/"]),
    ...(nginx.path ? [] : ["\\.nginx\\.[^/]*test\\.ts$"]),
  ],
  globalSetup: "<rootDir>/tests/setup/global-setup.ts",
  globalTeardown: "<rootDir>/tests/setup/global-teardown.ts",
  testTimeout: 30000,
  // Two workers (SPEC §7: each file has its own workspace and users, its own job and
  // rate-limit prefixes, so files run side by side); a worker whose heap grew past this
  // after a file is replaced by a fresh one instead of growing through the whole run.
  workerIdleMemoryLimit: "2GB",
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { ignoreCodes: [151002] } }],
    // file-type and its parsers are ESM-only; jest's CommonJS runtime gets them compiled (the server loads them natively).
    "^.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs", target: "ES2022", esModuleInterop: true }, diagnostics: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join("|")})/)`],
  moduleNameMapper: { "^file-type$": "<rootDir>/node_modules/file-type/index.js", "^strtok3$": "<rootDir>/node_modules/strtok3/lib/index.js" },
};
