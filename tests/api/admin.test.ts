import request from "supertest";
import { createTestApp, expectError, registerUser, STRONG_PASSWORD, type TestApp } from "../helpers/app";
import { hashPassword } from "../../src/modules/auth/password";
import { testEnv } from "../setup/services";

describe("install admin: queue dashboard and failed jobs", () => {
  let t: TestApp;
  let adminEmail: string;
  beforeAll(async () => {
    adminEmail = `admin-${Date.now()}@example.com`;
    t = await createTestApp({ redis: true, env: { ADMIN_EMAILS: `someone@example.com, ${adminEmail.toUpperCase()}` } });
    await registerUser(t.app); // whoever is first in this run's database owns the install's first workspace
  });
  afterAll(() => t.close());

  it("refuses anonymous (401) and non-admin users (403)", async () => {
    expect((await request(t.app).get("/admin/queues")).status).toBe(401);
    const user = await registerUser(t.app);
    expectError(await request(t.app).get("/admin/queues").set(user.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).post("/api/v1/admin/session").set(user.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).get("/api/v1/admin/jobs/failed?queue=email").set(user.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).get("/admin/queues").set("Cookie", "tf_admin=forged"), 401, "UNAUTHORIZED");
  });

  it("the owner of the install's first workspace is an install admin", async () => {
    const first = await t.ctx.db.workspace.findFirstOrThrow({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { memberships: { where: { role: "OWNER" }, include: { user: true } } } });
    const owner = first.memberships[0].user;
    // Whichever test registered first, give it a known password to sign in with.
    await t.ctx.db.user.update({ where: { id: owner.id }, data: { passwordHash: await hashPassword(STRONG_PASSWORD, 4), lockedUntil: null, failedLoginCount: 0 } });
    const login = await request(t.app).post("/api/v1/auth/login").send({ email: owner.email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    expect((await request(t.app).post("/api/v1/admin/session").set("Authorization", `Bearer ${login.body.data.accessToken}`)).status).toBe(200);
  });

  it("lets an ADMIN_EMAILS user open the dashboard through the admin cookie and list failed jobs", async () => {
    const admin = await registerUser(t.app, { email: adminEmail });
    const session = await request(t.app).post("/api/v1/admin/session").set(admin.auth);
    expect(session.status).toBe(200);
    const cookie = (session.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("tf_admin="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/admin/);
    const board = await request(t.app).get("/admin/queues").set("Cookie", cookie.split(";")[0]);
    if (testEnv.redisUrl) {
      expect(board.status).toBe(200);
      expect(board.text).toContain("TeamFlow jobs");
    } else {
      expectError(board, 503, "SERVICE_UNAVAILABLE");
    }
    const failed = await request(t.app).get("/api/v1/admin/jobs/failed?queue=email").set(admin.auth);
    expect(failed.status).toBe(200);
    expect(Array.isArray(failed.body.data)).toBe(true);
    expectError(await request(t.app).get("/api/v1/admin/jobs/failed?queue=nope").set(admin.auth), 400, "VALIDATION_ERROR");
  });
});
