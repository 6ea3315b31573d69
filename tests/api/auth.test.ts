import request from "supertest";
import { PERMISSIONS } from "../../src/access/permissions";
import { addMember, createTestApp, createWorkspace, expectError, refreshCookieFrom, registerUser, STRONG_PASSWORD, uniqueEmail, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("register", () => {
  it("creates the account, returns an access token and sets an httpOnly refresh cookie", async () => {
    const email = uniqueEmail("Reg").toUpperCase();
    const res = await request(t.app).post("/api/v1/auth/register").send({ email, password: STRONG_PASSWORD, name: "  Ada  " });
    expect(res.status).toBe(201);
    expect(res.body.data.user).toMatchObject({ email: email.toLowerCase(), name: "Ada", timezone: "UTC" });
    expect(res.body.data.user.passwordHash).toBeUndefined();
    expect(res.body.data.expiresIn).toBe(900);
    const cookie = (res.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("tf_refresh="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(cookie).not.toMatch(/Secure/); // only in production
  });

  it("stores a bcrypt hash with the configured cost (12 by default)", async () => {
    const prod = await createTestApp({ env: { BCRYPT_COST: "12" } });
    const u = await registerUser(prod.app);
    const row = await prod.ctx.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(row.passwordHash).not.toContain(u.password);
    await prod.close();
  });

  it("rejects a duplicate email (any case) with 409", async () => {
    const u = await registerUser(t.app);
    const res = await request(t.app).post("/api/v1/auth/register").send({ email: u.email.toUpperCase(), password: STRONG_PASSWORD, name: "X" });
    const err = expectError(res, 409, "CONFLICT");
    expect(err.details?.[0]).toMatchObject({ field: "email" });
  });

  it("of two simultaneous registrations with one email, exactly one wins and the other gets 409", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all(
      [1, 2, 3].map(() => request(t.app).post("/api/v1/auth/register").send({ email, password: STRONG_PASSWORD, name: "Racer" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    results.filter((r) => r.status === 409).forEach((r) => expectError(r, 409, "CONFLICT"));
    expect(await t.ctx.db.user.count({ where: { email } })).toBe(1);
  });

  it.each([
    ["short", "Ab1-short", "at least 10 characters"],
    ["one class", "abcdefghijklmn", "at least two of"],
    ["the email", "__EMAIL__", "must not be your email"],
  ])("enforces the password policy (%s)", async (_name, password, message) => {
    const email = uniqueEmail("pw");
    const res = await request(t.app)
      .post("/api/v1/auth/register")
      .send({ email, password: password === "__EMAIL__" ? email : password, name: "P" });
    const err = expectError(res, 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.message).join(" ")).toContain(message);
    expect(await t.ctx.db.user.count({ where: { email } })).toBe(0);
  });

  it.each([
    [{ email: "not-an-email", password: STRONG_PASSWORD, name: "A" }, "email"],
    [{ email: uniqueEmail(), password: STRONG_PASSWORD, name: "" }, "name"],
    [{ email: uniqueEmail(), password: STRONG_PASSWORD, name: "x".repeat(101) }, "name"],
    [{ email: uniqueEmail(), password: 12345678901, name: "A" }, "password"],
    [{ email: uniqueEmail(), password: STRONG_PASSWORD }, "name"],
    [{ email: uniqueEmail(), password: STRONG_PASSWORD, name: "A", isAdmin: true }, "isAdmin"],
    [{ email: `${"a".repeat(250)}@example.com`, password: STRONG_PASSWORD, name: "A" }, "email"],
  ])("rejects bad input %j", async (body, field) => {
    const res = await request(t.app).post("/api/v1/auth/register").send(body);
    const err = expectError(res, 400, "VALIDATION_ERROR");
    expect(err.details!.some((d) => d.field === field)).toBe(true);
  });

  it("rejects malformed JSON and non-JSON bodies", async () => {
    expectError(await request(t.app).post("/api/v1/auth/register").set("Content-Type", "application/json").send('{"email":'), 400, "INVALID_JSON");
    expectError(await request(t.app).post("/api/v1/auth/register").set("Content-Type", "text/plain").send("hello"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectError(await request(t.app).post("/api/v1/auth/register"), 400, "VALIDATION_ERROR");
  });
});

describe("login and lockout", () => {
  it("signs in with the right password (email case-insensitive)", async () => {
    const u = await registerUser(t.app);
    const res = await request(t.app).post("/api/v1/auth/login").send({ email: u.email.toUpperCase(), password: u.password });
    expect(res.status).toBe(200);
    expect(res.body.data.user.id).toBe(u.id);
    expect(refreshCookieFrom(res)).toBeDefined();
  });

  it("gives the same generic 401 for a wrong password and an unknown email", async () => {
    const u = await registerUser(t.app);
    const wrong = expectError(await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: "Wrong-password-1" }), 401, "UNAUTHORIZED");
    const unknown = expectError(await request(t.app).post("/api/v1/auth/login").send({ email: uniqueEmail(), password: "Wrong-password-1" }), 401, "UNAUTHORIZED");
    expect(wrong.message).toBe(unknown.message);
  });

  it("locks the account for 15 minutes after 5 consecutive failures, even for the right password", async () => {
    const u = await registerUser(t.app);
    for (let i = 0; i < 5; i++) {
      expectError(await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: `Wrong-password-${i}` }), 401, "UNAUTHORIZED");
    }
    const locked = expectError(await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: u.password }), 401, "UNAUTHORIZED");
    const unknown = expectError(await request(t.app).post("/api/v1/auth/login").send({ email: uniqueEmail(), password: u.password }), 401, "UNAUTHORIZED");
    expect(locked.message).toBe(unknown.message); // no enumeration of locked accounts
    const row = await t.ctx.db.user.findUniqueOrThrow({ where: { id: u.id } });
    const minutes = (row.lockedUntil!.getTime() - Date.now()) / 60000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    // When the lock has passed, the right password works again and the counter resets.
    await t.ctx.db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: u.password })).status).toBe(200);
    expect((await t.ctx.db.user.findUniqueOrThrow({ where: { id: u.id } })).lockedUntil).toBeNull();
  });

  it("counts concurrent failures correctly", async () => {
    const u = await registerUser(t.app);
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: `Wrong-password-${i}` })),
    );
    const row = await t.ctx.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lockedUntil).not.toBeNull();
  });

  it("a success resets the failure count", async () => {
    const u = await registerUser(t.app);
    for (let i = 0; i < 4; i++) await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: "Wrong-password-1" });
    expect((await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: u.password })).status).toBe(200);
    await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: "Wrong-password-1" });
    expect((await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: u.password })).status).toBe(200);
  });

  it("rejects bad login input", async () => {
    expectError(await request(t.app).post("/api/v1/auth/login").send({ email: "a@b.c" }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).post("/api/v1/auth/login").send({ email: 5, password: "x" }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).post("/api/v1/auth/login").send({ email: "a@b.c", password: "x", extra: 1 }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).post("/api/v1/auth/login").set("Content-Type", "application/json").send("[1,"), 400, "INVALID_JSON");
  });
});

describe("refresh rotation", () => {
  it("rotates the refresh token and issues a working access token", async () => {
    const u = await registerUser(t.app);
    const res = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie);
    expect(res.status).toBe(200);
    const rotated = refreshCookieFrom(res)!;
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(u.refreshCookie);
    const me = await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${res.body.data.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.data.user.id).toBe(u.id);
    // the rotated one refreshes again
    expect((await request(t.app).post("/api/v1/auth/refresh").set("Cookie", rotated)).status).toBe(200);
  });

  it("reusing a rotated token revokes the whole family (and its access tokens)", async () => {
    const u = await registerUser(t.app);
    const first = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie);
    const current = refreshCookieFrom(first)!;
    // Another browser (a thief's) presents the rotated token, even a moment later.
    const reuse = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie).set("User-Agent", "curl/8.5");
    expectError(reuse, 401, "UNAUTHORIZED");
    // the legitimate latest token is dead too, and so is the access token of the family
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", current), 401, "UNAUTHORIZED");
    expectError(await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${first.body.data.accessToken}`), 401, "UNAUTHORIZED");
    // other sessions of the same user are not affected
    const other = await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: u.password });
    expect((await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${other.body.data.accessToken}`)).status).toBe(200);
  });

  it("two tabs of one browser refreshing at once: both get a successor in the same family, and the session lives on", async () => {
    const u = await registerUser(t.app);
    const first = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie);
    expect(first.status).toBe(200);
    const second = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie);
    expect(second.status).toBe(200);
    expect(refreshCookieFrom(second)).not.toEqual(refreshCookieFrom(first));
    // Whichever cookie the browser kept refreshes on; both access tokens work.
    for (const res of [first, second]) {
      expect((await request(t.app).post("/api/v1/auth/refresh").set("Cookie", refreshCookieFrom(res)!)).status).toBe(200);
      expect((await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${res.body.data.accessToken}`)).status).toBe(200);
    }
  });

  it("a refresh whose answer was lost (the page navigated away mid-request) does not sign the browser out: the old cookie, sent again at once, still refreshes", async () => {
    const u = await registerUser(t.app);
    await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie).expect(200); // its Set-Cookie never reached the browser
    const again = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie);
    expect(again.status).toBe(200);
    expect((await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${again.body.data.accessToken}`)).status).toBe(200);
    // From another browser the same replay is theft: the family is revoked.
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie).set("User-Agent", "curl/8.0"), 401, "UNAUTHORIZED");
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", refreshCookieFrom(again)!), 401, "UNAUTHORIZED");
  });

  it("the same browser presenting a rotated token after the grace of 10 seconds is reuse: the family is revoked", async () => {
    const u = await registerUser(t.app);
    const first = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie);
    const familyId = (await t.ctx.db.session.findFirstOrThrow({ where: { userId: u.id, replacedAt: { not: null } } })).familyId;
    await t.ctx.db.session.updateMany({ where: { familyId, replacedAt: { not: null } }, data: { replacedAt: new Date(Date.now() - 11_000) } });
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie), 401, "UNAUTHORIZED");
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", refreshCookieFrom(first)!), 401, "UNAUTHORIZED");
  });

  it("three simultaneous refreshes with the same token from one browser: one rotates it, the others are a race and get successors too; none revokes", async () => {
    const u = await registerUser(t.app);
    const results = await Promise.all([1, 2, 3].map(() => request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => refreshCookieFrom(r))).size).toBe(3);
    for (const r of results) expect((await request(t.app).post("/api/v1/auth/refresh").set("Cookie", refreshCookieFrom(r)!)).status).toBe(200);
  });

  it("answers 401 without a cookie or with garbage", async () => {
    expectError(await request(t.app).post("/api/v1/auth/refresh"), 401, "UNAUTHORIZED");
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", "tf_refresh=nope"), 401, "UNAUTHORIZED");
  });
});

describe("logout", () => {
  it("logout revokes the session and clears the cookie", async () => {
    const u = await registerUser(t.app);
    const res = await request(t.app).post("/api/v1/auth/logout").set(u.auth).set("Cookie", u.refreshCookie);
    expect(res.status).toBe(204);
    expect(String(res.headers["set-cookie"])).toMatch(/tf_refresh=;/);
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie), 401, "UNAUTHORIZED");
    expectError(await request(t.app).get("/api/v1/auth/me").set(u.auth), 401, "UNAUTHORIZED");
    // idempotent
    expect((await request(t.app).post("/api/v1/auth/logout")).status).toBe(204);
  });

  it("logout works with an expired or invalid access token as long as the cookie is valid", async () => {
    const u = await registerUser(t.app);
    const res = await request(t.app).post("/api/v1/auth/logout").set("Authorization", "Bearer expired.or.garbage").set("Cookie", u.refreshCookie);
    expect(res.status).toBe(204);
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", u.refreshCookie), 401, "UNAUTHORIZED");
  });

  it("logout-all ends every session of the user only", async () => {
    const u = await registerUser(t.app);
    const other = await registerUser(t.app);
    const second = await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: u.password });
    expect((await request(t.app).post("/api/v1/auth/logout-all").set(u.auth)).status).toBe(204);
    expectError(await request(t.app).get("/api/v1/auth/me").set(u.auth), 401, "UNAUTHORIZED");
    expectError(await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${second.body.data.accessToken}`), 401, "UNAUTHORIZED");
    expectError(await request(t.app).post("/api/v1/auth/refresh").set("Cookie", refreshCookieFrom(second)!), 401, "UNAUTHORIZED");
    expect((await request(t.app).get("/api/v1/auth/me").set(other.auth)).status).toBe(200);
    expectError(await request(t.app).post("/api/v1/auth/logout-all"), 401, "UNAUTHORIZED");
  });
});

describe("me", () => {
  it("needs a valid bearer token", async () => {
    expectError(await request(t.app).get("/api/v1/auth/me"), 401, "UNAUTHORIZED");
    expectError(await request(t.app).get("/api/v1/auth/me").set("Authorization", "Bearer not.a.jwt"), 401, "UNAUTHORIZED");
    expectError(await request(t.app).get("/api/v1/auth/me").set("Authorization", "Basic abc"), 401, "UNAUTHORIZED");
  });

  it("lists each workspace with the permission keys my role grants there", async () => {
    const owner = await registerUser(t.app);
    const viewer = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner, "Permissions");
    await addMember(t.app, owner, workspaceId, viewer, "VIEWER");
    const mine = async (auth: Record<string, string>) =>
      ((await request(t.app).get("/api/v1/auth/me").set(auth)).body.data.workspaces as Array<{ id: string; role: string; permissions: string[] }>).find((w) => w.id === workspaceId)!;

    const asOwner = await mine(owner.auth);
    expect(asOwner.role).toBe("OWNER");
    // The owner holds every permission of the table, in its order.
    expect(asOwner.permissions).toEqual(Object.keys(PERMISSIONS));
    expect(asOwner.permissions).toEqual(expect.arrayContaining(["workspace:delete", "member:manage", "task:update", "task:delete"]));

    const asViewer = await mine(viewer.auth);
    expect(asViewer.role).toBe("VIEWER");
    expect(asViewer.permissions).toEqual(Object.entries(PERMISSIONS).filter(([, roles]) => (roles as readonly string[]).includes("VIEWER")).map(([key]) => key));
    expect(asViewer.permissions).toEqual(expect.arrayContaining(["workspace:read", "project:read", "task:read", "member:read"]));
    for (const key of ["task:create", "task:update", "task:delete", "project:create", "member:manage", "invitation:manage", "workspace:update"]) {
      expect(asViewer.permissions).not.toContain(key);
    }
  });

  it("updates name and time zone, rejecting unknown zones", async () => {
    const u = await registerUser(t.app);
    const res = await request(t.app).patch("/api/v1/auth/me").set(u.auth).send({ name: "New Name", timezone: "Europe/Berlin" });
    expect(res.status).toBe(200);
    expect(res.body.data.user).toMatchObject({ name: "New Name", timezone: "Europe/Berlin" });
    expectError(await request(t.app).patch("/api/v1/auth/me").set(u.auth).send({ timezone: "Mars/Olympus" }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).patch("/api/v1/auth/me").set(u.auth).send({}), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).patch("/api/v1/auth/me").set(u.auth).send({ email: "x@y.z" }), 400, "VALIDATION_ERROR");
  });
});

describe("change password", () => {
  it("changes it, keeps this session and signs out the others", async () => {
    const u = await registerUser(t.app);
    const other = await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: u.password });
    const res = await request(t.app).post("/api/v1/auth/password").set(u.auth).send({ currentPassword: u.password, newPassword: "Another-pass-77" });
    expect(res.status).toBe(204);
    expect((await request(t.app).get("/api/v1/auth/me").set(u.auth)).status).toBe(200);
    expectError(await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${other.body.data.accessToken}`), 401, "UNAUTHORIZED");
    expectError(await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: u.password }), 401, "UNAUTHORIZED");
    expect((await request(t.app).post("/api/v1/auth/login").send({ email: u.email, password: "Another-pass-77" })).status).toBe(200);
  });

  it("rejects a wrong current password, a weak or unchanged new one", async () => {
    const u = await registerUser(t.app);
    const wrong = expectError(
      await request(t.app).post("/api/v1/auth/password").set(u.auth).send({ currentPassword: "nope-nope-1", newPassword: "Another-pass-77" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(wrong.details?.[0].field).toBe("currentPassword");
    expectError(await request(t.app).post("/api/v1/auth/password").set(u.auth).send({ currentPassword: u.password, newPassword: "short" }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).post("/api/v1/auth/password").set(u.auth).send({ currentPassword: u.password, newPassword: u.password }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).post("/api/v1/auth/password").set(u.auth).send({ currentPassword: u.password }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).post("/api/v1/auth/password").send({ currentPassword: u.password, newPassword: "Another-pass-77" }), 401, "UNAUTHORIZED");
  });
});

describe("personal API tokens", () => {
  it("creates a token shown once, stored hashed, usable as Bearer, listed without the secret, revocable", async () => {
    const u = await registerUser(t.app);
    const created = await request(t.app).post("/api/v1/auth/tokens").set(u.auth).send({ name: "CI script", scope: "read-write", expiresInDays: 30 });
    expect(created.status).toBe(201);
    const token: string = created.body.data.token;
    expect(token).toMatch(/^tf_[A-Za-z0-9_-]{40,}$/);
    expect(created.body.data).toMatchObject({ name: "CI script", scope: "read-write", prefix: token.slice(0, 10) });
    const row = await t.ctx.db.apiToken.findUniqueOrThrow({ where: { id: created.body.data.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);

    const me = await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.body.data.user.id).toBe(u.id);
    const ws = await request(t.app).post("/api/v1/workspaces").set("Authorization", `Bearer ${token}`).send({ name: "Via token" });
    expect(ws.status).toBe(201);

    const list = await request(t.app).get("/api/v1/auth/tokens").set(u.auth);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].token).toBeUndefined();
    expect(list.body.data[0].lastUsedAt).not.toBeNull();

    expect((await request(t.app).delete(`/api/v1/auth/tokens/${created.body.data.id}`).set(u.auth)).status).toBe(204);
    expectError(await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${token}`), 401, "UNAUTHORIZED");
    expectError(await request(t.app).delete(`/api/v1/auth/tokens/${created.body.data.id}`).set(u.auth), 404, "NOT_FOUND");
  });

  it("read tokens can only read; tokens cannot manage tokens or the password", async () => {
    const u = await registerUser(t.app);
    const { body } = await request(t.app).post("/api/v1/auth/tokens").set(u.auth).send({ name: "reader", scope: "read" });
    const bearer = { Authorization: `Bearer ${body.data.token}` };
    expect((await request(t.app).get("/api/v1/workspaces").set(bearer)).status).toBe(200);
    expectError(await request(t.app).post("/api/v1/workspaces").set(bearer).send({ name: "no" }), 403, "FORBIDDEN");
    expectError(await request(t.app).get("/api/v1/auth/tokens").set(bearer), 403, "FORBIDDEN");
    const rw = await request(t.app).post("/api/v1/auth/tokens").set(u.auth).send({ name: "rw", scope: "read-write" });
    expectError(await request(t.app).post("/api/v1/auth/tokens").set("Authorization", `Bearer ${rw.body.data.token}`).send({ name: "x", scope: "read" }), 403, "FORBIDDEN");
    expectError(
      await request(t.app).post("/api/v1/auth/password").set("Authorization", `Bearer ${rw.body.data.token}`).send({ currentPassword: u.password, newPassword: "Another-pass-77" }),
      403,
      "FORBIDDEN",
    );
  });

  it("expired tokens are refused", async () => {
    const u = await registerUser(t.app);
    const { body } = await request(t.app).post("/api/v1/auth/tokens").set(u.auth).send({ name: "short", scope: "read", expiresInDays: 1 });
    await t.ctx.db.apiToken.update({ where: { id: body.data.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectError(await request(t.app).get("/api/v1/auth/me").set("Authorization", `Bearer ${body.data.token}`), 401, "UNAUTHORIZED");
  });

  it("another user's token id answers 404", async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const { body } = await request(t.app).post("/api/v1/auth/tokens").set(a.auth).send({ name: "mine", scope: "read" });
    expectError(await request(t.app).delete(`/api/v1/auth/tokens/${body.data.id}`).set(b.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/auth/tokens/not-a-uuid`).set(b.auth), 400, "VALIDATION_ERROR");
  });

  it("refuses more than 50 active tokens", async () => {
    const u = await registerUser(t.app);
    await t.ctx.db.apiToken.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ userId: u.id, name: `t${i}`, prefix: "tf_x", tokenHash: `hash-${u.id}-${i}`, scope: "READ" as const })),
    });
    expectError(await request(t.app).post("/api/v1/auth/tokens").set(u.auth).send({ name: "one too many", scope: "read" }), 409, "CONFLICT");
    expect(await t.ctx.db.apiToken.count({ where: { userId: u.id } })).toBe(50);
  });

  it("rejects bad token input", async () => {
    const u = await registerUser(t.app);
    for (const body of [{ name: "", scope: "read" }, { name: "x", scope: "admin" }, { name: "x", scope: "read", expiresInDays: 0 }, { name: "x", scope: "read", expiresInDays: "3" }, { name: "x".repeat(101), scope: "read" }]) {
      expectError(await request(t.app).post("/api/v1/auth/tokens").set(u.auth).send(body), 400, "VALIDATION_ERROR");
    }
    expect(await t.ctx.db.apiToken.count({ where: { userId: u.id } })).toBe(0);
  });
});
