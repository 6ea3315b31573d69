import request from "supertest";
import { createTestApp, registerUser, type TestApp } from "../helpers/app";
import { sessionCache } from "../../src/cache/sessions";

/** Two instances on one database and Redis: a sign-out on one ends the session cached on the other within one request. */
describe("session cache across two instances (Redis)", () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ redis: true });
    b = await createTestApp({ redis: true });
    await Promise.all([sessionCache(a.ctx).ready(), sessionCache(b.ctx).ready()]);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("sign-out on A: the next request on B with the session B has cached is 401", async () => {
    const user = await registerUser(a.app);
    const onB = sessionCache(b.ctx);
    await request(b.app).get("/api/v1/auth/me").set(user.auth).expect(200);
    const hits = onB.hits;
    await request(b.app).get("/api/v1/auth/me").set(user.auth).expect(200);
    expect(onB.hits).toBe(hits + 1); // B answers from its cache

    await request(a.app).post("/api/v1/auth/logout").set(user.auth).set("Cookie", user.refreshCookie).expect(204);
    await request(b.app).get("/api/v1/auth/me").set(user.auth).expect(401);
    await request(a.app).get("/api/v1/auth/me").set(user.auth).expect(401);
  });

  it("holds over repeated sign-outs (no race between the broadcast and the next request)", async () => {
    for (let i = 0; i < 10; i++) {
      const user = await registerUser(a.app);
      await request(b.app).get("/api/v1/auth/me").set(user.auth).expect(200);
      await request(a.app).post("/api/v1/auth/logout").set(user.auth).set("Cookie", user.refreshCookie).expect(204);
      await request(b.app).get("/api/v1/auth/me").set(user.auth).expect(401);
    }
  });

  it("sign-out everywhere on B ends the session cached on A", async () => {
    const user = await registerUser(b.app);
    await request(a.app).get("/api/v1/auth/me").set(user.auth).expect(200);
    await request(a.app).get("/api/v1/auth/me").set(user.auth).expect(200);
    await request(b.app).post("/api/v1/auth/logout-all").set(user.auth).expect(204);
    await request(a.app).get("/api/v1/auth/me").set(user.auth).expect(401);
  });
});
