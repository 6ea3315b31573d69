/**
 * What this test run uses and leaves out, and why: printed when the run starts
 * and again when it ends, so a green run on a bare machine says what it did not test.
 * jest.config.js decides Redis, Chromium and nginx (they decide which files run); the
 * global setup decides PostgreSQL.
 */
export interface RunPlanLine {
  part: string;
  ran: boolean;
  detail: string;
}

export function runPlan(database: string): RunPlanLine[] {
  const redis = process.env.TF_TEST_REDIS_URL;
  const chromium = process.env.TF_TEST_CHROMIUM;
  const nginx = process.env.TF_TEST_NGINX;
  return [
    { part: "API, realtime, jobs, embedded-mode tests", ran: true, detail: `PostgreSQL: ${database}` },
    {
      part: "Redis-backed tests (*.redis.*.test.ts and Redis cases in other files)",
      ran: Boolean(redis),
      detail: redis ? `Redis: ${redis} (${process.env.TF_TEST_REDIS_WHY})` : `not run: ${process.env.TF_TEST_REDIS_WHY}`,
    },
    {
      part: "Browser tests (tests/browser, headless Chromium)",
      ran: Boolean(chromium),
      detail: chromium ? `Chromium: ${chromium}` : `not run: ${process.env.TF_TEST_CHROMIUM_WHY}`,
    },
    {
      part: "Reverse-proxy tests (*.nginx.test.ts: the README's nginx example in front of the app)",
      ran: Boolean(nginx),
      detail: nginx ? `nginx: ${nginx}` : `not run: ${process.env.TF_TEST_NGINX_WHY}`,
    },
  ];
}

export function formatRunPlan(lines: RunPlanLine[]): string {
  return lines.map((l) => `[tests] ${l.ran ? "RUN " : "SKIP"} ${l.part} — ${l.detail}`).join("\n");
}

/** Under CI nothing may be skipped: a missing Redis, Chromium or nginx fails the run instead. */
export function refuseSkipsUnderCI(lines: RunPlanLine[]): void {
  if (!process.env.TF_TEST_CI) return;
  const skipped = lines.filter((l) => !l.ran);
  if (skipped.length) {
    throw new Error(`CI=true and parts of the suite cannot run:\n${formatRunPlan(skipped)}\n.ci/run installs Chromium and nginx and starts Redis; see README, Test it.`);
  }
}
