import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { card, column, expectColumn, titlesIn } from "../helpers/board";
import { apiFor, collectPageErrors, joinWorkspace, loginApi, registerWithWorkspace, useBrowserApp, useContexts } from "../helpers/browser-app";
import { step } from "../helpers/step";

const T = 30_000;

const app = useBrowserApp();
const apiCall = apiFor(app);

interface ApiTask {
  id: string;
  key: string;
  title: string;
  status: string;
  position: number;
  version: number;
}

/**
 * Drags a card with the mouse onto the upper or lower half of another card (or
 * into a column). dnd-kit starts a drag only after the pointer has moved past
 * its activation distance, and tracks it through many small moves.
 */
async function dragWithMouse(
  page: Page,
  source: Locator,
  target: Locator,
  where: "above" | "below",
  opts: { screenshot?: string; midway?: () => Promise<void> } = {},
) {
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  const x = from.x + from.width / 2;
  const y = from.y + from.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 6, y + 6, { steps: 4 });
  await opts.midway?.();
  const tx = to.x + to.width / 2;
  const ty = to.y + to.height * (where === "above" ? 0.2 : 0.8);
  await page.mouse.move(tx, ty, { steps: 25 });
  await page.mouse.move(tx, ty + 2, { steps: 3 });
  if (opts.screenshot) await page.screenshot({ path: path.join(artifacts, opts.screenshot) });
  await page.mouse.up();
}

async function projectTasks(projectId: string, token: string): Promise<ApiTask[]> {
  return apiCall<ApiTask[]>("GET", `/projects/${projectId}/tasks?perPage=100&sort=position`, token);
}

describe("web app: project board", () => {
  const newContext = useContexts(app);

  it("creates tasks, moves cards by mouse and keyboard live for a teammate, and recovers from a conflicting change", async () => {
    const stamp = Date.now();
    const password = "Board-pass-4242";
    const adaEmail = `board-ada-${stamp}@example.com`;
    const graceEmail = `board-grace-${stamp}@example.com`;

    const ada = await newContext({ viewport: { width: 1440, height: 900 } });
    const grace = await newContext({ viewport: { width: 1440, height: 900 } });
    const a = await ada.newPage();
    const b = await grace.newPage();
    const errors = collectPageErrors(a, b);

    const { workspaceId, boardUrl, projectId } = await step("Ada signs up and creates a project, all through the UI", async () => {
      // Ada: account, workspace and project, all through the UI.
      const workspaceId = await registerWithWorkspace(a, app.server, { name: "Ada Lovelace", email: adaEmail, password, workspace: "Analytical Engines" });
      await a.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
      await a.getByRole("button", { name: "New project" }).first().click();
      const projectDialog = a.getByRole("dialog");
      await projectDialog.getByLabel("Name").fill("Website Redesign");
      await projectDialog.getByRole("button", { name: "Create project" }).click();
      await projectDialog.waitFor({ state: "detached", timeout: T });
      await a.getByRole("link", { name: "Website Redesign" }).click();
      await a.waitForURL(/\/projects\/[0-9a-f-]{36}\/board/, { timeout: T });
      const boardUrl = a.url();
      const projectId = new URL(boardUrl).pathname.split("/")[4]!;
      return { workspaceId, boardUrl, projectId };
    });

    await step("the new project's board is empty", async () => {
      await a.getByText("No tasks yet").waitFor({ timeout: T });
      await a.screenshot({ path: path.join(artifacts, "board-empty.png") });
    });

    await step("“c” opens the New task dialog; a server error shows under its field; the card shows the task", async () => {
      // "c" opens the New task dialog. Out-of-range story points come back from the server, under the field.
      await a.keyboard.press("c");
      const dialog = a.getByRole("dialog", { name: "New task" });
      await dialog.waitFor({ timeout: T });
      await dialog.getByLabel("Title").fill("Design login page");
      await dialog.getByLabel("Description").fill("Email + password, **remember me**.");
      await dialog.getByRole("combobox", { name: "Priority" }).click();
      await a.getByRole("option", { name: "High" }).click();
      await dialog.getByLabel("Assignees").click();
      await a.getByRole("menuitemcheckbox", { name: "Ada Lovelace" }).click();
      await a.keyboard.press("Escape"); // closes the menu, not the dialog
      await dialog.getByLabel("Due date").fill("2024-01-15");
      await dialog.getByLabel("Story points").fill("40");
      await dialog.getByRole("button", { name: "Create task" }).click();
      await dialog.getByText("Story points must be 1–21").waitFor({ timeout: T });
      expect(await dialog.getByLabel("Story points").getAttribute("aria-invalid")).toBe("true");
      await a.screenshot({ path: path.join(artifacts, "board-dialog-error.png") });
      await dialog.getByLabel("Story points").fill("5");
      await dialog.getByRole("button", { name: "Create task" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });

      const design = card(column(a, "To do"), "Design login page");
      await design.waitFor({ timeout: T });
      const designText = await design.textContent();
      expect(designText).toMatch(/^WR-1/);
      expect(designText).toContain("High priority");
      expect(designText).toContain("5 story points");
      expect(designText).toContain("Assigned to Ada Lovelace");
      expect(await design.locator("time").getAttribute("data-due")).toBe("overdue");
    });

    await step("quick add at the foot of a column", async () => {
      // Quick add at the foot of a column: Enter adds and keeps the field open for the next title.
      await a.getByRole("button", { name: "Add task to To do" }).click();
      const todoTitle = a.getByLabel("New task title in To do");
      await todoTitle.fill("Write API docs");
      await todoTitle.press("Enter");
      await card(column(a, "To do"), "Write API docs").waitFor({ timeout: T });
      await todoTitle.fill("Set up CI");
      await todoTitle.press("Enter");
      await card(column(a, "To do"), "Set up CI").waitFor({ timeout: T });
      await todoTitle.press("Escape");
      await a.getByRole("button", { name: "Add task to In progress" }).click();
      await a.getByLabel("New task title in In progress").fill("Fix flaky test");
      await a.getByLabel("New task title in In progress").press("Enter");
      await card(column(a, "In progress"), "Fix flaky test").waitFor({ timeout: T });
      await a.getByLabel("New task title in In progress").press("Escape");
      await expectColumn(a, "To do", ["Design login page", "Write API docs", "Set up CI"]);
    });

    const { adaToken, graceToken } = await step("Grace joins the workspace and opens the same board", async () => {
      // Grace joins the workspace (invited by Ada, through the API) and opens the same board.
      await registerWithWorkspace(b, app.server, { name: "Grace Hopper", email: graceEmail, password, workspace: "Grace's Corner" });
      const adaToken = (await loginApi(apiCall, adaEmail, password)).accessToken;
      const graceToken = (await loginApi(apiCall, graceEmail, password)).accessToken;
      await joinWorkspace(apiCall, adaToken, workspaceId, { email: graceEmail, token: graceToken }, "MEMBER");
      await b.goto(boardUrl);
      await expectColumn(b, "To do", ["Design login page", "Write API docs", "Set up CI"]);
      await expectColumn(b, "In progress", ["Fix flaky test"]);
      return { adaToken, graceToken };
    });

    await step("Ada sees Grace viewing the project", async () => {
      // Ada sees Grace viewing the project.
      await a.locator('[data-testid="room-presence"][title*="Grace Hopper"]').waitFor({ timeout: T });
      await a.screenshot({ path: path.join(artifacts, "board-a.png") });
    });

    const { afterMove } = await step("Ada drags a card by mouse while her board refetches; Grace sees the move live", async () => {
      // Ada drags "Write API docs" above "Fix flaky test". Midway, Grace adds a card to that column:
      // Ada's board refetches under the pointer, and the drag carries on. Grace sees the move live.
      const midway = async () => {
        const refetched = a.waitForResponse((r) => r.url().includes(`/projects/${projectId}/tasks`), { timeout: T });
        await apiCall("POST", `/projects/${projectId}/tasks`, graceToken, { title: "Hotfix login", status: "IN_PROGRESS" });
        await refetched;
      };
      await dragWithMouse(a, card(a, "Write API docs"), card(column(a, "In progress"), "Fix flaky test"), "above", { midway, screenshot: "board-dragging.png" });
      const afterMove = ["Write API docs", "Fix flaky test", "Hotfix login"];
      await expectColumn(a, "In progress", afterMove);
      await expectColumn(a, "To do", ["Design login page", "Set up CI"]);
      await expectColumn(b, "In progress", afterMove);
      await expectColumn(b, "To do", ["Design login page", "Set up CI"]);
      await b.screenshot({ path: path.join(artifacts, "board-b-after-move.png") });
      const saved = (await projectTasks(projectId, adaToken)).filter((t) => t.status === "IN_PROGRESS").map((t) => t.title);
      expect(saved).toEqual(afterMove);
      return { afterMove };
    });

    await step("the move stays after a reload", async () => {
      // It stays there after a reload.
      await a.reload();
      await expectColumn(a, "In progress", afterMove);
    });

    const { inProgress } = await step("Ada moves a card by keyboard", async () => {
      // Keyboard: Space picks the focused card up, → moves it a column right, Space drops it.
      // Each step waits for what a screen reader hears (dnd-kit's live region) before the next key.
      const liveRegion = a.locator('[id^="DndLiveRegion"]');
      await card(a, "Design login page").focus();
      await a.keyboard.press("Space");
      await liveRegion.filter({ hasText: "WR-1, Design login page is over To do, position 1 of 2." }).waitFor({ state: "attached", timeout: T });
      await a.keyboard.press("ArrowRight");
      await liveRegion.filter({ hasText: /WR-1, Design login page is over In progress/ }).waitFor({ state: "attached", timeout: T });
      await a.keyboard.press("Space");
      await expectColumn(a, "To do", ["Set up CI"]);
      expect(await titlesIn(a, "In progress")).toContain("Design login page");
      // Keyboard users keep their place: the moved card (a new element in its new column) has the focus.
      expect(await card(column(a, "In progress"), "Design login page").evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);
      // Where in the column is up to the keyboard sensor; what counts is that the board shows what the server saved.
      const inProgress = (await projectTasks(projectId, adaToken)).filter((t) => t.status === "IN_PROGRESS").map((t) => t.title);
      await expectColumn(a, "In progress", inProgress);
      await liveRegion.filter({ hasText: /WR-1, Design login page was dropped in In progress, position \d of 4/ }).waitFor({ state: "attached", timeout: T });
      await expectColumn(b, "To do", ["Set up CI"]);
      // The overdue mark goes once a card is done; not here: In progress is still open.
      expect(await card(a, "Design login page").locator("time").getAttribute("data-due")).toBe("overdue");
      return { inProgress };
    });

    await step("a conflicting change by Grace: Ada's move is refused, the board refreshed and Grace named", async () => {
      // A conflict: Grace changes "Set up CI" just as Ada's move reaches the server. Ada's move is
      // refused (409), the card lands where the server has it, and a toast names Grace.
      await a.route("**/api/v1/tasks/*/move", async (route) => {
        const id = route.request().url().split("/tasks/")[1]!.split("/")[0]!;
        const current = await apiCall<ApiTask>("GET", `/tasks/${id}`, graceToken);
        await apiCall("PATCH", `/tasks/${id}`, graceToken, { status: "IN_REVIEW", version: current.version });
        await route.continue();
      });
      await dragWithMouse(a, card(a, "Set up CI"), card(column(a, "In progress"), "Fix flaky test"), "below");
      await a.getByText(/Grace Hopper changed WR-3 meanwhile — the board was refreshed/).waitFor({ timeout: T });
      await expectColumn(a, "In review", ["Set up CI"]);
      expect(await titlesIn(a, "In progress")).not.toContain("Set up CI");
      await expectColumn(b, "In review", ["Set up CI"]);
      // Only for the picture: let the toast finish sliding in.
      await a.waitForTimeout(600);
      await a.screenshot({ path: path.join(artifacts, "board-conflict.png") });
      await a.unroute("**/api/v1/tasks/*/move");
    });

    await step("filters narrow the board and live in the URL", async () => {
      // Filters narrow the board, and live in the URL.
      await a.getByLabel("Filter tasks").fill("flaky");
      await expectColumn(a, "In progress", ["Fix flaky test"]);
      await a.getByText("1 of 5 tasks").waitFor({ timeout: T });
      expect(new URL(a.url()).searchParams.get("q")).toBe("flaky");
      await a.getByRole("button", { name: "Clear filters" }).click();
      await expectColumn(a, "In progress", inProgress);
    });

    await step("a click opens the task and Back closes it", async () => {
      // A click (no drag) opens the task: ?task=<id>, and Back closes it again.
      const flaky = (await projectTasks(projectId, adaToken)).find((t) => t.title === "Fix flaky test")!;
      await card(a, "Fix flaky test").click();
      await a.waitForURL((url) => url.searchParams.get("task") === flaky.id, { timeout: T });
      await a.goBack();
      await a.waitForURL((url) => !url.searchParams.has("task"), { timeout: T });
    });

    await step("Grace becomes a viewer: no creating and no dragging", async () => {
      // Grace becomes a viewer: her board (updated live) offers no creating and no dragging.
      const graceId = (await apiCall<{ user: { id: string } }>("GET", "/auth/me", graceToken)).user.id;
      await apiCall("PATCH", `/workspaces/${workspaceId}/members/${graceId}`, adaToken, { role: "VIEWER" });
      await b.getByText("Your role is now Viewer").waitFor({ timeout: T });
      // The toast comes with the event; the board re-renders once the new role is fetched.
      await b.getByRole("button", { name: /^Add task to/ }).first().waitFor({ state: "detached", timeout: T });
      expect(await b.getByRole("button", { name: "New task" }).count()).toBe(0);
      expect(await b.getByRole("button", { name: /^Add task to/ }).count()).toBe(0);
      expect(await card(b, "Set up CI").getAttribute("aria-roledescription")).toBe("task");
      await b.keyboard.press("c");
      await dragWithMouse(b, card(b, "Set up CI"), card(column(b, "In progress"), "Fix flaky test"), "above");
      await expectColumn(b, "In review", ["Set up CI"]);
      expect(await b.getByRole("dialog", { name: "New task" }).count()).toBe(0);
      await b.screenshot({ path: path.join(artifacts, "board-viewer.png") });
    });

    await step("phone width", async () => {
      // Phone width: the toolbar wraps and the columns scroll sideways.
      await a.setViewportSize({ width: 390, height: 844 });
      await column(a, "To do").waitFor({ timeout: T });
      await a.screenshot({ path: path.join(artifacts, "board-phone.png") });
    });

    expect(errors).toEqual([]);
  }, 180_000);
});
