import crypto from "node:crypto";
import type http from "node:http";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../../src/http/app";
import { attachRealtime } from "../../src/realtime/realtime";
import { createTestContext, registerUser, uniqueEmail } from "../helpers/app";
import { artifacts, launchBrowser } from "../helpers/browser";
import { collectPageErrors } from "../helpers/browser-app";
import { startOidcProvider, type OidcPeer } from "../helpers/oidc-provider";
import { createHttpServer, ensureClientBuilt } from "../helpers/server";

// The provider sends the browser back to APP_URL, so the app listens on a port known before it starts (this task's range).
const PORT = 4100 + (process.pid % 90);
const APP_URL = `http://127.0.0.1:${PORT}`;
const CLIENT = { client_id: "teamflow-browser", client_secret: crypto.randomBytes(24).toString("hex"), redirect_uris: [`${APP_URL}/api/v1/auth/oauth/oidc/callback`] };
const UI_TIMEOUT = 30_000;

let browser: Browser;
let peer: OidcPeer;
let server: http.Server;
let closeApp: () => Promise<void>;
let closeRealtime: () => Promise<void>;

beforeAll(async () => {
  browser = await launchBrowser();
  peer = await startOidcProvider([CLIENT]);
  const clientDir = ensureClientBuilt();
  const { ctx, close } = await createTestContext({
    env: { APP_URL, SERVE_CLIENT: "true", OIDC_ISSUER: peer.issuer, OIDC_CLIENT_ID: CLIENT.client_id, OIDC_CLIENT_SECRET: CLIENT.client_secret, OIDC_NAME: "Acme SSO" },
  });
  closeApp = close;
  const app = createApp(ctx, { clientDir, rateLimitPrefix: `tf:test:${crypto.randomUUID()}:rl:` });
  server = createHttpServer(app);
  const realtime = await attachRealtime(ctx, server);
  closeRealtime = () => realtime.close();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(PORT, "127.0.0.1", resolve));
  // Not the install's first account: that one would get a workspace of its own.
  await registerUser(app);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await closeRealtime?.();
  await closeApp?.();
  await peer?.close();
});

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `oauth-${name}.png`), fullPage: true });

async function expectEnabled(button: import("playwright-core").Locator) {
  for (let i = 0; i < 50 && (await button.isDisabled()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await button.isDisabled()).toBe(false);
}

describe("signing in with an OpenID Connect provider in the browser", () => {
  it("clicks the provider button, signs in at the provider, lands in the app and sees the connected account", async () => {
    const email = uniqueEmail("browser-sso");
    await peer.addAccount({ sub: `sub-${crypto.randomUUID()}`, email, email_verified: true, name: "Sasha Single-Sign-On" });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    try {
      await page.goto(`${APP_URL}/sign-in`);
      const button = page.getByRole("link", { name: "Sign in with Acme SSO" });
      await button.waitFor({ timeout: UI_TIMEOUT });
      await shoot(page, "sign-in-desktop");
      await button.click();
      // The identity server's own page.
      await page.waitForURL((u) => u.origin === peer.issuer, { timeout: UI_TIMEOUT });
      // The app restores the session from the refresh cookie the callback set; let it finish before moving on.
      const restored = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/refresh") && r.status() === 200, { timeout: UI_TIMEOUT });
      await page.getByRole("button", { name: `Sign in as ${email}` }).click();
      // Back in the app, signed in (the app restores the session from the refresh cookie).
      await page.waitForURL((u) => u.origin === APP_URL && !u.pathname.startsWith("/sign-in") && !u.pathname.startsWith("/api/"), { timeout: UI_TIMEOUT });
      await restored;
      await page.waitForLoadState("networkidle");
      await shoot(page, "landed-desktop");
      await page.goto(`${APP_URL}/profile#connected-accounts`);
      const list = page.getByTestId("connected-accounts");
      await list.waitFor({ timeout: UI_TIMEOUT }).catch(async (err: unknown) => {
        await shoot(page, "failure-profile");
        throw new Error(`${(err as Error).message} (at ${page.url()})`);
      });
      await expectText(list, "Acme SSO");
      await expectText(list, email);
      // The only way to sign in cannot be disconnected, and the page says why.
      expect(await list.getByRole("button", { name: "Disconnect" }).isDisabled()).toBe(true);
      await page.getByText("This is your only way to sign in").waitFor({ timeout: UI_TIMEOUT });
      // No password yet: the Password section offers to set one without asking for a current one.
      await page.getByText("this account has no password yet").waitFor({ timeout: UI_TIMEOUT });
      expect(await page.getByLabel("Current password").count()).toBe(0);
      const section = page.locator("section", { has: page.locator("#connected-accounts-title") });
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: path.join(artifacts, "oauth-connected-desktop.png") });
      await page.setViewportSize({ width: 390, height: 844 });
      await section.screenshot({ path: path.join(artifacts, "oauth-connected-phone.png") });
      await shoot(page, "profile-phone");

      // Setting a first password makes the provider disconnectable.
      const setForm = page.getByRole("form", { name: "Set a password" });
      await setForm.getByRole("button", { name: "Set password" }).click();
      await setForm.getByText("Choose a password that meets all the requirements below").waitFor({ timeout: UI_TIMEOUT });
      await setForm.getByLabel("New password").fill("Plum-Tangerine-4471!");
      await setForm.getByRole("button", { name: "Set password" }).click();
      await page.getByText("Password set. You can now also sign in with your email").waitFor({ timeout: UI_TIMEOUT });
      await page.getByRole("form", { name: "Change password" }).waitFor({ timeout: UI_TIMEOUT });
      await expectEnabled(list.getByRole("button", { name: "Disconnect" }));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("shows a failed provider sign-in as a message on the sign-in page (phone)", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      // A callback without this browser's flow (e.g. a stale or forged link).
      await page.goto(`${APP_URL}/api/v1/auth/oauth/oidc/callback?code=abc&state=forged`);
      await page.waitForURL((u) => u.pathname === "/sign-in", { timeout: UI_TIMEOUT });
      const message = page.getByTestId("oauth-error");
      await message.waitFor({ timeout: UI_TIMEOUT });
      expect(await message.textContent()).toMatch(/Acme SSO sign-in has expired or was started in another browser\. Start again\./);
      await page.getByRole("link", { name: "Sign in with Acme SSO" }).waitFor({ timeout: UI_TIMEOUT });
      await shoot(page, "sign-in-error-phone");
    } finally {
      await context.close();
    }
  }, 60_000);
});

async function expectText(locator: ReturnType<Page["getByTestId"]>, text: string) {
  await locator.getByText(text, { exact: false }).first().waitFor({ timeout: UI_TIMEOUT });
}
