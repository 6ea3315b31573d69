import type { Locator, Page } from "playwright-core";
import { audit } from "../helpers/browser-a11y";
import { apiFor, openPage, registerApiWithWorkspace, useBrowserApp } from "../helpers/browser-app";
import { card, column } from "../helpers/board";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";

const T = 30_000;
const app = useBrowserApp();
const api = apiFor(app);

/** Presses Tab until `target` has the focus (at most `max` times): how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((node) => node === node.ownerDocument.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab did not reach ${target} in ${max} presses`);
}

/** The focused element's outline, so the test sees a visible focus ring. */
const focusRing = (page: Page) =>
  page.evaluate<{ style: string; width: string }>(
    "(() => { const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: s.outlineWidth }; })()",
  );

/** Whether the focused element is inside `selector`. */
const isInside = (page: Page, selector: string) =>
  page.evaluate<boolean>(`!!document.activeElement && !!document.activeElement.closest(${JSON.stringify(selector)})`);

/** Waits until `target` has the focus again (a dialog gives it back a moment after it closes). */
async function focusReturnsTo(target: Locator, what: string): Promise<void> {
  await eventually(
    async () => {
      const focused = await target.evaluate((node) => node === node.ownerDocument.activeElement);
      if (!focused) {
        const now = await target.page().evaluate<string>("document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'");
        throw new Error(`The focus is on ${now}, not on ${what}`);
      }
    },
    { what: `the focus back on ${what}`, timeoutMs: 5_000, intervalMs: 50 },
  );
}

describe("web app: keyboard only", () => {
  it("signs in, creates a project, adds a task, moves it on the board and opens and closes its drawer without the mouse", async () => {
    const email = `keyboard-${Date.now()}@example.com`;
    const password = "Keyboard-pass-42";
    await registerApiWithWorkspace(api, { name: "Ada Lovelace", email, password, workspace: "Keyboard Studio" });
    const { page, errors } = await openPage(app, { width: 1280, height: 860 });

    await step("the strict CSP is on, yet the audit runs", async () => {
      const response = await page.goto(`${app.server.baseUrl}/sign-in`);
      expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
      // An inline script is refused by the CSP; the audit's evaluation over the DevTools protocol is not.
      await page.addScriptTag({ content: "window.__inline = true" }).catch(() => undefined);
      expect(await page.evaluate("window.__inline === true")).toBe(false);
      await audit(page, "sign-in");
    });

    await step("signs in with Tab, typing and Enter", async () => {
      await tabTo(page, page.getByLabel("Email"));
      await page.keyboard.type(email);
      await tabTo(page, page.getByLabel("Password", { exact: true }), 5);
      await page.keyboard.type(password);
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/w\//, { timeout: T });
    });

    await step("reaches Projects through the navigation, with a visible focus ring", async () => {
      const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" });
      await tabTo(page, link);
      const ring = await focusRing(page);
      expect(ring.style).not.toBe("none");
      expect(ring.width).not.toBe("0px");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Projects", exact: true }).waitFor({ timeout: T });
    });

    const newProject = page.getByRole("button", { name: "New project" }).first();
    const dialog = page.getByRole("dialog");
    await step("the New project dialog traps the focus and Esc closes it", async () => {
      await tabTo(page, newProject);
      await page.keyboard.press("Enter");
      await dialog.waitFor({ timeout: T });
      expect(await isInside(page, "[role=dialog]")).toBe(true);
      await audit(page, "New project dialog");
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press("Tab");
        expect(await isInside(page, "[role=dialog]")).toBe(true);
      }
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached", timeout: T });
      await focusReturnsTo(newProject, "New project after Esc");
    });

    await step("creates the project from the keyboard", async () => {
      await tabTo(page, newProject);
      await page.keyboard.press("Enter");
      await dialog.waitFor({ timeout: T });
      await dialog.getByLabel("Name").focus();
      await page.keyboard.type("Keyboard Site");
      await page.keyboard.press("Enter");
      await dialog.waitFor({ state: "detached", timeout: T });
      await focusReturnsTo(newProject, "New project after the submit");
      const projectCard = page.getByTestId("project-card").filter({ hasText: "Keyboard Site" });
      await projectCard.waitFor({ timeout: T });
      await tabTo(page, projectCard.getByRole("link").first());
      await page.keyboard.press("Enter");
      await page.getByText("No tasks yet").waitFor({ timeout: T });
    });

    await step("adds a task with the “c” shortcut", async () => {
      await page.keyboard.press("c");
      const newTask = page.getByRole("dialog", { name: "New task" });
      await newTask.waitFor({ timeout: T });
      expect(await isInside(page, "[role=dialog]")).toBe(true);
      await page.keyboard.type("Keyboard task");
      await page.keyboard.press("Enter");
      await newTask.waitFor({ state: "detached", timeout: T });
      await card(column(page, "To do"), "Keyboard task").waitFor({ timeout: T });
    });

    await step("moves it to In progress, each key announced through the live region", async () => {
      const liveRegion = page.locator('[id^="DndLiveRegion"]');
      // A screen reader hears a status message: role=status, announced at once (assertive) and whole.
      expect(await liveRegion.evaluate((node) => [node.getAttribute("role"), node.getAttribute("aria-live"), node.getAttribute("aria-atomic")])).toEqual(["status", "assertive", "true"]);
      // The toasts' container is a named landmark and a polite live region, there before any toast is.
      const toasts = page.locator("section[aria-label^=Notifications]");
      expect(await toasts.evaluate((node) => [node.getAttribute("aria-live"), node.getAttribute("aria-relevant")])).toEqual(["polite", "additions text"]);
      await tabTo(page, card(page, "Keyboard task"));
      await page.keyboard.press("Space");
      await liveRegion.filter({ hasText: /Keyboard task is over To do/ }).waitFor({ state: "attached", timeout: T });
      await page.keyboard.press("ArrowRight");
      await liveRegion.filter({ hasText: /Keyboard task is over In progress/ }).waitFor({ state: "attached", timeout: T });
      await page.keyboard.press("Space");
      await liveRegion.filter({ hasText: /dropped|moved/i }).waitFor({ state: "attached", timeout: T });
      await card(column(page, "In progress"), "Keyboard task").waitFor({ timeout: T });
    });

    await step("opens the drawer with Enter and closes it with Esc", async () => {
      const moved = card(column(page, "In progress"), "Keyboard task");
      await moved.focus();
      await page.keyboard.press("Enter");
      const drawer = page.getByRole("dialog");
      await drawer.waitFor({ timeout: T });
      expect(await isInside(page, "[role=dialog]")).toBe(true);
      await audit(page, "task drawer");
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "detached", timeout: T });
      expect(await page.getByRole("dialog").count()).toBe(0);
      await focusReturnsTo(moved, "the card after Esc");
    });

    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
