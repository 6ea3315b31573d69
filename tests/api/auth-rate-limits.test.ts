import request from "supertest";
import { createTestApp, expectError, refreshCookieFrom, registerUser, type TestApp, type TestUser } from "../helpers/app";

// SPEC §3: the strict per-IP limit covers the credential endpoints and counts failed attempts only;
// the session endpoints (refresh, logout, me) are never on it. Each test builds an app with the real
// default limits (an `undefined` override takes the default), so the counters start empty.
const DEFAULT_LIMITS = { RATE_LIMIT_AUTH_PER_MINUTE: undefined, RATE_LIMIT_SESSION_PER_MINUTE: undefined, RATE_LIMIT_API_PER_MINUTE: undefined };

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ env: DEFAULT_LIMITS });
  expect(t.ctx.config.RATE_LIMIT_AUTH_PER_MINUTE).toBe(10);
});
afterEach(() => t.close());

const login = (email: string, password: string) => request(t.app).post("/api/v1/auth/login").send({ email, password });

async function users(n: number): Promise<TestUser[]> {
  const out: TestUser[] = [];
  for (let i = 0; i < n; i++) out.push(await registerUser(t.app)); // successful registrations: not counted either
  return out;
}

describe("session endpoints are never on the strict credential limit", () => {
  it("30 refreshes in a row from one IP all succeed, and neither they nor me or logout count as credential attempts", async () => {
    const [u] = await users(1);
    let cookie = u!.refreshCookie;
    const statuses: number[] = [];
    let token = u!.accessToken;
    for (let i = 0; i < 30; i++) {
      const res = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", cookie);
      statuses.push(res.status);
      if (res.status !== 200) break;
      cookie = refreshCookieFrom(res)!;
      token = res.body.data.accessToken;
      // The refresh limit is its own, generous one.
      expect(res.headers["ratelimit-policy"]).toMatch(/^600;w=60/);
    }
    expect(statuses).toEqual(Array(30).fill(200));
    for (let i = 0; i < 12; i++) expect((await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${token}`)).status).toBe(200);
    expect((await request(t.app).post("/api/v1/auth/logout").set("Cookie", cookie)).status).toBe(204);

    // The first failed credential attempt still finds the whole allowance.
    const failed = await login(u!.email, "Wrong-password-42");
    expect(failed.status).toBe(401);
    expect(failed.headers["ratelimit"]).toMatch(/limit=10, remaining=9/);
  });
});

describe("the credential limit counts failed attempts only", () => {
  it("10 successful logins do not consume it: 10 failed ones still pass after them", async () => {
    const accounts = await users(11);
    for (let i = 0; i < 10; i++) expect((await login(accounts[0]!.email, accounts[0]!.password)).status).toBe(200);
    // Different accounts, so the per-account lockout (5 failures) stays out of the way.
    const failed = [];
    for (const a of accounts.slice(1)) failed.push((await login(a.email, "Wrong-password-42")).status);
    expect(failed).toEqual(Array(10).fill(401));
  });

  it("11 failed logins from one IP (different accounts): the 11th gets 429 with Retry-After and RateLimit headers", async () => {
    const accounts = await users(11);
    const attempts = [];
    for (const a of accounts) attempts.push(await login(a.email, "Wrong-password-42"));
    expect(attempts.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(401));
    expect(attempts[0]!.headers["ratelimit"]).toMatch(/limit=10, remaining=9/);
    const limited = attempts[10]!;
    expect(expectError(limited, 429, "RATE_LIMITED").message).toMatch(/Try again in \d+ seconds/);
    const retryAfter = Number(limited.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers["ratelimit"]).toMatch(/limit=10, remaining=0, reset=\d+/);
    expect(limited.headers["ratelimit-policy"]).toMatch(/^10;w=60/);

    // The session endpoints of a signed-in user on the same IP keep working.
    const refreshed = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", accounts[0]!.refreshCookie);
    expect(refreshed.status).toBe(200);
    expect((await request(t.app).get("/api/v1/auth/me").set(accounts[0]!.auth)).status).toBe(200);
  });

  it("a failed password change counts, a successful one does not", async () => {
    const [u] = await users(1);
    const change = (currentPassword: string, newPassword: string) =>
      request(t.app).post("/api/v1/auth/password").set(u!.auth).send({ currentPassword, newPassword });
    expect((await change(u!.password, "Another-horse-43")).status).toBe(204);
    const wrong = await change("Wrong-password-42", "Third-horse-44");
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.headers["ratelimit"]).toMatch(/limit=10, remaining=9/);
  });
});
