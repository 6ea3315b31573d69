import path from "node:path";
import { artifacts } from "../helpers/browser";
import type { Page } from "playwright-core";
import { collectPageErrors, createWorkspaceInUi, openPage, registerWithWorkspace, submitSignIn, useBrowserApp, useContexts } from "../helpers/browser-app";
import { step } from "../helpers/step";

const app = useBrowserApp();

describe("web app: register and sign in", () => {
  const newContext = useContexts(app);

  it("registers through the UI, creates a workspace, signs out, signs back in and opens the members page", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 860 });
    const email = `browser-${Date.now()}@example.com`;
    const password = "Browser-pass-42";

    await step("registers through the form, the password rules shown while typing", async () => {
      await page.goto(`${app.server.baseUrl}/register`);
      await page.getByLabel("Name").fill("Grace Hopper");
      await page.getByLabel("Email").fill(email);
      // The password rules are shown while typing, and a weak password is refused before submit.
      await page.getByLabel("Password", { exact: true }).fill("short");
      await expect(page.getByText("At least 10 characters", { exact: false }).first().isVisible()).resolves.toBe(true);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Create account" }).click();
    });

    await step("creates the first workspace", async () => {
      // Not the first account of this install: asked to create a workspace.
      await createWorkspaceInUi(page, "Browser Studio");
      await page.getByRole("link", { name: "Members" }).waitFor({ timeout: 30_000 });
      expect(page.url()).toMatch(/\/w\/[0-9a-f-]{36}/);
    });

    await step("stays signed in across a reload, no token in web storage", async () => {
      // The access token lives in memory only: a reload signs in again through the refresh cookie.
      await page.reload();
      await page.getByRole("link", { name: "Members" }).waitFor({ timeout: 30_000 });
      // (the page script runs in the browser, where localStorage exists)
      expect(await page.evaluate("JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")).not.toMatch(/eyJ/);
    });

    await step("signs out, is refused a wrong password, signs back in", async () => {
      // Sign out, then back in.
      await page.getByTestId("user-menu").click();
      await page.getByRole("menuitem", { name: "Sign out" }).click();
      await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 30_000 });
      await submitSignIn(page, email, "Wrong-password-1");
      await page.getByText(/invalid email or password/i).waitFor({ timeout: 15_000 });
      await submitSignIn(page, email, password);
      await page.getByRole("link", { name: "Members" }).waitFor({ timeout: 30_000 });
    });

    await step("opens the members page", async () => {
      await page.getByRole("link", { name: "Members" }).click();
      await page.getByRole("heading", { name: "Members", exact: true }).first().waitFor();
      await page.getByRole("cell", { name: email }).waitFor();
      await page.screenshot({ path: path.join(artifacts, "members.png"), fullPage: true });
      expect(await page.getByText("Grace Hopper").first().isVisible()).toBe(true);
    });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  // With Web Locks the tabs' refreshes take turns; without them (plain HTTP on a LAN address is no
  // secure context) one tab loses the race, gets 409 and retries with the cookie the other received.
  it.each([
    ["with Web Locks", false],
    ["without Web Locks (as over plain HTTP)", true],
  ])("two tabs that load at the same moment both stay signed in, %s", async (_how, hideLocks) => {
    const context = await newContext({ viewport: { width: 1024, height: 768 } });
    if (hideLocks) await context.addInitScript({ content: `Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined });` });
    const first = await context.newPage();
    const errors = collectPageErrors(first);
    const email = `tabs-${Date.now()}@example.com`;
    const workspaceId = await step("signs up with a workspace in the first tab", () => registerWithWorkspace(first, app.server, { name: "Tab Hopper", email, password: "Browser-pass-42", workspace: "Tabs" }));
    const second = await context.newPage();
    errors.push(...collectPageErrors(second));
    const home = `${app.server.baseUrl}/w/${workspaceId}`;
    const signedIn = (page: Page) => page.getByRole("link", { name: "Members" }).waitFor({ timeout: 30_000 });

    // Each load spends the shared refresh cookie (the access token lives in memory only):
    // loading both tabs at once is two refreshes racing with one cookie, five times over.
    for (let round = 1; round <= 5; round++) {
      await step(`both tabs load at once, round ${round} of 5`, async () => {
        await Promise.all([first.goto(home), second.goto(home)]);
        await Promise.all([signedIn(first), signedIn(second)]);
      });
    }
    // Still one live session: a reuse alarm would have revoked it and sent both tabs to sign-in.
    for (const [tab, page] of [["first", first], ["second", second]] as const) {
      await step(`the ${tab} tab is still signed in after a reload`, async () => {
        await page.reload();
        await signedIn(page);
        expect(new URL(page.url()).pathname).toBe(`/w/${workspaceId}`);
      });
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
