import express from "express";
import request from "supertest";
import { defineRoute, ok, toHandler } from "../../src/http/route";
import { envelope, z } from "../../src/lib/zod";
import { createTestApp, expectError, registerUser, type TestApp } from "../helpers/app";
import { testEnv } from "../setup/services";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { METRICS_TOKEN: "metrics-secret", CORS_ORIGINS: "https://allowed.example" } });
});
afterAll(() => t.close());

describe("operations endpoints", () => {
  it("GET /api/health answers without dependencies", async () => {
    const res = await request(t.app).get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
  });

  it("GET /api/ready checks the database", async () => {
    const res = await request(t.app).get("/api/ready");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ready", checks: { database: "up", redis: "not configured", storage: "up" } });
  });

  it("GET /api/ready answers 503 while the database is down", async () => {
    const down = await createTestApp({ env: { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere" } });
    const res = await request(down.app).get("/api/ready");
    expect(res.status).toBe(503);
    expect(res.body.checks.database).toBe("down");
    // and a request that needs the database answers 503, not a stack trace
    const reg = await request(down.app).post("/api/v1/auth/register").send({ email: "x@example.com", password: "Correct-horse-42", name: "X" });
    expectError(reg, 503, "SERVICE_UNAVAILABLE");
    expect(reg.body.error.message).not.toMatch(/prisma|ECONNREFUSED|127\.0\.0\.1/i);
    await down.close();
  });

  it("GET /metrics needs METRICS_TOKEN when set and serves Prometheus text", async () => {
    expect((await request(t.app).get("/metrics")).status).toBe(401);
    const res = await request(t.app).get("/metrics").set("Authorization", "Bearer metrics-secret");
    expect(res.status).toBe(200);
    expect(res.text).toContain("teamflow_http_request_duration_seconds");
    expect(res.text).toContain("teamflow_process_cpu_user_seconds_total");
  });
});

describe("conventions", () => {
  it("every response carries an X-Request-Id, taken from the proxy when sane", async () => {
    const generated = await request(t.app).get("/api/health");
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const forwarded = await request(t.app).get("/api/health").set("X-Request-Id", "proxy-abc.123");
    expect(forwarded.headers["x-request-id"]).toBe("proxy-abc.123");
    const hostile = await request(t.app).get("/api/health").set("X-Request-Id", "<script>");
    expect(hostile.headers["x-request-id"]).not.toBe("<script>");
  });

  it("unknown API routes answer a JSON 404, never HTML", async () => {
    const res = await request(t.app).get("/api/v1/does-not-exist");
    expectError(res, 404, "NOT_FOUND");
    expect(res.headers["content-type"]).toMatch(/json/);
    expectError(await request(t.app).post("/api/nothing"), 404, "NOT_FOUND");
  });

  it("bodies over 1 MB answer 413", async () => {
    const u = await registerUser(t.app);
    const res = await request(t.app)
      .patch("/api/v1/auth/me")
      .set(u.auth)
      .set("Content-Type", "application/json")
      .send(JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) }));
    expectError(res, 413, "PAYLOAD_TOO_LARGE");
  });

  it("JSON primitives are not accepted as bodies", async () => {
    expectError(await request(t.app).post("/api/v1/auth/login").set("Content-Type", "application/json").send('"hello"'), 400, "INVALID_JSON");
  });

  it("sets security headers with a CSP that allows the SPA and Socket.IO", async () => {
    const res = await request(t.app).get("/api/health");
    const csp = res.headers["content-security-policy"];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src 'self' ws: wss:/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("CORS allows only the app origin and CORS_ORIGINS, with credentials", async () => {
    const allowed = await request(t.app).options("/api/v1/auth/login").set("Origin", "https://allowed.example").set("Access-Control-Request-Method", "POST");
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://allowed.example");
    expect(allowed.headers["access-control-allow-credentials"]).toBe("true");
    const self = await request(t.app).get("/api/health").set("Origin", "http://localhost:3000");
    expect(self.headers["access-control-allow-origin"]).toBe("http://localhost:3000");
    const denied = await request(t.app).options("/api/v1/auth/login").set("Origin", "https://evil.example").set("Access-Control-Request-Method", "POST");
    expect(denied.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("compresses large responses", async () => {
    const res = await request(t.app).get("/openapi.json").set("Accept-Encoding", "gzip");
    expect(res.headers["content-encoding"]).toBe("gzip");
  });
});

describe("rate limits", () => {
  it("auth endpoints allow RATE_LIMIT_AUTH_PER_MINUTE per IP, then 429 with Retry-After and RateLimit headers", async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: "3" } });
    const attempts = [];
    for (let i = 0; i < 4; i++) attempts.push(await request(limited.app).post("/api/v1/auth/login").send({ email: "nobody@example.com", password: "whatever-1A" }));
    expect(attempts.slice(0, 3).map((r) => r.status)).toEqual([401, 401, 401]);
    expect(attempts[0].headers["ratelimit"]).toMatch(/limit=3, remaining=2/);
    const err = expectError(attempts[3], 429, "RATE_LIMITED");
    expect(err.message).toMatch(/Try again/);
    expect(Number(attempts[3].headers["retry-after"])).toBeGreaterThan(0);
    await limited.close();
  });

  it("the general API limit counts per user, not per IP", async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_API_PER_MINUTE: "2" } });
    const a = await registerUser(limited.app);
    const b = await registerUser(limited.app);
    expect((await request(limited.app).get("/api/v1/workspaces").set(a.auth)).status).toBe(200);
    expect((await request(limited.app).get("/api/v1/workspaces").set(a.auth)).status).toBe(200);
    expectError(await request(limited.app).get("/api/v1/workspaces").set(a.auth), 429, "RATE_LIMITED");
    expect((await request(limited.app).get("/api/v1/workspaces").set(b.auth)).status).toBe(200);
    await limited.close();
  });

  it("TRUST_PROXY makes the limit use the client address from X-Forwarded-For", async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: "1", TRUST_PROXY: "loopback" } });
    const from = (ip: string) => request(limited.app).post("/api/v1/auth/login").set("X-Forwarded-For", ip).send({ email: "n@example.com", password: "x" });
    expect((await from("203.0.113.1")).status).toBe(401);
    expect((await from("203.0.113.1")).status).toBe(429);
    expect((await from("203.0.113.2")).status).toBe(401);
    await limited.close();
  });

  // Registered only when the run has Redis; the global setup prints whether it does.
  if (testEnv.redisUrl) it("with Redis, two app instances share one counter", async () => {
    const prefix = `tf:test:shared:${Date.now()}:`;
    const one = await createTestApp({ redis: true, rateLimitPrefix: prefix, env: { RATE_LIMIT_AUTH_PER_MINUTE: "2" } });
    const two = await createTestApp({ redis: true, rateLimitPrefix: prefix, env: { RATE_LIMIT_AUTH_PER_MINUTE: "2" } });
    const body = { email: "nobody@example.com", password: "whatever-1A" };
    expect((await request(one.app).post("/api/v1/auth/login").send(body)).status).toBe(401);
    expect((await request(two.app).post("/api/v1/auth/login").send(body)).status).toBe(401);
    expectError(await request(one.app).post("/api/v1/auth/login").send(body), 429, "RATE_LIMITED");
    expectError(await request(two.app).post("/api/v1/auth/login").send(body), 429, "RATE_LIMITED");
    await one.close();
    await two.close();
  });
});

describe("documented responses", () => {
  // Under test every reply is checked against its route's documented schema (src/http/route.ts),
  // which makes each API test a check of /openapi.json too. This proves the check bites.
  const route = (body: unknown) =>
    defineRoute({
      method: "get",
      path: "/probe",
      summary: "probe",
      tags: [],
      auth: "none",
      responses: { 200: { description: "A number", schema: envelope(z.object({ n: z.number(), at: z.string() })) } },
      handler: async () => ok(body),
    });
  const appFor = (body: unknown) => express().get("/probe", toHandler(route(body), true), (err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).json({ message: err.message }));

  it("passes a reply that fits its schema (dates as the client receives them: strings)", async () => {
    const res = await request(appFor({ n: 1, at: new Date() })).get("/probe");
    expect(res.status).toBe(200);
  });

  it("turns a reply its schema refuses into a 500 naming the field", async () => {
    const res = await request(appFor({ n: "one", at: "now" })).get("/probe");
    expect(res.status).toBe(500);
    expect(res.body.message).toMatch(/GET \/probe answered 200 .*data\.n/);
  });
});
