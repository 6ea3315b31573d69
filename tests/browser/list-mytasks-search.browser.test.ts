import path from "node:path";
import type { Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { apiFor, loginApi, openPage, registerWithWorkspace, useBrowserApp } from "../helpers/browser-app";
import { step } from "../helpers/step";

const T = 30_000;

const app = useBrowserApp();
const apiCall = apiFor(app);

interface Task {
  id: string;
  key: string | null;
  title: string;
  status: string;
  version: number;
}

/** Single-key shortcuts are ignored while a text field has focus: move it to the page's main area. */
async function blur(page: Page) {
  await page.locator("#main").focus();
}

/** Waits until the list shows exactly `count` rows. */
async function waitForRows(page: Page, count: number) {
  await page.getByTestId("task-row").nth(count).waitFor({ state: "detached", timeout: T });
  await page.getByTestId("task-row").nth(count - 1).waitFor({ timeout: T });
}

/** Rows of the list view, by title. */
async function listTitles(page: Page): Promise<string[]> {
  return (await page.getByTestId("task-row").locator("td a").allTextContents()).sort();
}

describe("web app: list view, my tasks and search", () => {
  it("filters, sorts and bulk-closes in the list, completes a quick-added task, and finds a task with /", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 860 });
    const email = `list-${Date.now()}@example.com`;
    const password = "Browser-pass-42";
    const coffee = page.getByTestId("my-task").filter({ hasText: "Buy coffee beans" });
    const dialog = page.getByRole("dialog", { name: "Search List Studio" });

    const workspaceId = await step("signs up with a workspace", () => registerWithWorkspace(page, app.server, { name: "Ada Lovelace", email, password, workspace: "List Studio" }));

    const { token, project, fixLogin, loginPage, payments } = await step("makes the project's tasks through the API", async () => {
      // Data through the API, as the same user (a second session of the account).
      const { accessToken: token, user } = await loginApi(apiCall, email, password);
      const project = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, token, { name: "Website", key: "WEB" });
      const label = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/labels`, token, { name: "frontend", color: "#6366f1" });
      const newTask = (body: Record<string, unknown>) => apiCall<Task>("POST", `/projects/${project.id}/tasks`, token, body);
      const fixLogin = await newTask({ title: "Fix login bug", priority: "CRITICAL", assigneeIds: [user.id], labelIds: [label.id], storyPoints: 3, dueDate: "2026-01-10T17:00:00Z" });
      const loginPage = await newTask({ title: "Login page design", priority: "LOW", description: "Mockups for the sign-in screen" });
      await newTask({ title: "Write docs", status: "IN_PROGRESS", priority: "MEDIUM" });
      await newTask({ title: "Deploy pipeline", status: "BLOCKED", priority: "HIGH", assigneeIds: [user.id] });
      const payments = await newTask({ title: "Payment gateway retries", description: "Handle flaky quasar webhook callbacks from the provider." });
      return { token, project, fixLogin, loginPage, payments };
    });

    await step("the list shows every task, then status and text filters kept in the URL", async () => {
      // --- List view: everything, then status + text filters kept in the URL.
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/list`);
      await page.getByTestId("task-row").first().waitFor({ timeout: T });
      expect(await listTitles(page)).toEqual(["Deploy pipeline", "Fix login bug", "Login page design", "Payment gateway retries", "Write docs"]);
      await page.screenshot({ path: path.join(artifacts, "list-all.png"), fullPage: true });

      await page.getByRole("button", { name: "Status", exact: true }).click();
      await page.getByRole("menuitemcheckbox", { name: "To do" }).click();
      await page.keyboard.press("Escape");
      await page.waitForURL(/[?&]status=TODO(&|$)/, { timeout: T });
      await page.getByRole("button", { name: "Status: To do" }).waitFor();
      await page.getByRole("searchbox", { name: "Search tasks" }).fill("login");
      await page.waitForURL(/[?&]q=login(&|$)/, { timeout: T });
      await waitForRows(page, 2);
      expect(await listTitles(page)).toEqual(["Fix login bug", "Login page design"]);
      await page.screenshot({ path: path.join(artifacts, "list-filtered.png"), fullPage: true });
    });

    await step("a reload restores the same view from the URL", async () => {
      // A reload restores the same view from the URL.
      await page.reload();
      await page.getByTestId("task-row").first().waitFor({ timeout: T });
      expect(new URL(page.url()).searchParams.get("status")).toBe("TODO");
      expect(await page.getByRole("searchbox", { name: "Search tasks" }).inputValue()).toBe("login");
      await page.getByRole("button", { name: "Status: To do" }).waitFor();
      expect(await listTitles(page)).toEqual(["Fix login bug", "Login page design"]);
    });

    await step("a row opens the task drawer over the view; Back closes it", async () => {
      // A row opens the task drawer over the same view (the filters stay in the URL); back closes it.
      await page.getByTestId("task-row").filter({ hasText: "Login page design" }).getByText("WEB-2").click();
      await page.waitForURL((url) => url.searchParams.get("task") === loginPage.id && url.searchParams.get("q") === "login", { timeout: T });
      await page.goBack();
      await page.waitForURL((url) => !url.searchParams.has("task") && url.searchParams.get("status") === "TODO", { timeout: T });
    });

    await step("bulk-closes both tasks of the view", async () => {
      // Bulk close both: they leave the "To do" view, and the server has them DONE.
      await page.getByRole("checkbox", { name: "Select all tasks on this page" }).click();
      const bar = page.getByRole("toolbar", { name: "Bulk actions" });
      await bar.getByText("2 selected").waitFor();
      await page.screenshot({ path: path.join(artifacts, "list-bulk-selected.png"), fullPage: true });
      await bar.getByRole("button", { name: "Close" }).click();
      await page.getByText("Closed 2 tasks").waitFor({ timeout: T });
      await page.getByText("No tasks match these filters").waitFor({ timeout: T });
      expect(await bar.count()).toBe(0);
      for (const t of [fixLogin, loginPage]) expect((await apiCall<Task>("GET", `/tasks/${t.id}`, token)).status).toBe("DONE");
      await page.screenshot({ path: path.join(artifacts, "list-empty.png"), fullPage: true });
    });

    await step("Clear filters brings every task back; sorting by priority", async () => {
      // Clear filters brings every task back; sorting by priority puts the most urgent first.
      await page.getByRole("button", { name: "Clear filters" }).first().click();
      await waitForRows(page, 5);
      expect(new URL(page.url()).search).toBe("");
      expect(await page.getByRole("searchbox", { name: "Search tasks" }).inputValue()).toBe("");
      await page.getByRole("columnheader", { name: "Priority" }).getByRole("button").click();
      await page.waitForURL(/[?&]sort=-priority(&|$)/, { timeout: T });
      await page.getByTestId("task-row").first().getByRole("link", { name: "Fix login bug" }).waitFor({ timeout: T });
      expect(await page.getByRole("columnheader", { name: "Priority" }).getAttribute("aria-sort")).toBe("descending");
    });

    await step("My tasks: “c” quick-adds a personal task due today", async () => {
      // --- My tasks: `c` focuses the quick-add; Enter adds a personal task due today.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My tasks" }).click();
      await page.getByRole("heading", { name: "My tasks", exact: true }).waitFor({ timeout: T });
      // Assigned project tasks that are still open show with their project key.
      await page.getByTestId("my-task").filter({ hasText: "Deploy pipeline" }).getByText(/^WEB-\d+$/).waitFor({ timeout: T });
      await blur(page);
      await page.keyboard.press("c");
      expect(await page.locator("input:focus").getAttribute("aria-label")).toBe("New task");
      await page.keyboard.type("Buy coffee beans");
      const today = await page.evaluate(() => {
        const d = new Date();
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
      });
      await page.getByLabel("Due date", { exact: true }).fill(today);
      await page.getByLabel("New task").press("Enter");
      await coffee.waitFor({ timeout: T });
      expect(await page.getByLabel("New task").inputValue()).toBe("");
      expect(await page.getByRole("region", { name: /^Today/ }).textContent()).toContain("Buy coffee beans");
      await page.screenshot({ path: path.join(artifacts, "my-tasks-pending.png"), fullPage: true });
    });

    await step("completing it moves it under Completed", async () => {
      // Complete it: it leaves Pending and shows under Completed (kept in the URL).
      await coffee.getByRole("checkbox", { name: "Mark “Buy coffee beans” as done" }).click();
      await page.getByText("Completed “Buy coffee beans”").waitFor({ timeout: T });
      await coffee.waitFor({ state: "detached", timeout: T });
      await page.getByRole("button", { name: "Completed", exact: true }).click();
      await page.waitForURL(/[?&]show=completed(&|$)/, { timeout: T });
      await coffee.waitFor({ timeout: T });
      expect(await coffee.getByRole("checkbox").getAttribute("aria-checked")).toBe("true");
      await page.screenshot({ path: path.join(artifacts, "my-tasks-completed.png"), fullPage: true });
      const mine = await apiCall<Task[]>("GET", `/tasks?workspaceId=${workspaceId}&q=coffee`, token);
      expect(mine.map((t) => [t.title, t.status, t.key])).toEqual([["Buy coffee beans", "DONE", null]]);
    });

    await step("search: “/” opens it, and says when nothing is found", async () => {
      // --- Search: `/` opens it; nothing found is said so; a word of a description finds the task; Enter opens it.
      await blur(page);
      await page.keyboard.press("/");
      await dialog.waitFor({ timeout: T });
      await page.keyboard.type("zebracorn");
      await dialog.getByText("No results for “zebracorn”").waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "search-empty.png") });
    });

    await step("arrow keys move through the results", async () => {
      // Arrow keys move through the results.
      await dialog.getByRole("combobox").fill("login");
      const loginHits = dialog.getByRole("group", { name: "Tasks" }).getByRole("option");
      await loginHits.nth(1).waitFor({ timeout: T });
      expect(await loginHits.nth(0).getAttribute("aria-selected")).toBe("true");
      await page.keyboard.press("ArrowDown");
      expect(await loginHits.nth(1).getAttribute("aria-selected")).toBe("true");
      expect(await loginHits.nth(0).getAttribute("aria-selected")).toBe("false");
      await page.keyboard.press("ArrowUp");
      expect(await loginHits.nth(0).getAttribute("aria-selected")).toBe("true");
    });

    await step("a word of a description finds the task; Enter opens it", async () => {
      await dialog.getByRole("combobox").fill("quasar");
      const option = dialog.getByRole("option", { name: /Payment gateway retries/ });
      await option.waitFor({ timeout: T });
      expect(await option.getAttribute("aria-selected")).toBe("true");
      expect(await option.locator("mark").first().textContent()).toBe("quasar");
      await page.screenshot({ path: path.join(artifacts, "search-results.png") });
      await page.keyboard.press("Enter");
      await dialog.waitFor({ state: "detached", timeout: T });
      await page.waitForURL((url) => url.pathname === `/w/${workspaceId}/projects/${project.id}/board` && url.searchParams.get("task") === payments.id, { timeout: T });
    });

    await step("phone width", async () => {
      // Phone width: the filters wrap and the table scrolls sideways inside its card.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/list`);
      await page.getByTestId("task-row").first().waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "list-phone.png"), fullPage: true });
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/my-tasks?show=all`);
      await page.getByTestId("my-task").first().waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "my-tasks-phone.png"), fullPage: true });
    });

    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
