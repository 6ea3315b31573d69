import path from "node:path";
import type { Page } from "playwright-core";
import { snapshotSprintsJob } from "../../src/modules/stats";
import { artifacts } from "../helpers/browser";
import { apiFor, joinWorkspace, loginApi, openPage, registerApi, registerApiWithWorkspace, registerWithWorkspace, signInInUi, useBrowserApp } from "../helpers/browser-app";
import { step } from "../helpers/step";

const T = 30_000;

const app = useBrowserApp();
/** The API from the test process, on a session of its own (login), so the browser's refresh cookie is never spent twice. */
const apiCall = apiFor(app);

interface ApiTask {
  id: string;
  key: string;
  version: number;
  sprintId: string | null;
  status: string;
}

/**
 * The whole page: the viewport grows to the document's height first, because a
 * fullPage capture paints the app shell's sticky sidebar and header mid-page.
 */
async function shot(page: Page, name: string) {
  const size = page.viewportSize()!;
  const height = await page.evaluate<number>("document.documentElement.scrollHeight");
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: path.join(artifacts, name) });
  await page.setViewportSize(size);
}

describe("web app: sprints and dashboard charts", () => {
  it("plans a sprint from the backlog, starts it, follows its burndown, completes it with carry-over; the dashboard charts the totals", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    const email = `sprints-${Date.now()}@example.com`;
    const password = "Sprints-pass-42";
    const backlog = page.getByRole("region", { name: "Backlog" });
    const dialog = page.getByRole("dialog");
    const sprint1 = page.getByRole("region", { name: "Sprint 1" });
    const sprint2 = page.getByRole("region", { name: "Sprint 2" });
    const workspaceId = await step("signs up with a workspace", () => registerWithWorkspace(page, app.server, { name: "Ada Lovelace", email, password, workspace: "Sprint Studio" }));

    await step("a brand-new workspace's dashboard invites to create a project", async () => {
      // A brand-new workspace: the dashboard invites to create a project instead of drawing empty charts.
      await page.getByText("Create a project to see your team's progress").waitFor({ timeout: T });
      await page.getByRole("heading", { name: "Get started" }).waitFor();
      await shot(page, "dashboard-empty.png");
    });

    const { token, project, design, nav, copy } = await step("a project with three backlog tasks, through the API", async () => {
      // A project with three backlog tasks, one of them overdue, set up through the API.
      const { accessToken: token, user } = await loginApi(apiCall, email, password);
      const project = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, token, { name: "Website", key: "WEB" });
      const make = (body: Record<string, unknown>) => apiCall<ApiTask>("POST", `/projects/${project.id}/tasks`, token, body);
      const design = await make({ title: "Design the homepage", storyPoints: 5, assigneeIds: [user.id] });
      const nav = await make({ title: "Build the navigation", storyPoints: 3, assigneeIds: [user.id] });
      const copy = await make({ title: "Write the launch copy", storyPoints: 2, dueDate: "2024-01-15T00:00:00Z" });
      expect([design.key, nav.key, copy.key]).toEqual(["WEB-1", "WEB-2", "WEB-3"]);
      return { token, project, design, nav, copy };
    });

    await step("the planner shows the backlog", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/sprints`);
      await page.getByText("No sprints yet").waitFor({ timeout: T });
      await backlog.getByText("3 unfinished tasks · 10 points").waitFor({ timeout: T });
    });

    await step("plans a sprint: a reversed date range is refused, then fixed", async () => {
      // Plan a sprint: a reversed date range is refused next to the end date, then fixed.
      await page.getByRole("button", { name: "New sprint" }).first().click();
      expect(await dialog.getByLabel("Name").inputValue()).toBe("Sprint 1");
      const start = await dialog.getByLabel("Start date").inputValue();
      expect(start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await dialog.getByLabel("Goal").fill("Launch the homepage");
      await dialog.getByLabel("End date").fill("2020-01-01");
      await dialog.getByRole("button", { name: "Create sprint" }).click();
      await dialog.getByText("The end date can't be before the start date").waitFor();
      expect(await dialog.getByLabel("End date").getAttribute("aria-invalid")).toBe("true");
      await shot(page, "sprints-dialog-validation.png");
      const end = new Date(Date.parse(`${start}T00:00:00Z`) + 13 * 86_400_000).toISOString().slice(0, 10);
      await dialog.getByLabel("End date").fill(end);
      await dialog.getByRole("button", { name: "Create sprint" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
    });

    await step("moves two tasks into the sprint", async () => {
      // Move two tasks into it, one per row control.
      await sprint1.getByText("Launch the homepage").waitFor({ timeout: T });
      await page.getByLabel("Sprint for WEB-1").selectOption({ label: "Sprint 1" });
      await sprint1.getByLabel("Sprint for WEB-1").waitFor({ timeout: T });
      await page.getByLabel("Sprint for WEB-2").selectOption({ label: "Sprint 1" });
      await sprint1.getByLabel("Sprint for WEB-2").waitFor({ timeout: T });
      await sprint1.getByText("2 tasks · 8 points").waitFor({ timeout: T });
      await backlog.getByText("1 unfinished task · 2 points").waitFor({ timeout: T });
      expect(await backlog.getByTestId("planning-task").count()).toBe(1);
    });

    await step("starts it; the burndown burns down live", async () => {
      // Start it; the burndown appears. Finishing WEB-1 elsewhere (API) burns 5 points down live.
      await sprint1.getByRole("button", { name: "Start sprint" }).click();
      await sprint1.getByText("Active", { exact: true }).waitFor({ timeout: T });
      await page.getByRole("heading", { name: "Burndown · Sprint 1" }).waitFor({ timeout: T });
      await page.getByTestId("burndown-remaining").getByText("of 8 points left").waitFor({ timeout: T });
      await apiCall("POST", `/tasks/${design.id}/move`, token, { status: "DONE", version: (await apiCall<ApiTask>("GET", `/tasks/${design.id}`, token)).version });
      await page.getByRole("img", { name: /Burndown of Sprint 1: 3 of 8 points remaining/ }).waitFor({ timeout: T });
      await sprint1.getByText("1/2 done").waitFor({ timeout: T });
    });

    await step("a second sprint cannot start while the first is active", async () => {
      // A second sprint cannot start while the first is active: the server's reason is shown.
      await page.getByRole("button", { name: "New sprint" }).first().click();
      expect(await dialog.getByLabel("Name").inputValue()).toBe("Sprint 2");
      await dialog.getByRole("button", { name: "Create sprint" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
      await sprint2.getByRole("button", { name: "Start sprint" }).click();
      await page.getByText("“Sprint 1” is still active; complete it first.").waitFor({ timeout: T });
      expect(await sprint2.getByText("Planned", { exact: true }).count()).toBe(1);
      await shot(page, "sprints-active.png");
    });

    await step("completes the first sprint, the dialog saying what carries over", async () => {
      // Complete: the dialog says what carries over and where (the backlog unless a planned sprint is picked).
      await sprint1.getByRole("button", { name: "Complete sprint" }).click();
      const confirm = page.getByRole("dialog", { name: "Complete Sprint 1?" });
      await confirm.getByText("1 task done (5 points)").waitFor();
      expect(await confirm.getByTestId("carry-over-summary").textContent()).toBe("1 unfinished task will carry over to the backlog.");
      await confirm.getByLabel("Move unfinished tasks to").selectOption({ label: "Sprint 2" });
      expect(await confirm.getByTestId("carry-over-summary").textContent()).toBe("1 unfinished task will carry over to Sprint 2.");
      await confirm.getByLabel("Move unfinished tasks to").selectOption({ label: "Backlog" });
      await shot(page, "sprints-complete-dialog.png");
      await confirm.getByRole("button", { name: "Complete sprint" }).click();
      await confirm.waitFor({ state: "detached", timeout: T });
    });

    await step("the completed sprint: carry-over in the backlog, velocity drawn", async () => {
      await page.getByText("Completed sprints (1)").waitFor({ timeout: T });
      await sprint1.waitFor({ state: "detached", timeout: T });
      await backlog.getByLabel("Sprint for WEB-2").waitFor({ timeout: T });
      await backlog.getByText("2 unfinished tasks · 5 points").waitFor({ timeout: T });
      await page.getByRole("img", { name: "Velocity of the last 1 sprints: Sprint 1 5 points. Average 5." }).waitFor({ timeout: T });
      await page.getByText("Start a sprint to follow its burndown here.").waitFor();
      expect((await apiCall<ApiTask>("GET", `/tasks/${nav.id}`, token)).sprintId).toBeNull();
      expect((await apiCall<ApiTask>("GET", `/tasks/${design.id}`, token)).sprintId).not.toBeNull();
      await page.getByText("Completed sprints (1)").click();
      await shot(page, "sprints-completed.png");
    });

    await step("a task's title opens it in the drawer; Escape closes it", async () => {
      // A task's title opens it in the drawer (?task=<id>); Escape closes it again.
      await backlog.getByRole("link", { name: "Write the launch copy" }).click();
      await page.waitForURL(new RegExp(`[?&]task=${copy.id}`), { timeout: T });
      await page.getByRole("dialog").waitFor({ timeout: T });
      await page.keyboard.press("Escape");
      await page.waitForURL((url) => !url.searchParams.has("task"), { timeout: T });
    });

    await step("edits and deletes Sprint 2 through its menu", async () => {
      // Edit and delete through the sprint's menu: Sprint 2 gets a goal, then goes; the planner is empty again.
      await sprint2.getByRole("button", { name: "More actions for Sprint 2" }).click();
      await page.getByRole("menuitem", { name: "Edit sprint" }).click();
      await dialog.getByLabel("Goal").fill("Polish and accessibility");
      await dialog.getByRole("button", { name: "Save changes" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
      await sprint2.getByText("Polish and accessibility").waitFor({ timeout: T });
      await sprint2.getByRole("button", { name: "More actions for Sprint 2" }).click();
      await page.getByRole("menuitem", { name: "Delete sprint" }).click();
      await page.getByRole("dialog", { name: "Delete Sprint 2?" }).getByRole("button", { name: "Delete sprint" }).click();
      await page.getByText("No sprint planned").waitFor({ timeout: T });
      await backlog.getByText("2 unfinished tasks · 5 points · Create a sprint to plan these tasks.").waitFor({ timeout: T });
    });

    await step("the dashboard charts the totals", async () => {
      // The dashboard: two open tasks (one overdue), one done this week, the sprint's 5 points as velocity.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
      const stat = (id: string) => page.getByTestId(`stat-${id}`).locator("dd").first();
      await page.getByTestId("stat-open").waitFor({ timeout: T });
      expect(await stat("open").textContent()).toBe("2");
      expect(await stat("overdue").textContent()).toBe("1");
      expect(await stat("done-this-week").textContent()).toBe("1");
      expect(await stat("projects").textContent()).toBe("1");
      await page.getByRole("img", { name: "Tasks by status: To do 2, In progress 0, In review 0, Blocked 0, Done 1. 3 in total." }).waitFor({ timeout: T });
      await page.getByRole("img", { name: /^Tasks completed per week over the last 8 weeks: .* 1\.$/ }).waitFor();
      await page.getByRole("img", { name: "Story points done per sprint: WEB · Sprint 1 5." }).waitFor();
      expect(await page.getByTestId("open-by-project").innerText()).toMatch(/^Website WEB\s+2\s*1 overdue$/);
      await page.getByTestId("open-by-project").getByRole("link", { name: "Website WEB" }).waitFor();
      await page.getByRole("heading", { name: "Get started" }).waitFor();
      await page.locator(".recharts-bar-rectangle").first().waitFor({ timeout: T });
      await shot(page, "dashboard-charts.png");
    });

    await step("phone width: the charts stack and nothing overflows", async () => {
      // On a phone-sized screen the charts stack and nothing overflows sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(300); // ResponsiveContainer re-measures on resize
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      await shot(page, "dashboard-phone.png");
    });

    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("shows a viewer the sprints and the backlog read-only: no planning controls", async () => {
    const stamp = Date.now();
    const password = "Viewer-pass-42";
    const { accessToken: owner, workspaceId } = await registerApiWithWorkspace(apiCall, { name: "Olive Owner", email: `sprint-owner-${stamp}@example.com`, password, workspace: "Read Only Co" });
    const viewerEmail = `sprint-viewer-${stamp}@example.com`;
    const { accessToken: viewer } = await registerApi(apiCall, { name: "Vic Viewer", email: viewerEmail, password });
    await joinWorkspace(apiCall, owner, workspaceId, { email: viewerEmail, token: viewer }, "VIEWER");
    const project = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, owner, { name: "Shop", key: "SHP" });
    const sprint = await apiCall<{ id: string }>("POST", `/projects/${project.id}/sprints`, owner, { name: "Checkout sprint" });
    await apiCall("POST", `/projects/${project.id}/tasks`, owner, { title: "Card payments", storyPoints: 8, sprintId: sprint.id });
    await apiCall("POST", `/projects/${project.id}/tasks`, owner, { title: "Gift cards", storyPoints: 3 });

    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    await signInInUi(page, app.server, viewerEmail, password);
    await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/sprints`);

    const panel = page.getByRole("region", { name: "Checkout sprint" });
    await panel.getByText("Card payments").waitFor({ timeout: T });
    await page.getByRole("region", { name: "Backlog" }).getByText("Gift cards").waitFor({ timeout: T });
    await page.getByText("Start a sprint to follow its burndown here.").waitFor({ timeout: T });
    expect(await page.getByRole("button", { name: "New sprint" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Start sprint|Complete sprint|More actions/ }).count()).toBe(0);
    expect(await page.getByRole("combobox").count()).toBe(0);
    await page.getByText("1 unfinished task · 3 points · Not planned into a sprint yet.").waitFor();
    await shot(page, "sprints-viewer.png");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("draws the scope line when work came into the sprint mid-way (past days from the analytics job's snapshots)", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    const email = `scope-${Date.now()}@example.com`;
    const password = "Scope-pass-4242";
    const workspaceId = await registerWithWorkspace(page, app.server, { name: "Ada Lovelace", email, password, workspace: "Scope Studio" });
    const { accessToken: token } = await loginApi(apiCall, email, password);
    const project = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, token, { name: "Website", key: "WEB" });
    const DAY = 86_400_000;
    const midnight = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`).getTime();
    const noon = (offset: number) => new Date(midnight + offset * DAY + 12 * 3600_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const sprint = await apiCall<{ id: string }>("POST", `/projects/${project.id}/sprints`, token, { name: "Launch", startDate: iso(noon(-3)), endDate: iso(noon(6)) });
    const make = (title: string, storyPoints: number) => apiCall<ApiTask>("POST", `/projects/${project.id}/tasks`, token, { title, storyPoints, sprintId: sprint.id });
    const hero = await make("Hero section", 5);
    await make("Pricing table", 3);
    await apiCall("POST", `/sprints/${sprint.id}/start`, token);
    // The hourly job as it ran on the days before today (the server's context with that day's clock).
    const snapshot = (offset: number) => snapshotSprintsJob({ ...app.server.ctx, now: () => noon(offset) }).perform({}, { attempt: 1, jobId: "browser-test" });
    await snapshot(-3);
    await snapshot(-2);
    await make("Newsletter signup", 5); // came in on day 3
    await snapshot(-1);
    await apiCall("PATCH", `/tasks/${hero.id}`, token, { status: "DONE", version: hero.version });

    await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/sprints`);
    await page.getByTestId("burndown-remaining").getByText("of 13 points left").waitFor({ timeout: T });
    await page.getByText("the scope line shows work that came in or left mid-sprint").waitFor({ timeout: T });
    await page.locator(".recharts-legend-item-text", { hasText: "Scope" }).waitFor({ timeout: T });
    expect(await page.getByTestId("burndown-remaining").textContent()).toMatch(/^8\s*of 13 points left/);
    await shot(page, "sprints-scope-change.png");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
