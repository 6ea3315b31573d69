import request from "supertest";
import { createTestApp, registerUser, STRONG_PASSWORD, type TestApp } from "../helpers/app";
import { sessionCache } from "../../src/cache/sessions";
import { signAccessToken } from "../../src/modules/auth/tokens";

/** The access-token session check is cached in memory; every way of revoking a session still ends it at once. */
describe("session cache (one instance, no Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it("serves repeated requests from the cache and fails the first request after sign-out", async () => {
    const user = await registerUser(t.app);
    const cache = sessionCache(t.ctx);
    await request(t.app).get("/api/v1/auth/me").set(user.auth).expect(200);
    const before = { hits: cache.hits, misses: cache.misses };
    await request(t.app).get("/api/v1/auth/me").set(user.auth).expect(200);
    expect(cache.hits).toBe(before.hits + 1);
    expect(cache.misses).toBe(before.misses);
    const metrics = await request(t.app).get("/metrics").expect(200);
    expect(metrics.text).toContain(`teamflow_cache_requests_total{cache="session",result="hit"} ${cache.hits}`);
    expect(metrics.text).toContain(`teamflow_cache_requests_total{cache="session",result="miss"} ${cache.misses}`);

    await request(t.app).post("/api/v1/auth/logout").set(user.auth).set("Cookie", user.refreshCookie).expect(204);
    const res = await request(t.app).get("/api/v1/auth/me").set(user.auth);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHORIZED");
  });

  it("a verified access token is remembered only until it expires, and a forged one never passes", async () => {
    const user = await registerUser(t.app);
    const session = await t.ctx.db.session.findFirstOrThrow({ where: { userId: user.id, revokedAt: null } });
    const token = signAccessToken({ sub: user.id, sid: session.familyId }, t.ctx.secrets.jwtSecret, 2);
    await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${token}`).expect(200);
    await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${token}`).expect(200); // remembered
    const forged = signAccessToken({ sub: user.id, sid: session.familyId }, "not-the-secret", 60);
    expect((await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${forged}`)).status).toBe(401);
    // exp is in whole seconds: past it, the remembered token is refused like any expired one.
    await new Promise((r) => setTimeout(r, 3100));
    const late = await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${token}`);
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe("UNAUTHORIZED");
  });

  it("sign-out everywhere ends every cached session of the user, and no one else's", async () => {
    const user = await registerUser(t.app);
    const other = await registerUser(t.app);
    const login = await request(t.app).post("/api/v1/auth/login").send({ email: user.email, password: STRONG_PASSWORD }).expect(200);
    const second = { Authorization: `Bearer ${login.body.data.accessToken}` };
    for (const auth of [user.auth, second, other.auth]) await request(t.app).get("/api/v1/auth/me").set(auth).expect(200);

    await request(t.app).post("/api/v1/auth/logout-all").set(second).expect(204);
    await request(t.app).get("/api/v1/auth/me").set(user.auth).expect(401);
    await request(t.app).get("/api/v1/auth/me").set(second).expect(401);
    await request(t.app).get("/api/v1/auth/me").set(other.auth).expect(200);
  });

  it("never caches a dead session: a token of an unknown session stays 401", async () => {
    const user = await registerUser(t.app);
    await request(t.app).post("/api/v1/auth/logout").set(user.auth).set("Cookie", user.refreshCookie).expect(204);
    const cache = sessionCache(t.ctx);
    const misses = cache.misses;
    await request(t.app).get("/api/v1/auth/me").set(user.auth).expect(401);
    await request(t.app).get("/api/v1/auth/me").set(user.auth).expect(401);
    expect(cache.misses).toBe(misses + 2); // each went to the database
  });
});
