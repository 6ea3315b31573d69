import crypto from "node:crypto";
import type { Express } from "express";
import request from "supertest";
import { Client } from "pg";
import { parseEnv } from "../../src/config/env";
import { applyMigrations } from "../../src/db/migrate";
import { createTestApp, createWorkspace, expectError, refreshCookieFrom, registerUser, STRONG_PASSWORD, uniqueEmail, type TestApp } from "../helpers/app";
import { completeAtProvider, startOidcProvider, type OidcPeer } from "../helpers/oidc-provider";

const APP_URL = "http://localhost:3000";
const CLIENT = {
  client_id: "teamflow-test",
  client_secret: crypto.randomBytes(24).toString("hex"),
  redirect_uris: [`${APP_URL}/api/v1/auth/oauth/oidc/callback`, `${APP_URL}/api/v1/auth/oauth/google/callback`],
};

let peer: OidcPeer;
let t: TestApp;
const envFor = (issuer: string) => ({
  APP_URL,
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: CLIENT.client_id,
  OIDC_CLIENT_SECRET: CLIENT.client_secret,
  OIDC_NAME: "Acme SSO",
  // Google is OpenID Connect too: pointed at the same local server through its issuer override.
  GOOGLE_CLIENT_ID: CLIENT.client_id,
  GOOGLE_CLIENT_SECRET: CLIENT.client_secret,
  GOOGLE_ISSUER: issuer,
});

beforeAll(async () => {
  peer = await startOidcProvider([CLIENT]);
  t = await createTestApp({ env: envFor(peer.issuer) });
  // The first account of an install gets a workspace; keep the test users from being that one.
  await registerUser(t.app);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await peer?.close();
});

const sub = () => `sub-${crypto.randomBytes(6).toString("hex")}`;

function flowCookieFrom(res: request.Response): string {
  const raw = res.headers["set-cookie"] as unknown as string[] | undefined;
  const cookie = raw?.find((c) => c.startsWith("tf_oauth="));
  if (!cookie) throw new Error(`no flow cookie: ${JSON.stringify(res.headers)}`);
  return cookie.split(";")[0]!;
}

async function start(app: Express, provider: string, query: Record<string, string> = {}) {
  const res = await request(app).get(`/api/v1/auth/oauth/${provider}`).query(query);
  expect(res.status).toBe(302);
  return { location: res.headers.location as string, cookie: flowCookieFrom(res), res };
}

const callback = (app: Express, url: URL, cookie?: string) => {
  const req = request(app).get(url.pathname + url.search);
  return cookie ? req.set("Cookie", cookie) : req;
};

/** The whole browser round trip: start, the provider's login page, the callback. */
async function signIn(app: Express, provider = "oidc", query: Record<string, string> = {}) {
  const s = await start(app, provider, query);
  const back = await completeAtProvider(peer, s.location);
  const res = await callback(app, back, s.cookie);
  return { start: s, back, res };
}

const errorOf = (res: request.Response) => {
  expect(res.status).toBe(302);
  const target = new URL(res.headers.location as string, APP_URL);
  return { path: target.pathname, message: target.searchParams.get("oauthError"), target };
};

/** What the web app does on load: the refresh cookie becomes an access token and /auth/me. */
async function sessionOf(app: Express, res: request.Response) {
  const cookie = refreshCookieFrom(res);
  expect(cookie).toBeDefined();
  const refreshed = await request(app).post("/api/v1/auth/refresh").set("Cookie", cookie!);
  expect(refreshed.status).toBe(200);
  const auth = { Authorization: `Bearer ${refreshed.body.data.accessToken}` };
  const me = await request(app).get("/api/v1/auth/me").set(auth);
  expect(me.status).toBe(200);
  return { auth, me: me.body.data };
}

describe("GET /auth/providers", () => {
  it("lists exactly the configured providers with their button names", async () => {
    const res = await request(t.app).get("/api/v1/auth/providers");
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { id: "google", name: "Google" },
      { id: "oidc", name: "Acme SSO" },
    ]);
  });

  it("is empty when nothing is configured, and starting an unconfigured provider returns to the sign-in page with a message", async () => {
    const bare = await createTestApp({ env: { APP_URL } });
    try {
      expect((await request(bare.app).get("/api/v1/auth/providers")).body.data).toEqual([]);
      const res = await request(bare.app).get("/api/v1/auth/oauth/github");
      const e = errorOf(res);
      expect(e.path).toBe("/sign-in");
      expect(e.message).toMatch(/GitHub is not set up on this server/);
      expect(res.headers["content-type"]).not.toMatch(/json/);
    } finally {
      await bare.close();
    }
  });
});

describe("sign-in with an OpenID Connect provider", () => {
  it("runs the authorization code flow with state, PKCE (S256) and a nonce, creates the account and signs it in", async () => {
    const email = uniqueEmail("oidc-new");
    const account = { sub: sub(), email, email_verified: true, name: "Nina Newcomer" };
    await peer.addAccount(account);
    const before = await peer.tokenRequests();
    const s = await start(t.app, "oidc");
    const authorize = new URL(s.location);
    expect(authorize.origin).toBe(peer.issuer);
    expect(authorize.searchParams.get("response_type")).toBe("code");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${APP_URL}/api/v1/auth/oauth/oidc/callback`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get("state")?.length).toBeGreaterThanOrEqual(32);
    expect(authorize.searchParams.get("nonce")?.length).toBeGreaterThanOrEqual(32);
    expect(authorize.searchParams.get("scope")).toBe("openid email profile");
    // The flow cookie is httpOnly, encrypted (nothing of the state readable in it) and scoped to the OAuth paths.
    const rawCookie = (s.res.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("tf_oauth="))!;
    expect(rawCookie).toMatch(/HttpOnly/i);
    expect(rawCookie).toMatch(/Path=\/api\/v1\/auth\/oauth/);
    expect(rawCookie).not.toContain(authorize.searchParams.get("state")!);

    const back = await completeAtProvider(peer, s.location);
    expect(back.pathname).toBe("/api/v1/auth/oauth/oidc/callback");
    // A parameter of the identity server's own is ignored, not refused.
    back.searchParams.set("client-request-id", crypto.randomUUID());
    const res = await callback(t.app, back, s.cookie);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/");
    expect(await peer.tokenRequests()).toBe(before + 1);
    const { me } = await sessionOf(t.app, res);
    expect(me.user).toMatchObject({ email, name: "Nina Newcomer" });
    const user = await t.ctx.db.user.findUniqueOrThrow({ where: { email }, include: { identities: true } });
    expect(user.passwordHash).toBeNull();
    expect(user.identities).toEqual([expect.objectContaining({ provider: "oidc", subject: account.sub, email, emailVerified: true })]);
    // Not the first account of the install: no workspace of its own.
    expect(me.workspaces).toEqual([]);
    // The next sign-in finds the same account by its subject.
    const again = await signIn(t.app);
    expect((await sessionOf(t.app, again.res)).me.user.id).toBe(user.id);
    expect(await t.ctx.db.user.count({ where: { email } })).toBe(1);
    // A provider-only account has no password: password sign-in fails like any wrong password.
    const login = await request(t.app).post("/api/v1/auth/login").send({ email, password: STRONG_PASSWORD });
    expectError(login, 401, "UNAUTHORIZED");
  });

  it("refuses a callback whose state differs from the one this browser sent, before the code is exchanged", async () => {
    await peer.addAccount({ sub: sub(), email: uniqueEmail("state"), email_verified: true });
    const s = await start(t.app, "oidc");
    const back = await completeAtProvider(peer, s.location);
    const before = await peer.tokenRequests();
    const forged = new URL(back);
    forged.searchParams.set("state", crypto.randomBytes(32).toString("base64url"));
    const res = await callback(t.app, forged, s.cookie);
    const e = errorOf(res);
    expect(e.path).toBe("/sign-in");
    expect(e.message).toMatch(/does not belong to the sign-in this browser started/);
    expect(refreshCookieFrom(res)).toBeUndefined();
    expect(await peer.tokenRequests()).toBe(before);
    // Without the browser's flow cookie (another browser) it is refused too, and nothing is exchanged.
    const elsewhere = errorOf(await callback(t.app, back));
    expect(elsewhere.message).toMatch(/expired or was started in another browser/);
    expect(await peer.tokenRequests()).toBe(before);
    // The code was never spent: the genuine callback still works.
    const genuine = await callback(t.app, back, s.cookie);
    expect(genuine.headers.location).toBe("/");
    expect(refreshCookieFrom(genuine)).toBeDefined();
  });

  it("refuses an ID token carrying another request's nonce (replayed), and a replayed callback", async () => {
    const account = { sub: sub(), email: uniqueEmail("nonce"), email_verified: true };
    await peer.addAccount(account);
    const first = await signIn(t.app);
    expect(first.res.headers.location).toBe("/");
    const replayedNonce = new URL(first.start.location).searchParams.get("nonce")!;

    // A second attempt whose authorization request carries the first one's nonce: state and PKCE match, the nonce does not.
    const s = await start(t.app, "oidc");
    const tampered = new URL(s.location);
    expect(tampered.searchParams.get("nonce")).not.toBe(replayedNonce);
    tampered.searchParams.set("nonce", replayedNonce);
    const back = await completeAtProvider(peer, tampered.toString());
    const res = await callback(t.app, back, s.cookie);
    const e = errorOf(res);
    expect(e.path).toBe("/sign-in");
    expect(e.message).toMatch(/could not be verified/);
    expect(refreshCookieFrom(res)).toBeUndefined();

    // Replaying the first, completed callback: its code is spent, no session is issued.
    const sessions = await t.ctx.db.session.count({ where: { user: { email: account.email } } });
    const replay = await callback(t.app, first.back, first.start.cookie);
    expect(errorOf(replay).message).toMatch(/could not be verified/);
    expect(refreshCookieFrom(replay)).toBeUndefined();
    expect(await t.ctx.db.session.count({ where: { user: { email: account.email } } })).toBe(sessions);
  });

  it("never links an unverified email to an existing account, nor creates one with it", async () => {
    const existing = await registerUser(t.app, { email: uniqueEmail("victim") });
    await peer.addAccount({ sub: sub(), email: existing.email, email_verified: false });
    const { res } = await signIn(t.app);
    const e = errorOf(res);
    expect(e.path).toBe("/sign-in");
    expect(e.message).toMatch(/has not verified/);
    expect(refreshCookieFrom(res)).toBeUndefined();
    expect(await t.ctx.db.userIdentity.count({ where: { userId: existing.id } })).toBe(0);

    const stranger = uniqueEmail("unverified");
    await peer.addAccount({ sub: sub(), email: stranger, email_verified: false });
    expect(errorOf((await signIn(t.app)).res).message).toMatch(/has not verified/);
    expect(await t.ctx.db.user.count({ where: { email: stranger } })).toBe(0);
  });

  it("links an existing password account by its verified email and signs it in", async () => {
    const existing = await registerUser(t.app, { email: uniqueEmail("linked") });
    const account = { sub: sub(), email: existing.email.toUpperCase(), email_verified: true };
    await peer.addAccount(account);
    const { res } = await signIn(t.app);
    expect(res.headers.location).toBe("/");
    expect((await sessionOf(t.app, res)).me.user.id).toBe(existing.id);
    const identities = await t.ctx.db.userIdentity.findMany({ where: { userId: existing.id } });
    expect(identities).toEqual([expect.objectContaining({ provider: "oidc", subject: account.sub, email: existing.email })]);
    // The password still works.
    expect((await request(t.app).post("/api/v1/auth/login").send({ email: existing.email, password: existing.password })).status).toBe(200);
  });

  it("accepts an invitation through OAuth: it lands on the invitation, and the new account joins", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner, "Invited through SSO");
    const email = uniqueEmail("invitee");
    const inv = await request(t.app).post(`/api/v1/workspaces/${workspaceId}/invitations`).set(owner.auth).send({ email, role: "MEMBER" });
    expect(inv.status).toBe(201);
    const token = (inv.body.data.acceptUrl as string).split("/invite/")[1]!;
    await peer.addAccount({ sub: sub(), email, email_verified: true, name: "Ivy Invitee" });
    const { res } = await signIn(t.app, "oidc", { next: `/invite/${token}` });
    expect(res.headers.location).toBe(`/invite/${token}`);
    const { auth } = await sessionOf(t.app, res);
    const accepted = await request(t.app).post(`/api/v1/invitations/${token}/accept`).set(auth);
    expect(accepted.status).toBe(200);
    const user = await t.ctx.db.user.findUniqueOrThrow({ where: { email } });
    expect(await t.ctx.db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: user.id } } })).toMatchObject({ role: "MEMBER" });
    // Errors keep the destination, so signing in another way still ends on the invitation; off-site destinations are dropped.
    await peer.addAccount({ sub: sub(), email: uniqueEmail("x"), email_verified: false });
    expect(errorOf((await signIn(t.app, "oidc", { next: `/invite/${token}` })).res).target.searchParams.get("next")).toBe(`/invite/${token}`);
    await peer.addAccount({ sub: sub(), email: uniqueEmail("offsite"), email_verified: true });
    expect((await signIn(t.app, "oidc", { next: "//evil.example/x" })).res.headers.location).toBe("/");
  });

  it("brings a provider's refusal (access_denied) back to the sign-in page as a message", async () => {
    const s = await start(t.app, "oidc");
    const state = new URL(s.location).searchParams.get("state")!;
    const res = await request(t.app)
      .get("/api/v1/auth/oauth/oidc/callback")
      .query({ error: "access_denied", error_description: "The user said no", state })
      .set("Cookie", s.cookie);
    const e = errorOf(res);
    expect(e.path).toBe("/sign-in");
    expect(e.message).toMatch(/You cancelled signing in with Acme SSO/);
  });

  it("comes back with a clear message when the identity server cannot be reached", async () => {
    const down = await createTestApp({ env: { ...envFor("http://127.0.0.1:9"), APP_URL } });
    try {
      const res = await request(down.app).get("/api/v1/auth/oauth/oidc");
      const e = errorOf(res);
      expect(e.path).toBe("/sign-in");
      expect(e.message).toMatch(/Acme SSO cannot be reached right now/);
    } finally {
      await down.close();
    }
  });

  it("gives the first account of a fresh install a workspace, like a registration", async () => {
    await withFreshDatabase(async (url) => {
      const fresh = await createTestApp({ env: { ...envFor(peer.issuer), DATABASE_URL: url } });
      try {
        await peer.addAccount({ sub: sub(), email: uniqueEmail("first"), email_verified: true, name: "Fay First" });
        const { res } = await signIn(fresh.app);
        const { me } = await sessionOf(fresh.app, res);
        expect(me.workspaces).toEqual([expect.objectContaining({ name: "Fay First's workspace", role: "OWNER" })]);
      } finally {
        await fresh.close();
      }
    });
  }, 90_000);
});

describe("connected accounts", () => {
  it("a provider-only account sets its first password without a current one; then it needs it, and the provider may go", async () => {
    const account = { sub: sub(), email: uniqueEmail("first-password"), email_verified: true };
    await peer.addAccount(account);
    const { auth } = await sessionOf(t.app, (await signIn(t.app)).res);
    const weak = await request(t.app).post("/api/v1/auth/password").set(auth).send({ newPassword: "short" });
    expectError(weak, 400, "VALIDATION_ERROR");
    expect((await t.ctx.db.user.findUniqueOrThrow({ where: { email: account.email } })).passwordHash).toBeNull();

    await request(t.app).post("/api/v1/auth/password").set(auth).send({ newPassword: STRONG_PASSWORD }).expect(204);
    const list = await request(t.app).get("/api/v1/auth/identities").set(auth).expect(200);
    expect(list.body.data.hasPassword).toBe(true);
    await request(t.app).post("/api/v1/auth/login").send({ email: account.email, password: STRONG_PASSWORD }).expect(200);

    // From now on a change needs the current password, like any account's.
    const missing = await request(t.app).post("/api/v1/auth/password").set(auth).send({ newPassword: `${STRONG_PASSWORD}-2` });
    expectError(missing, 400, "VALIDATION_ERROR");
    expect(missing.body.error.details).toEqual([expect.objectContaining({ field: "currentPassword" })]);
    // The password is a way to sign in: the only provider can now be disconnected.
    await request(t.app).delete(`/api/v1/auth/identities/${list.body.data.identities[0].id}`).set(auth).expect(204);
  });

  it("lists, connects while signed in, and refuses to disconnect the last way to sign in", async () => {
    const account = { sub: sub(), email: uniqueEmail("connected"), email_verified: true };
    await peer.addAccount(account);
    const { auth } = await sessionOf(t.app, (await signIn(t.app)).res);
    let list = await request(t.app).get("/api/v1/auth/identities").set(auth);
    expect(list.status).toBe(200);
    expect(list.body.data.hasPassword).toBe(false);
    expect(list.body.data.identities).toEqual([expect.objectContaining({ provider: "oidc", providerName: "Acme SSO", email: account.email, emailVerified: true })]);
    const only = list.body.data.identities[0].id as string;

    const refused = await request(t.app).delete(`/api/v1/auth/identities/${only}`).set(auth);
    expectError(refused, 409, "CONFLICT");
    expect(refused.body.error.message).toMatch(/only way to sign in/);
    expect(await t.ctx.db.userIdentity.count({ where: { id: only } })).toBe(1);

    // Connect Google (another account at the provider, another email) while signed in.
    const google = { sub: sub(), email: uniqueEmail("other-address"), email_verified: true };
    await peer.addAccount(google);
    const connect = await request(t.app).post("/api/v1/auth/oauth/google/connect").set(auth);
    expect(connect.status).toBe(200);
    const startRes = await request(t.app).get(connect.body.data.url);
    expect(startRes.status).toBe(302);
    const back = await completeAtProvider(peer, startRes.headers.location as string);
    const done = await callback(t.app, back, flowCookieFrom(startRes));
    expect(done.headers.location).toBe("/profile?connected=google#connected-accounts");
    expect(refreshCookieFrom(done)).toBeUndefined(); // connecting does not start another session
    list = await request(t.app).get("/api/v1/auth/identities").set(auth);
    expect(list.body.data.identities.map((i: { provider: string }) => i.provider)).toEqual(["oidc", "google"]);

    // Now one of them can go, then the other cannot; concurrent attempts leave one.
    const ids = list.body.data.identities.map((i: { id: string }) => i.id) as string[];
    const both = await Promise.all(ids.map((id) => request(t.app).delete(`/api/v1/auth/identities/${id}`).set(auth)));
    expect(both.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await request(t.app).get("/api/v1/auth/identities").set(auth)).body.data.identities).toHaveLength(1);
  });

  it("answers 404 for another user's connected account and refuses to connect an account linked elsewhere", async () => {
    const a = { sub: sub(), email: uniqueEmail("a"), email_verified: true };
    await peer.addAccount(a);
    const aSession = await sessionOf(t.app, (await signIn(t.app)).res);
    const aIdentity = (await request(t.app).get("/api/v1/auth/identities").set(aSession.auth)).body.data.identities[0].id;
    const b = await registerUser(t.app);
    expectError(await request(t.app).delete(`/api/v1/auth/identities/${aIdentity}`).set(b.auth), 404, "NOT_FOUND");
    expect(await t.ctx.db.userIdentity.count({ where: { id: aIdentity } })).toBe(1);

    // b tries to connect a's provider account.
    await peer.addAccount(a);
    const connect = await request(t.app).post("/api/v1/auth/oauth/oidc/connect").set(b.auth);
    const startRes = await request(t.app).get(connect.body.data.url);
    const done = await callback(t.app, await completeAtProvider(peer, startRes.headers.location as string), flowCookieFrom(startRes));
    const e = errorOf(done);
    expect(e.path).toBe("/profile");
    expect(e.message).toMatch(/already connected to another TeamFlow account/);
    expect(await t.ctx.db.userIdentity.count({ where: { userId: b.id } })).toBe(0);

    // A connect link is bound to its provider and expires; API tokens cannot start one.
    const google = await request(t.app).post("/api/v1/auth/oauth/google/connect").set(b.auth);
    const ticket = new URL(google.body.data.url, APP_URL).searchParams.get("connect")!;
    expect(errorOf(await request(t.app).get("/api/v1/auth/oauth/oidc").query({ connect: ticket })).message).toMatch(/has expired/);
    expectError(await request(t.app).post("/api/v1/auth/oauth/github/connect").set(b.auth), 404, "NOT_FOUND");
  });
});

describe("configuration", () => {
  const base = { DATABASE_URL: "postgresql://x@127.0.0.1/x", JWT_SECRET: "x".repeat(40) };
  it("allows an http:// issuer outside production and refuses it in production", () => {
    expect(parseEnv({ ...base, NODE_ENV: "development", OIDC_ISSUER: "http://127.0.0.1:8080/realms/x", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" }).OIDC_ISSUER).toBe(
      "http://127.0.0.1:8080/realms/x",
    );
    expect(() => parseEnv({ ...base, NODE_ENV: "production", OIDC_ISSUER: "http://sso.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toThrow(
      /OIDC_ISSUER: must be an https:\/\/ URL when NODE_ENV=production/,
    );
    expect(() => parseEnv({ ...base, NODE_ENV: "production", GITHUB_API_URL: "http://ghe.example.com/api/v3" })).toThrow(/GITHUB_API_URL/);
  });
  it("wants client id and secret together, and an issuer for the generic provider", () => {
    expect(() => parseEnv({ ...base, GOOGLE_CLIENT_ID: "a" })).toThrow(/GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET: set both or neither/);
    expect(() => parseEnv({ ...base, OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toThrow(/OIDC_ISSUER: required/);
  });
});

/** A database of its own, migrated and dropped afterwards (for the fresh-install rule). */
async function withFreshDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const adminUrl = process.env.TF_TEST_ADMIN_DATABASE_URL!;
  const name = `teamflow_fresh_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await applyMigrations(url.toString());
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
