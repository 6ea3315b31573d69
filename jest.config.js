const { execFileSync } = require("node:child_process");

/**
 * Redis for the run: REDIS_URL, else the local one when it answers (TEST_REDIS=off
 * runs as if there were none). Decided here, once, because it also decides which
 * files run: `*.redis.*.test.ts` hold only Redis-backed tests, and jest refuses a
 * file that registers none. The global setup prints the decision.
 */
function redisForTests() {
  if (process.env.TEST_REDIS === "off") return "";
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  // Jest's config cannot await, so the probe runs in a child process.
  const probe = `require("net").connect(6379, "127.0.0.1").once("connect", () => process.exit(0)).once("error", () => process.exit(1)).setTimeout(1000, () => process.exit(1))`;
  try {
    execFileSync(process.execPath, ["-e", probe], { timeout: 5000, stdio: "ignore" });
    return "redis://127.0.0.1:6379";
  } catch {
    return "";
  }
}

process.env.TF_TEST_REDIS_URL = redisForTests();

/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", ...(process.env.TF_TEST_REDIS_URL ? [] : ["\\.redis\\.[^/]*test\\.ts$"])],
  globalSetup: "<rootDir>/tests/setup/global-setup.ts",
  globalTeardown: "<rootDir>/tests/setup/global-teardown.ts",
  testTimeout: 30000,
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { ignoreCodes: [151002] } }] },
};
