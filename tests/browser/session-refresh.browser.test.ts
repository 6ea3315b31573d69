import path from "node:path";
import type { Page, Route } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { collectPageErrors, registerWithWorkspace, useBrowserApp, useContexts } from "../helpers/browser-app";

const app = useBrowserApp();

// SPEC §3: a 429 on a session endpoint never signs the web app out: it waits Retry-After and retries;
// a 5xx or a network error is retried too, and only a 401 means signed out. Playwright's routing stands
// in for the network here (a proxy's or the rate limiter's answer); the app server behind it is real.

type Answer = (route: Route) => Promise<void>;

const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message }, meta: { requestId: "test", timestamp: new Date().toISOString() } });
const rateLimited: Answer = (route) =>
  route.fulfill({ status: 429, headers: { "Retry-After": "1", "Content-Type": "application/json" }, body: errorBody("RATE_LIMITED", "Too many requests. Try again in 1 seconds.") });
const proxyDown: Answer = (route) => route.fulfill({ status: 502, headers: { "Content-Type": "text/html" }, body: "<html><body>502 Bad Gateway</body></html>" });
const noNetwork: Answer = (route) => route.abort("connectionrefused");
const signedOut: Answer = (route) =>
  route.fulfill({ status: 401, headers: { "Content-Type": "application/json" }, body: errorBody("UNAUTHORIZED", "Session expired") });

/** Answers the page's next refreshes with `answers`, one each, then lets them through; returns when each was sent. */
async function answerRefreshes(page: Page, answers: Answer[]): Promise<number[]> {
  const sent: number[] = [];
  await page.unroute("**/api/v1/auth/refresh");
  await page.route("**/api/v1/auth/refresh", async (route) => {
    sent.push(Date.now());
    const answer = answers[sent.length - 1];
    await (answer ? answer(route) : route.continue());
  });
  return sent;
}

describe("web app: a refresh the server cannot answer yet is waited out, not a sign-out", () => {
  const newContext = useContexts(app);
  let page: Page;
  let errors: string[];
  let membersUrl: string;
  const membersHeading = () => page.getByRole("heading", { name: "Members", exact: true }).first();

  beforeAll(async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    errors = collectPageErrors(page);
    const workspaceId = await registerWithWorkspace(page, app.server, {
      name: "Retry Hopper",
      email: `refresh-retry-${Date.now()}@example.com`,
      password: "Browser-pass-42",
      workspace: "Busy office",
    });
    membersUrl = `${app.server.baseUrl}/w/${workspaceId}/settings/members`;
  }, 120_000);

  it("page load: two 429s with Retry-After: 1 are waited out, and the user lands on their page", async () => {
    const sent = await answerRefreshes(page, [rateLimited, rateLimited]);
    await page.goto(membersUrl);
    // The loading screen says why it waits.
    await page.getByText(/The server is busy\. Trying again in 1 s/).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(artifacts, "refresh-rate-limited-waiting.png") });
    await membersHeading().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(artifacts, "refresh-rate-limited-landed.png") });

    expect(new URL(page.url()).pathname).toBe(new URL(membersUrl).pathname);
    expect(sent).toHaveLength(3);
    // Retry-After honoured: each retry came at least a second after the 429.
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(950);
    expect(sent[2]! - sent[1]!).toBeGreaterThanOrEqual(950);
    expect(errors).toEqual([]);
  }, 60_000);

  it("page load: a 502 from the proxy and then no network at all are retried with backoff, still signed in", async () => {
    const sent = await answerRefreshes(page, [proxyDown, noNetwork]);
    await page.goto(membersUrl);
    await membersHeading().waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe(new URL(membersUrl).pathname);
    expect(sent).toHaveLength(3);
    expect(errors).toEqual([]);
  }, 60_000);

  it("mid-session: an access token refused (401) whose refresh is rate limited once is retried, and the page loads", async () => {
    await answerRefreshes(page, []);
    await page.goto(`${new URL(membersUrl).origin}${new URL(membersUrl).pathname.replace(/\/settings\/members$/, "")}`);
    await page.getByRole("link", { name: "Members" }).waitFor({ timeout: 30_000 });

    // The next API call answers 401, as when the access token has expired; its refresh gets a 429 first.
    let refused = 0;
    await page.route(/\/api\/v1\/workspaces\/[^/]+\/members/, async (route) => {
      if (refused++ === 0) await signedOut(route);
      else await route.continue();
    });
    const sent = await answerRefreshes(page, [rateLimited]);
    await page.getByRole("link", { name: "Members" }).click();
    await page.getByRole("cell", { name: /refresh-retry-/ }).waitFor({ timeout: 30_000 });
    expect(refused).toBeGreaterThanOrEqual(2); // refused once, then answered with the new token
    expect(sent).toHaveLength(2);
    expect(new URL(page.url()).pathname).toBe(new URL(membersUrl).pathname);
    await page.unroute(/\/api\/v1\/workspaces\/[^/]+\/members/);
    expect(errors).toEqual([]);
  }, 60_000);

  it("a 401 from refresh still means signed out: the sign-in page, coming back here after", async () => {
    await answerRefreshes(page, [signedOut]);
    await page.goto(membersUrl);
    await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(errors).toEqual([]);
  }, 60_000);
});
