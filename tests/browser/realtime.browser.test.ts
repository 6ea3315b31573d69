import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { artifacts, launchBrowser } from "../helpers/browser";
import { startTestServer } from "../helpers/server";

const T = 30_000;

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function registerThroughUi(page: Page, name: string, email: string, password: string, workspace: string) {
  await page.goto(`${server.baseUrl}/register`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Workspace name").waitFor({ timeout: T });
  await page.getByLabel("Workspace name").fill(workspace);
  await page.getByRole("button", { name: /create workspace/i }).click();
  await page.getByRole("link", { name: "Members" }).waitFor({ timeout: T });
  await page.waitForURL(/\/w\/[0-9a-f-]{36}/, { timeout: T });
  return new URL(page.url()).pathname.split("/")[2]!;
}

async function apiCall<T>(method: string, urlPath: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}/api/v1${urlPath}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath} → ${res.status} ${text}`);
  return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
}

describe("web app: real time", () => {
  let owner: BrowserContext;
  let guest: BrowserContext;

  afterAll(async () => {
    await owner?.close();
    await guest?.close();
  });

  it("shows presence, live renames and a live invitation notification", async () => {
    const stamp = Date.now();
    const password = "Realtime-pass-42";
    const ownerEmail = `rt-owner-${stamp}@example.com`;
    const guestEmail = `rt-guest-${stamp}@example.com`;
    const errors: string[] = [];

    owner = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    guest = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    const a = await owner.newPage();
    const b = await guest.newPage();
    for (const p of [a, b]) p.on("pageerror", (e) => errors.push(e.message));

    const workspaceId = await registerThroughUi(a, "Ada Lovelace", ownerEmail, password, "Analytical Engines");
    await registerThroughUi(b, "Grace Hopper", guestEmail, password, "Grace's Corner");

    // The owner invites Grace through the API (a token of its own session).
    const login = await apiCall<{ accessToken: string }>("POST", "/auth/login", null, { email: ownerEmail, password });
    await apiCall("POST", `/workspaces/${workspaceId}/invitations`, login.accessToken, { email: guestEmail, role: "MEMBER" });

    // Grace is registered already: an INVITATION notification arrives live in her bell.
    const bell = b.locator('[data-testid="notifications-bell"]:visible');
    await bell.locator('[data-testid="notifications-badge"]').getByText("1", { exact: true }).waitFor({ timeout: T });
    await b.getByText("Ada Lovelace invited you to Analytical Engines").first().waitFor({ timeout: T }); // the toast
    await bell.click();
    const item = b.getByRole("menuitem", { name: /Ada Lovelace invited you to Analytical Engines/ });
    await item.waitFor({ timeout: T });
    await b.getByRole("menu").getByText("Mark all read").waitFor({ timeout: T });
    await b.screenshot({ path: path.join(artifacts, "realtime-notifications.png") });

    // Opening it marks it read and follows its link: the invitation page.
    await item.click();
    await b.getByRole("button", { name: "Accept invitation" }).waitFor({ timeout: T });
    expect(await bell.count()).toBe(0); // outside the app layout
    await b.getByRole("button", { name: "Accept invitation" }).click();
    await b.waitForURL(new RegExp(`/w/${workspaceId}`), { timeout: T });
    await b.locator('[data-testid="notifications-bell"]:visible').waitFor({ timeout: T });
    expect(await b.locator('[data-testid="notifications-badge"]:visible').count()).toBe(0);

    // Both have the workspace open: each sees the other online.
    await a.goto(`${server.baseUrl}/w/${workspaceId}/settings/workspace`);
    const presenceA = a.locator('[data-testid="presence"]:visible');
    await presenceA.and(a.locator('[title*="Grace Hopper"]')).waitFor({ timeout: T });
    await presenceA.getByText("2 online").waitFor({ timeout: T });
    await b.locator('[data-testid="presence"]:visible[title*="Ada Lovelace"]').waitFor({ timeout: T });
    await a.screenshot({ path: path.join(artifacts, "realtime-presence.png") });

    // Ada renames the workspace in the UI; Grace sees the new name without a reload.
    await a.getByLabel("Workspace name").fill("Difference Engines");
    await a.getByRole("button", { name: "Save" }).click();
    await b.getByText("Ada Lovelace renamed the workspace to “Difference Engines”").waitFor({ timeout: T });
    await b.locator('[data-testid="topbar"]:visible').getByText("Difference Engines").first().waitFor({ timeout: T });
    await b.screenshot({ path: path.join(artifacts, "realtime-rename.png") });
    await b.locator("aside").getByText("Difference Engines").first().waitFor({ timeout: T });
    expect(await b.locator('aside, [data-testid="topbar"]').getByText("Analytical Engines").count()).toBe(0);

    // Grace leaves: Ada's presence drops back to just her.
    await b.close();
    await presenceA.getByText("1 online").waitFor({ timeout: T });

    // The network drops: after a moment a banner says so, and says when it is back.
    await owner.setOffline(true);
    const banner = a.getByRole("status").filter({ hasText: "Connection lost — reconnecting…" });
    await banner.waitFor({ timeout: T });
    await a.screenshot({ path: path.join(artifacts, "realtime-offline.png") });
    await owner.setOffline(false);
    await a.getByRole("status").filter({ hasText: "Back online" }).waitFor({ timeout: T });
    await presenceA.getByText("1 online").waitFor({ timeout: T });

    // Notification preferences on the profile page.
    await a.goto(`${server.baseUrl}/profile#notifications`);
    const emailInvites = a.getByRole("checkbox", { name: "Invitations: email" });
    await emailInvites.waitFor({ timeout: T });
    const wasChecked = await emailInvites.isChecked();
    await emailInvites.click();
    await a.getByRole("button", { name: "Save preferences" }).click();
    await a.getByText("Notification preferences saved").waitFor({ timeout: T });
    await a.getByRole("region", { name: "Notifications", exact: true }).screenshot({ path: path.join(artifacts, "realtime-preferences.png") });
    const prefs = await apiCall<Array<{ type: string; email: boolean }>>("GET", "/notifications/preferences", login.accessToken);
    expect(prefs.find((p) => p.type === "INVITATION")?.email).toBe(!wasChecked);

    expect(errors).toEqual([]);
  }, 150_000);
});
