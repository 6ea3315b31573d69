import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";
import { apiFor, joinWorkspace, loginApi, registerApi, registerWithWorkspace, signInInUi, useBrowserApp } from "../helpers/browser-app";

const T = 30_000;
const PASSWORD = "Drawer-pass-42";

const app = useBrowserApp();
const api = apiFor(app);

interface TaskJson {
  id: string;
  key: string | null;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  storyPoints: number | null;
  dueDate: string | null;
  sprintId: string | null;
  version: number;
  assignees: { id: string; name: string }[];
  labels: { id: string; name: string }[];
}

/** A second account, registered and joined to the workspace through the API. */
async function addMember(ownerToken: string, workspaceId: string, name: string, email: string, role: "MEMBER" | "VIEWER") {
  const user = await registerApi(api, { name, email, password: PASSWORD });
  await joinWorkspace(api, ownerToken, workspaceId, { email, token: user.accessToken }, role);
  return { id: user.user.id, token: user.accessToken };
}

/** Collects page errors and any JavaScript dialog (an XSS payload that ran would open one). */
function watchForTrouble(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return problems;
}

/** A watched page where Ada signs up (`<tag>-<stamp>@example.com`) with a first workspace, and an API session of hers. */
async function startAsOwner(tag: string, viewport: { width: number; height: number }, workspace: string) {
  const stamp = Date.now();
  const email = `${tag}-${stamp}@example.com`;
  const page = await app.browser.newPage({ viewport });
  const problems = watchForTrouble(page);
  const workspaceId = await registerWithWorkspace(page, app.server, { name: "Ada Lovelace", email, password: PASSWORD, workspace });
  const owner = await loginApi(api, email, PASSWORD);
  return { stamp, page, problems, workspaceId, owner };
}

/** "changed status from To do → In progress" (screen readers also get a hidden "to"). */
const change = (field: string, from: string, to: string) => new RegExp(`changed ${field} from ${from} → (?:to )?${to}`);

async function pickOption(page: Page, drawer: Locator, combobox: string, option: string) {
  await drawer.getByRole("combobox", { name: combobox, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
  await page.getByRole("listbox").waitFor({ state: "detached" });
}

describe("web app: task drawer", () => {
  it("edits every field, comments with markdown and mentions safely, and everything persists", async () => {
    const { stamp, page, problems, workspaceId, owner } = await step("Ada signs up with a workspace", () => startAsOwner("drawer", { width: 1360, height: 900 }, "Drawer Studio"));
    const { grace, sprint, task, taskUrl } = await step("Grace joins; a project, a sprint and a task through the API", async () => {
      const grace = await addMember(owner.accessToken, workspaceId, "Grace Hopper", `drawer-grace-${stamp}@example.com`, "MEMBER");
      const project = await api<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, owner.accessToken, { name: "Website", key: "WEB" });
      const sprint = await api<{ id: string }>("POST", `/projects/${project.id}/sprints`, owner.accessToken, { name: "Sprint 1" });
      const task = await api<TaskJson>("POST", `/projects/${project.id}/tasks`, owner.accessToken, { title: "Draft homepage copy" });
      const taskUrl = `${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/board?task=${task.id}`;
      return { grace, sprint, task, taskUrl };
    });
    const drawer = page.getByTestId("task-drawer");
    const reloaded = page.getByTestId("task-drawer");
    const dueYear = new Date().getFullYear() + 1;
    const dueDay = `${dueYear}-05-01`;

    await step("opens the task's drawer from its URL", async () => {
      await page.goto(taskUrl);
      await page.getByRole("dialog", { name: "WEB-1: Draft homepage copy" }).waitFor({ timeout: T });
      await drawer.getByRole("button", { name: "Unwatch" }).waitFor({ timeout: T }); // the creator watches
      await page.screenshot({ path: path.join(artifacts, "task-drawer-new.png") });
    });

    await step("edits the title: Escape cancels, Enter saves", async () => {
      // Title: Escape cancels (and keeps the drawer open), Enter saves.
      await drawer.getByTestId("task-title").click();
      const titleField = drawer.getByRole("textbox", { name: "Title", exact: true });
      await titleField.fill("Something else");
      await titleField.press("Escape");
      expect(await drawer.isVisible()).toBe(true);
      await drawer.getByTestId("task-title").getByText("Draft homepage copy").waitFor();
      await drawer.getByTestId("task-title").click();
      await titleField.fill("Write homepage copy");
      await page.screenshot({ path: path.join(artifacts, "task-drawer-title-editing.png"), clip: { x: 560, y: 0, width: 800, height: 220 } });
      await titleField.press("Enter");
      await page.getByRole("dialog", { name: "WEB-1: Write homepage copy" }).waitFor({ timeout: T });
    });

    await step("sets status, priority and sprint", async () => {
      // Status, priority and sprint (Radix selects).
      await pickOption(page, drawer, "Status", "In progress");
      await pickOption(page, drawer, "Priority", "High");
      await pickOption(page, drawer, "Sprint", "Sprint 1");
    });

    await step("assigns Grace from the picker", async () => {
      // Assignee: search the members, Enter toggles the highlighted one, Escape closes only the picker.
      await drawer.getByRole("button", { name: /^Assignees:/ }).click();
      await page.getByRole("combobox", { name: "Search assignees" }).fill("grace");
      await page.screenshot({ path: path.join(artifacts, "task-drawer-assignee-picker.png") });
      await page.getByRole("combobox", { name: "Search assignees" }).press("Enter");
      await page.getByRole("option", { name: "Grace Hopper", selected: true }).waitFor({ timeout: T });
      await page.keyboard.press("Escape");
      await drawer.getByRole("button", { name: "Assignees: Grace Hopper" }).waitFor({ timeout: T });
    });

    await step("creates a label inline and puts it on the task", async () => {
      // Label: created inline from the picker and put on the task.
      await drawer.getByRole("button", { name: /^Labels:/ }).click();
      await page.getByRole("combobox", { name: "Search labels" }).fill("Frontend");
      await page.getByRole("option", { name: "Create label “Frontend”" }).click();
      await page.getByRole("option", { name: "Frontend", selected: true }).waitFor({ timeout: T });
      await page.keyboard.press("Escape");
      await drawer.getByRole("button", { name: "Labels: Frontend" }).waitFor({ timeout: T });
    });

    await step("sets the due date and story points", async () => {
      // Due date and story points.
      await drawer.getByLabel("Due date", { exact: true }).fill(dueDay);
      await drawer.getByLabel("Story points").fill("5");
      await drawer.getByLabel("Story points").press("Enter");
    });

    await step("writes a markdown description; a javascript: link does not survive", async () => {
      // Description: markdown with Write/Preview; a javascript: link must not survive rendering.
      await drawer.getByRole("button", { name: "Add a description…" }).click();
      await drawer.getByRole("textbox", { name: "Description", exact: true }).fill("## Goals\n- **Clear** value proposition\n- [Evil link](javascript:alert(1))");
      await drawer.getByRole("tablist", { name: "Description mode" }).getByRole("tab", { name: "Preview" }).click();
      await drawer.getByRole("heading", { name: "Goals" }).waitFor();
      await page.screenshot({ path: path.join(artifacts, "task-drawer-description-preview.png") });
      await drawer.getByRole("button", { name: "Save description" }).click();
      await drawer.getByRole("heading", { name: "Goals" }).waitFor();
      expect(await drawer.locator('a[href^="javascript"]').count()).toBe(0);
    });

    await step("adds a subtask and ticks it", async () => {
      // Subtask: add it, tick it (Done).
      await drawer.getByLabel("New subtask title").fill("Collect testimonials");
      await drawer.getByLabel("New subtask title").press("Enter");
      const subtaskBox = drawer.getByRole("checkbox", { name: "Complete Collect testimonials" });
      await subtaskBox.waitFor({ timeout: T });
      await subtaskBox.click();
      await drawer.getByRole("checkbox", { name: "Reopen Collect testimonials" }).waitFor({ timeout: T });
      await drawer.getByTestId("subtask-progress").getByText("1/1 done").waitFor({ timeout: T });
    });

    await step("comments with markdown, a mention and an XSS attempt", async () => {
      // Comment: markdown, an @mention picked from the list, and an XSS attempt.
      const composer = drawer.getByRole("textbox", { name: "New comment", exact: true });
      await composer.fill("Looks **great** — ");
      await composer.pressSequentially("@Gra");
      await page.getByRole("option", { name: "Grace Hopper" }).waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "task-drawer-mention-picker.png") });
      await composer.press("Enter");
      expect(await composer.inputValue()).toBe(`Looks **great** — <@${grace.id}> `);
      await composer.pressSequentially("please review <img src=x onerror=alert(1)>");
      await drawer.getByTestId("comment-composer").getByRole("tab", { name: "Preview" }).click();
      await drawer.getByTestId("comment-composer").getByText("@Grace Hopper").waitFor();
      await drawer.getByRole("button", { name: "Comment", exact: true }).click();
      const comment = drawer.getByTestId("comment").filter({ hasText: "please review" });
      await comment.waitFor({ timeout: T });
      expect(await comment.locator(".mention").textContent()).toBe("@Grace Hopper");
      expect(await comment.locator("strong").textContent()).toBe("great");
      // The HTML is shown as text, never as an element; nothing anywhere carries an onerror handler.
      await comment.getByText("<img src=x onerror=alert(1)>").waitFor();
      expect(await page.locator("[onerror]").count()).toBe(0);
      expect(await comment.locator("img").count()).toBe(0);
    });

    await step("the creator stops watching", async () => {
      // Watching: the creator stops watching.
      await drawer.getByRole("button", { name: "Unwatch" }).click();
      await drawer.getByRole("button", { name: "Watch", exact: true }).waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "task-drawer-edited.png") });
    });

    await step("the server has it all", async () => {
      // The server has it all.
      await eventually(async () => (await api<TaskJson>("GET", `/tasks/${task.id}`, owner.accessToken)).storyPoints === 5, { what: "the story points to be saved", timeoutMs: T, intervalMs: 200 });
      const saved = await api<TaskJson>("GET", `/tasks/${task.id}`, owner.accessToken);
      expect(saved).toMatchObject({ title: "Write homepage copy", status: "IN_PROGRESS", priority: "HIGH", sprintId: sprint.id, storyPoints: 5 });
      expect(saved.assignees.map((a) => a.name)).toEqual(["Grace Hopper"]);
      expect(saved.labels.map((l) => l.name)).toEqual(["Frontend"]);
      expect(saved.description).toContain("## Goals");
      // Due "on" May 1st is the end of that day where the user is.
      const due = new Date(saved.dueDate!);
      expect(await page.evaluate((iso) => new Date(iso).toDateString(), saved.dueDate!)).toBe(new Date(dueYear, 4, 1).toDateString());
      expect(due.getTime()).toBeGreaterThan(Date.parse(`${dueYear}-04-30T00:00:00Z`));
    });

    await step("after a reload everything comes back from the server", async () => {
      // Reload: everything comes back from the server.
      await page.reload();
      await page.getByRole("dialog", { name: "WEB-1: Write homepage copy" }).waitFor({ timeout: T });
      expect(await reloaded.getByRole("combobox", { name: "Status", exact: true }).textContent()).toContain("In progress");
      expect(await reloaded.getByRole("combobox", { name: "Priority", exact: true }).textContent()).toContain("High");
      await reloaded.getByRole("combobox", { name: "Sprint", exact: true }).getByText("Sprint 1").waitFor({ timeout: T });
      await reloaded.getByRole("button", { name: "Assignees: Grace Hopper" }).waitFor();
      await reloaded.getByRole("button", { name: "Labels: Frontend" }).waitFor();
      expect(await reloaded.getByLabel("Due date", { exact: true }).inputValue()).toBe(dueDay);
      expect(await reloaded.getByLabel("Story points").inputValue()).toBe("5");
      await reloaded.getByRole("heading", { name: "Goals" }).waitFor();
      await reloaded.getByRole("checkbox", { name: "Reopen Collect testimonials" }).waitFor({ timeout: T });
      await reloaded.getByTestId("comment").filter({ hasText: "please review" }).locator(".mention").getByText("@Grace Hopper").waitFor({ timeout: T });
      await reloaded.getByRole("button", { name: "Watch", exact: true }).waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "task-drawer-reloaded.png") });
    });

    await step("the activity says who changed what, from → to", async () => {
      // Activity: who changed what, from → to.
      await reloaded.getByRole("tab", { name: "Activity" }).click();
      const activity = reloaded.getByTestId("activity");
      await activity.waitFor({ timeout: T });
      const entries = activity.getByTestId("activity-entry");
      await entries.filter({ hasText: "commented" }).waitFor({ timeout: T });
      const text = (await activity.innerText()).replace(/\s+/g, " ");
      expect(text).toContain("Ada Lovelace created the task");
      expect(text).toMatch(change("title", "“Draft homepage copy”", "“Write homepage copy”"));
      expect(text).toMatch(change("status", "To do", "In progress"));
      expect(text).toMatch(change("priority", "Medium", "High"));
      expect(text).toContain("assigned Grace Hopper");
      expect(text).toContain("added label Frontend");
      expect(text).toMatch(change("sprint", "none", "Sprint 1"));
      expect(text).toMatch(change("story points", "none", "5"));
      expect(text).toContain("changed due date");
      expect(text).toContain("added a description");
      await entries.last().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(artifacts, "task-drawer-activity.png") });
    });

    await step("Escape closes the drawer and drops ?task", async () => {
      // Escape closes the drawer and drops ?task from the URL.
      await reloaded.getByRole("tab", { name: "Activity" }).focus();
      await page.keyboard.press("Escape");
      await reloaded.waitFor({ state: "detached" });
      expect(new URL(page.url()).searchParams.get("task")).toBeNull();
    });

    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it("shows a conflict, deletes with undo, explains a missing task and is read-only for viewers", async () => {
    const { stamp, page, problems, workspaceId, owner } = await step("Ada signs up with a workspace", () => startAsOwner("drawer2", { width: 1280, height: 860 }, "Conflict Studio"));
    const { task, boardUrl } = await step("a project and a task with 21 comments through the API", async () => {
      const project = await api<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, owner.accessToken, { name: "Ops", key: "OPS" });
      const task = await api<TaskJson>("POST", `/projects/${project.id}/tasks`, owner.accessToken, { title: "Rotate keys" });
      await api("POST", `/tasks/${task.id}/comments`, owner.accessToken, { body: "Keys live in the **vault**." });
      for (let i = 1; i <= 20; i++) await api("POST", `/tasks/${task.id}/comments`, owner.accessToken, { body: `Note ${i}` });
      const boardUrl = `${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/board`;
      return { task, boardUrl };
    });
    const drawer = page.getByTestId("task-drawer");
    const comments = drawer.getByTestId("comment");

    await step("opens the task's drawer", async () => {
      await page.goto(`${boardUrl}?task=${task.id}`);
      await page.getByRole("dialog", { name: "OPS-1: Rotate keys" }).waitFor({ timeout: T });
    });

    await step("the oldest 20 comments show; Load more brings the newest", async () => {
      // 21 comments: the oldest 20 show, "Load more" brings the newest.
      await comments.first().waitFor({ timeout: T });
      expect(await comments.count()).toBe(20);
      await drawer.getByRole("button", { name: "Load more comments (1 more)" }).click();
      await comments.filter({ hasText: "Note 20" }).waitFor({ timeout: T });
      expect(await comments.count()).toBe(21);
    });

    await step("edits her comment and deletes another after confirming", async () => {
      // Edit my comment; delete another after confirming.
      const vault = comments.filter({ hasText: "vault" });
      await vault.getByRole("button", { name: "Edit comment" }).click();
      await vault.getByRole("textbox", { name: "Edit comment" }).fill("Keys live in the **vault**, rotated monthly.");
      await vault.getByRole("button", { name: "Save", exact: true }).click();
      await vault.getByText("(edited)").waitFor({ timeout: T });
      expect(await vault.locator("strong").textContent()).toBe("vault");
      await vault.getByText("rotated monthly").waitFor();
      const newest = comments.filter({ hasText: "Note 20" });
      await newest.getByRole("button", { name: "Delete comment" }).click();
      await page.getByRole("dialog", { name: "Delete this comment?" }).getByRole("button", { name: "Delete comment" }).click();
      await newest.waitFor({ state: "detached", timeout: T });
      expect(await comments.count()).toBe(20);
    });

    await step("a stale write is refused and the drawer shows the other version", async () => {
      // Someone else saves meanwhile and their event never reaches us: our next write is refused
      // (stale version) and the drawer shows their task.
      await app.server.ctx.db.task.update({ where: { id: task.id }, data: { title: "Rotate keys (changed elsewhere)", version: { increment: 1 } } });
      await pickOption(page, drawer, "Priority", "Critical");
      await page.getByText("Someone else changed this task — showing their version").waitFor({ timeout: T });
      await page.getByRole("dialog", { name: "OPS-1: Rotate keys (changed elsewhere)" }).waitFor({ timeout: T });
      expect(await drawer.getByRole("combobox", { name: "Priority", exact: true }).textContent()).toContain("Medium");
      await page.screenshot({ path: path.join(artifacts, "task-drawer-conflict.png") });
    });

    await step("deletes the task, then undoes it from the toast", async () => {
      // Delete, then undo from the toast: the task is back and opens again.
      await drawer.getByRole("button", { name: "More actions" }).click();
      await page.getByRole("menuitem", { name: "Delete task" }).click();
      const confirm = page.getByRole("dialog", { name: "Delete OPS-1?" });
      await confirm.getByRole("button", { name: "Delete task" }).click();
      // (The drawer is hidden from the accessibility tree while the confirmation is open: wait on the element.)
      await drawer.waitFor({ state: "detached", timeout: T });
      const status = await fetch(`${app.server.baseUrl}/api/v1/tasks/${task.id}`, { headers: { Authorization: `Bearer ${owner.accessToken}` } }).then((r) => r.status);
      expect(status).toBe(404);
      await page.getByRole("button", { name: "Undo" }).click();
      await page.getByText("Restored OPS-1").waitFor({ timeout: T });
      await page.getByRole("dialog", { name: /^OPS-1/ }).waitFor({ timeout: T });
      expect((await api<TaskJson>("GET", `/tasks/${task.id}`, owner.accessToken)).title).toBe("Rotate keys (changed elsewhere)");
    });

    await step("a task that does not exist is explained", async () => {
      // A task that does not exist (or is not ours to see).
      await page.goto(`${boardUrl}?task=00000000-0000-4000-8000-000000000000`);
      await page.getByRole("dialog").getByText("This task doesn't exist or was deleted").waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "task-drawer-missing.png") });
      await page.getByRole("dialog").getByRole("button", { name: "Close" }).first().click();
      await page.getByRole("dialog").waitFor({ state: "detached" });
    });

    const { viewerProblems } = await step("a viewer sees everything and can change nothing", async () => {
      // A viewer sees everything and can change nothing.
      const viewerEmail = `drawer-viewer-${stamp}@example.com`;
      await addMember(owner.accessToken, workspaceId, "Victor Viewer", viewerEmail, "VIEWER");
      const viewerContext = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
      const phone = await viewerContext.newPage();
      const viewerProblems = watchForTrouble(phone);
      await signInInUi(phone, app.server, viewerEmail, PASSWORD);
      await phone.goto(`${boardUrl}?task=${task.id}`);
      const readOnly = phone.getByRole("dialog", { name: "OPS-1: Rotate keys (changed elsewhere)" });
      await readOnly.waitFor({ timeout: T });
      await readOnly.getByText("View only").waitFor();
      await readOnly.getByText("vault").waitFor({ timeout: T });
      expect(await readOnly.getByRole("combobox").count()).toBe(0);
      expect(await readOnly.getByLabel("New comment").count()).toBe(0);
      expect(await readOnly.getByLabel("New subtask title").count()).toBe(0);
      expect(await readOnly.getByRole("button", { name: "More actions" }).count()).toBe(0);
      expect(await readOnly.getByRole("button", { name: "Edit comment" }).count()).toBe(0);
      expect(await readOnly.getByRole("button", { name: "Delete comment" }).count()).toBe(0);
      await phone.screenshot({ path: path.join(artifacts, "task-drawer-viewer-phone.png") });
      await viewerContext.close();
      return { viewerProblems };
    });

    await step("a personal task: no sprint, only its owner assignable", async () => {
      // A personal task: no project, so no sprint; only its owner can be assigned.
      const personal = await api<TaskJson>("POST", "/tasks", owner.accessToken, { title: "Renew passport", workspaceId });
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/my-tasks?task=${personal.id}`);
      await page.getByRole("dialog", { name: "Personal task: Renew passport" }).waitFor({ timeout: T });
      await drawer.getByRole("combobox", { name: "Status", exact: true }).waitFor();
      expect(await drawer.getByRole("combobox", { name: "Sprint", exact: true }).count()).toBe(0);
      await drawer.getByRole("button", { name: /^Assignees:/ }).click();
      const people = page.getByRole("listbox", { name: "Assignees" }).getByRole("option");
      await people.first().waitFor({ timeout: T });
      expect(await people.count()).toBe(1);
      await people.getByText("Ada Lovelace").waitFor();
      await page.keyboard.press("Escape");
      await drawer.getByLabel("New subtask title").fill("Book a photo appointment");
      await drawer.getByLabel("New subtask title").press("Enter");
      await drawer.getByRole("checkbox", { name: "Complete Book a photo appointment" }).waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "task-drawer-personal.png") });
    });

    expect(problems).toEqual([]);
    expect(viewerProblems).toEqual([]);
    await page.close();
  }, 240_000);
});
