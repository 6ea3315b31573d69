import path from "node:path";
import type { Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { apiFor, collectPageErrors, inviteMember, loginApi, registerWithWorkspace, useBrowserApp, useContexts } from "../helpers/browser-app";
import { step } from "../helpers/step";

const T = 30_000;

const app = useBrowserApp();
const apiCall = apiFor(app);

/** Signs up with a first workspace and waits for the app shell (its Members link); returns the workspace id. */
async function registerThroughUi(page: Page, name: string, email: string, password: string, workspace: string) {
  const workspaceId = await registerWithWorkspace(page, app.server, { name, email, password, workspace });
  await page.getByRole("link", { name: "Members" }).waitFor({ timeout: T });
  return workspaceId;
}

describe("web app: real time", () => {
  const newContext = useContexts(app);

  it("shows presence, live renames and a live invitation notification", async () => {
    const stamp = Date.now();
    const password = "Realtime-pass-42";
    const ownerEmail = `rt-owner-${stamp}@example.com`;
    const guestEmail = `rt-guest-${stamp}@example.com`;

    const owner = await newContext({ viewport: { width: 1280, height: 820 } });
    const guest = await newContext({ viewport: { width: 1280, height: 820 } });
    const a = await owner.newPage();
    const b = await guest.newPage();
    const errors = collectPageErrors(a, b);
    const bell = b.locator('[data-testid="notifications-bell"]:visible');
    const item = b.getByRole("menuitem", { name: /Ada Lovelace invited you to Analytical Engines/ });
    const presenceA = a.locator('[data-testid="presence"]:visible');

    const workspaceId = await step("Ada signs up with a workspace", () => registerThroughUi(a, "Ada Lovelace", ownerEmail, password, "Analytical Engines"));
    await step("Grace signs up with a workspace", () => registerThroughUi(b, "Grace Hopper", guestEmail, password, "Grace's Corner"));

    // The owner invites Grace through the API (a token of its own session).
    const login = await step("Ada invites Grace through the API", async () => {
      const session = await loginApi(apiCall, ownerEmail, password);
      await inviteMember(apiCall, session.accessToken, workspaceId, guestEmail, "MEMBER");
      return session;
    });

    await step("Grace gets the invitation live in her bell", async () => {
      // Grace is registered already: an INVITATION notification arrives live in her bell.
      await bell.locator('[data-testid="notifications-badge"]').getByText("1", { exact: true }).waitFor({ timeout: T });
      await b.getByText("Ada Lovelace invited you to Analytical Engines").first().waitFor({ timeout: T }); // the toast
      await bell.click();
      await item.waitFor({ timeout: T });
      await b.getByRole("menu").getByText("Mark all read").waitFor({ timeout: T });
      await b.screenshot({ path: path.join(artifacts, "realtime-notifications.png") });
    });

    await step("opening the notification leads to the invitation, which she accepts", async () => {
      // Opening it marks it read and follows its link: the invitation page.
      await item.click();
      await b.getByRole("button", { name: "Accept invitation" }).waitFor({ timeout: T });
      expect(await bell.count()).toBe(0); // outside the app layout
      await b.getByRole("button", { name: "Accept invitation" }).click();
      await b.waitForURL(new RegExp(`/w/${workspaceId}`), { timeout: T });
      await b.locator('[data-testid="notifications-bell"]:visible').waitFor({ timeout: T });
      expect(await b.locator('[data-testid="notifications-badge"]:visible').count()).toBe(0);
    });

    await step("each sees the other online", async () => {
      // Both have the workspace open: each sees the other online.
      await a.goto(`${app.server.baseUrl}/w/${workspaceId}/settings/workspace`);
      await presenceA.and(a.locator('[title*="Grace Hopper"]')).waitFor({ timeout: T });
      await presenceA.getByText("2 online").waitFor({ timeout: T });
      await b.locator('[data-testid="presence"]:visible[title*="Ada Lovelace"]').waitFor({ timeout: T });
      await a.screenshot({ path: path.join(artifacts, "realtime-presence.png") });
    });

    await step("Ada renames the workspace; Grace sees the new name live", async () => {
      // Ada renames the workspace in the UI; Grace sees the new name without a reload.
      await a.getByLabel("Workspace name").fill("Difference Engines");
      await a.getByRole("form", { name: "Rename workspace" }).getByRole("button", { name: "Save" }).click();
      await b.getByText("Ada Lovelace renamed the workspace to “Difference Engines”").waitFor({ timeout: T });
      await b.locator('[data-testid="topbar"]:visible').getByText("Difference Engines").first().waitFor({ timeout: T });
      await b.screenshot({ path: path.join(artifacts, "realtime-rename.png") });
      await b.locator("aside").getByText("Difference Engines").first().waitFor({ timeout: T });
      expect(await b.locator('aside, [data-testid="topbar"]').getByText("Analytical Engines").count()).toBe(0);
    });

    await step("Grace leaves; Ada's presence drops to one", async () => {
      // Grace leaves: Ada's presence drops back to just her.
      await b.close();
      await presenceA.getByText("1 online").waitFor({ timeout: T });
    });

    await step("the network drops and comes back, with a banner each time", async () => {
      // The network drops: after a moment a banner says so, and says when it is back.
      await owner.setOffline(true);
      const banner = a.getByRole("status").filter({ hasText: "Connection lost — reconnecting…" });
      await banner.waitFor({ timeout: T });
      await a.screenshot({ path: path.join(artifacts, "realtime-offline.png") });
      await owner.setOffline(false);
      await a.getByRole("status").filter({ hasText: "Back online" }).waitFor({ timeout: T });
      await presenceA.getByText("1 online").waitFor({ timeout: T });
    });

    await step("Ada changes her notification preferences", async () => {
      // Notification preferences on the profile page.
      await a.goto(`${app.server.baseUrl}/profile#notifications`);
      const emailInvites = a.getByRole("checkbox", { name: "Invitations: email" });
      await emailInvites.waitFor({ timeout: T });
      const wasChecked = await emailInvites.isChecked();
      await emailInvites.click();
      await a.getByRole("button", { name: "Save preferences" }).click();
      await a.getByText("Notification preferences saved").waitFor({ timeout: T });
      await a.getByRole("region", { name: "Notifications", exact: true }).screenshot({ path: path.join(artifacts, "realtime-preferences.png") });
      const prefs = await apiCall<Array<{ type: string; email: boolean }>>("GET", "/notifications/preferences", login.accessToken);
      expect(prefs.find((p) => p.type === "INVITATION")?.email).toBe(!wasChecked);
    });

    expect(errors).toEqual([]);
  }, 150_000);
});
