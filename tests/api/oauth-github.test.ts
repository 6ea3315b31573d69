import type { Express } from "express";
import request from "supertest";
import { createTestApp, refreshCookieFrom, registerUser, uniqueEmail, type TestApp } from "../helpers/app";
import { startGithubServer, type GithubAccount, type GithubServer } from "../helpers/github-server";

const APP_URL = "http://localhost:3000";
let gh: GithubServer;
let t: TestApp;

beforeAll(async () => {
  gh = await startGithubServer();
  t = await createTestApp({ env: { APP_URL, GITHUB_CLIENT_ID: gh.clientId, GITHUB_CLIENT_SECRET: gh.clientSecret, GITHUB_URL: gh.url, GITHUB_API_URL: gh.url } });
  await registerUser(t.app); // not the install's first account
});
afterAll(async () => {
  await t?.close();
  await gh?.close();
});

let nextId = 1000;
const account = (emails: GithubAccount["emails"], name: string | null = "Gia Hub"): GithubAccount => ({ id: ++nextId, login: `gia${nextId}`, name, emails });

async function start(app: Express) {
  const res = await request(app).get("/api/v1/auth/oauth/github");
  expect(res.status).toBe(302);
  const cookie = (res.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("tf_oauth="))!.split(";")[0]!;
  return { location: new URL(res.headers.location as string), cookie };
}

/** The browser at GitHub: the scripted server approves at once and redirects back with code and state. */
async function atGithub(authorize: URL): Promise<URL> {
  const res = await fetch(authorize, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

const callback = (app: Express, url: URL, cookie: string) => request(app).get(url.pathname + url.search).set("Cookie", cookie);

async function signIn(app: Express) {
  const s = await start(app);
  return callback(app, await atGithub(s.location), s.cookie);
}

const oauthError = (res: request.Response) => {
  expect(res.status).toBe(302);
  return new URL(res.headers.location as string, APP_URL).searchParams.get("oauthError");
};

async function me(res: request.Response) {
  const refreshed = await request(t.app).post("/api/v1/auth/refresh").set("Cookie", refreshCookieFrom(res)!);
  expect(refreshed.status).toBe(200);
  return (await request(t.app).get("/api/v1/auth/me").set({ Authorization: `Bearer ${refreshed.body.data.accessToken}` })).body.data;
}

describe("sign-in with GitHub (OAuth 2)", () => {
  it("lists GitHub and signs in a new account by its verified primary email, with state and PKCE", async () => {
    expect((await request(t.app).get("/api/v1/auth/providers")).body.data).toEqual([{ id: "github", name: "GitHub" }]);
    const primary = uniqueEmail("gh-primary");
    const who = account([
      { email: uniqueEmail("gh-secondary"), primary: false, verified: true },
      { email: primary, primary: true, verified: true },
    ]);
    gh.signInAs(who);
    const s = await start(t.app);
    expect(s.location.origin + s.location.pathname).toBe(`${gh.url}/login/oauth/authorize`);
    expect(s.location.searchParams.get("redirect_uri")).toBe(`${APP_URL}/api/v1/auth/oauth/github/callback`);
    expect(s.location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(s.location.searchParams.get("state")!.length).toBeGreaterThanOrEqual(32);
    expect(s.location.searchParams.get("scope")).toBe("read:user user:email");
    const res = await callback(t.app, await atGithub(s.location), s.cookie);
    expect(res.headers.location).toBe("/");
    // The scripted GitHub checked the PKCE verifier against the challenge.
    expect(gh.tokenRequests.at(-1)).toEqual({ ok: true });
    const data = await me(res);
    expect(data.user).toMatchObject({ email: primary, name: "Gia Hub" });
    const identity = await t.ctx.db.userIdentity.findUniqueOrThrow({ where: { provider_subject: { provider: "github", subject: String(who.id) } } });
    expect(identity).toMatchObject({ userId: data.user.id, email: primary, emailVerified: true });
  });

  it("refuses a callback with another state before exchanging the code", async () => {
    gh.signInAs(account([{ email: uniqueEmail("gh-state"), primary: true, verified: true }]));
    const s = await start(t.app);
    const back = await atGithub(s.location);
    back.searchParams.set("state", "forged-state-value");
    const count = gh.tokenRequests.length;
    const res = await callback(t.app, back, s.cookie);
    expect(oauthError(res)).toMatch(/does not belong to the sign-in this browser started/);
    expect(refreshCookieFrom(res)).toBeUndefined();
    expect(gh.tokenRequests.length).toBe(count);
  });

  it("does not link an unverified primary email to an existing account (a verified secondary does not count)", async () => {
    const existing = await registerUser(t.app, { email: uniqueEmail("gh-victim") });
    gh.signInAs(
      account([
        { email: existing.email, primary: true, verified: false },
        { email: uniqueEmail("gh-other"), primary: false, verified: true },
      ]),
    );
    const res = await signIn(t.app);
    expect(oauthError(res)).toMatch(/GitHub has not verified/);
    expect(refreshCookieFrom(res)).toBeUndefined();
    expect(await t.ctx.db.userIdentity.count({ where: { userId: existing.id } })).toBe(0);
  });

  it("links an existing account by its verified primary email, then signs in by GitHub id even after the email changes", async () => {
    const existing = await registerUser(t.app, { email: uniqueEmail("gh-existing") });
    const who = account([{ email: existing.email, primary: true, verified: true }], null);
    gh.signInAs(who);
    expect((await me(await signIn(t.app))).user.id).toBe(existing.id);
    who.emails = [{ email: uniqueEmail("gh-changed"), primary: true, verified: true }];
    const again = await signIn(t.app);
    expect((await me(again)).user.id).toBe(existing.id);
    expect(await t.ctx.db.userIdentity.count({ where: { userId: existing.id, provider: "github" } })).toBe(1);
  });

  it("comes back with a message when GitHub refuses the code, or when the user cancels", async () => {
    gh.signInAs(account([{ email: uniqueEmail("gh-refused"), primary: true, verified: true }]));
    const s = await start(t.app);
    const back = await atGithub(s.location);
    back.searchParams.set("code", "not-a-code-github-issued");
    const res = await callback(t.app, back, s.cookie);
    expect(oauthError(res)).toMatch(/GitHub sign-in could not be verified/);
    expect(gh.tokenRequests.at(-1)).toEqual({ ok: false, error: "bad_verification_code" });

    const s2 = await start(t.app);
    const denied = new URL(`${APP_URL}/api/v1/auth/oauth/github/callback`);
    denied.searchParams.set("error", "access_denied");
    denied.searchParams.set("state", s2.location.searchParams.get("state")!);
    expect(oauthError(await callback(t.app, denied, s2.cookie))).toMatch(/You cancelled signing in with GitHub/);
  });
});
