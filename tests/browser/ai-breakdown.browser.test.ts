import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { apiFor, openPage, registerApiWithWorkspace, signInInUi, useBrowserApp, type ApiCall, type BrowserApp, type TestServer } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";
import { startTestServer } from "../helpers/server";
import { step } from "../helpers/step";

/**
 * "Break down with AI" in the task drawer, end to end against a scripted
 * OpenAI-compatible server: start (with the keyboard), progress, review cards
 * (untick one, edit a title and an estimate, a bad edit refused before
 * anything is sent), apply, the subtasks in the drawer; a job that fails on
 * malformed output twice, then "Try again" works; discarding asks first; a
 * provider that is down and a spent budget say so; at phone width it fits.
 * And on a server without a provider: the message naming the AI_* variables
 * where the button would be. Screenshots at 1280 and 390 px.
 */

const shots = "/tmp/shots-aidrawer";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const password = "Breakdown-pass-42";
const T = 30_000;
/** AI calls per hour per workspace on the configured server: more than one test's workspace makes, except the rate-limit test's. */
const RATE_LIMIT = 8;

const app = useBrowserApp();

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });
const suggestion = (title: string, hours: number, confidence = 0.8) => ({ title, description: `How: ${title.toLowerCase()}.`, estimatedHours: hours, confidence });
const answer = (items: unknown[], delayMs = 0) => ({ kind: "answer" as const, text: JSON.stringify({ subtasks: items }), usage: { input: 120, output: 200 }, delayMs });
const FOUR = [suggestion("Design the checkout form", 4), suggestion("Integrate card payments", 8, 0.55), suggestion("Email receipts", 3, 0.9), suggestion("Write checkout tests", 5, 0.3)];

interface Setup {
  token: string;
  email: string;
  workspaceId: string;
  projectId: string;
  taskId: string;
  taskUrl: string;
}

/** An owner with a workspace, a project and a task, all through the API. */
async function setup(call: ApiCall, server: TestServer, label: string): Promise<Setup> {
  const tag = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const email = `bd-${tag}@example.com`;
  const owner = await registerApiWithWorkspace(call, { name: "Bea Breakdown", email, password, workspace: `Breakdown ${label}` });
  const project = await call<{ id: string }>("POST", `/workspaces/${owner.workspaceId}/projects`, owner.accessToken, { name: "Shop", key: "SHP" });
  const task = await call<{ id: string }>("POST", `/projects/${project.id}/tasks`, owner.accessToken, { title: "Build the checkout", description: "Card payments and receipts." });
  return { token: owner.accessToken, email, workspaceId: owner.workspaceId, projectId: project.id, taskId: task.id, taskUrl: `${server.baseUrl}/w/${owner.workspaceId}/projects/${project.id}/board?task=${task.id}` };
}

async function openTask(page: Page, server: TestServer, s: Setup): Promise<Locator> {
  await signInInUi(page, server, s.email, password);
  await page.goto(s.taskUrl);
  const drawer = page.getByRole("dialog", { name: "SHP-1: Build the checkout" });
  await drawer.waitFor({ timeout: T });
  return drawer;
}

const subtasksOf = (call: ApiCall, s: Setup) => call<Array<{ title: string; description: string | null }>>("GET", `/projects/${s.projectId}/tasks?parentId=${s.taskId}&sort=createdAt&perPage=100`, s.token);

beforeAll(() => fs.mkdirSync(shots, { recursive: true }));

describe("web app: break down a task with AI (scripted OpenAI-compatible provider)", () => {
  let ai: ScriptedAiServer;
  let server: TestServer;
  const configured: BrowserApp = {
    get browser() {
      return app.browser;
    },
    get server() {
      return server;
    },
  };
  const call = apiFor(configured);

  beforeAll(async () => {
    ai = await startOpenAiServer();
    server = await startTestServer({
      env: { AI_PROVIDER: "openai-compatible", AI_BASE_URL: ai.baseUrl, AI_MODEL: "scripted-planner", AI_TIMEOUT_MS: "5000", AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: String(RATE_LIMIT) },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await ai?.close();
  });

  it("breaks a task down, the user reviews and applies three of four; a failed job is retried; discard asks; a provider outage and a spent budget say so", async () => {
    const s = await setup(call, server, "happy");
    const { page, errors } = await openPage(configured, DESKTOP);
    const drawer = await step("open the task drawer", () => openTask(page, server, s));
    const panel = drawer.getByTestId("ai-breakdown");
    const start = panel.getByRole("button", { name: "Break down with AI" });
    const cards = panel.getByTestId("ai-suggestion");
    const sentBefore = ai.requests.length;

    await step("start with the keyboard: progress shows while the model thinks, then four review cards", async () => {
      ai.script(answer(FOUR, 2500));
      await start.waitFor({ timeout: T });
      await start.focus();
      await page.keyboard.press("Enter");
      const progress = panel.getByRole("progressbar", { name: "Breakdown progress" });
      await progress.waitFor({ timeout: T });
      await panel.getByText(/Asking the model|Waiting for a free AI worker|Starting the breakdown/).waitFor();
      await shoot(page, "progress-desktop");
      await panel.getByTestId("ai-breakdown-review").waitFor({ timeout: T });
      expect(await cards.count()).toBe(4);
      expect(await panel.getByRole("heading", { name: "4 suggested subtasks" }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      expect(await panel.textContent()).toContain("scripted-planner");
      expect(await cards.nth(1).textContent()).toContain("Confidence 55 %");
      expect(ai.requests.length).toBe(sentBefore + 1);
      // Nothing is created before the user applies.
      expect(await subtasksOf(call, s)).toEqual([]);
    });

    await step("untick one with the keyboard, edit a title and an estimate; a cleared title is refused in the card, nothing sent", async () => {
      const include = panel.getByRole("checkbox", { name: "Include Integrate card payments" });
      await include.focus();
      await page.keyboard.press("Space");
      expect(await include.isChecked()).toBe(false);
      const title3 = panel.getByLabel("Title of suggestion 3");
      await title3.fill("");
      await panel.getByRole("button", { name: "Apply selected (3)" }).click();
      await panel.getByText("Give the subtask a title").waitFor();
      expect(await title3.getAttribute("aria-invalid")).toBe("true");
      expect(await title3.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      expect(await subtasksOf(call, s)).toEqual([]);
      await title3.fill("Email receipts as PDF");
      await cards.nth(0).getByLabel("Estimate (h)").fill("6");
      await panel.getByTestId("ai-breakdown-selection").getByText("3 of 4 selected · 14 h").waitFor();
      await shoot(page, "review-desktop");
    });

    await step("apply selected: three subtasks appear in the drawer, with the edits and estimates", async () => {
      await panel.getByRole("button", { name: "Apply selected (3)" }).click();
      await page.getByText("Added 3 subtasks", { exact: true }).waitFor({ timeout: T });
      const list = drawer.getByTestId("subtask");
      await eventually(async () => (await list.count()) === 3, { what: "three subtasks in the drawer" });
      expect(await list.allTextContents()).toEqual([expect.stringContaining("Design the checkout form"), expect.stringContaining("Email receipts as PDF"), expect.stringContaining("Write checkout tests")]);
      await drawer.getByTestId("subtask-progress").getByText("0/3 done").waitFor();
      const rows = await subtasksOf(call, s);
      expect(rows.map((r) => r.title)).toEqual(["Design the checkout form", "Email receipts as PDF", "Write checkout tests"]);
      expect(rows[0]!.description).toContain("Estimate: 6 h");
      expect(rows[1]!.description).toContain("Estimate: 3 h");
      // Back to the button, saying what happened; the review is gone.
      await start.waitFor();
      await panel.getByText("Added 3 subtasks from the AI suggestions.").waitFor();
      expect(await panel.getByTestId("ai-breakdown-review").count()).toBe(0);
      await shoot(page, "applied-desktop");
    });

    await step("malformed output twice: the job fails with the reason; Try again works", async () => {
      ai.script({ kind: "answer", text: "Sure! Here are some subtasks: 1. plan 2. build" }, { kind: "answer", text: '{"subtasks": [{"title": "only one"}]}' });
      await start.click();
      const failure = panel.getByTestId("ai-breakdown-failure");
      await failure.waitFor({ timeout: T });
      expect(await failure.getAttribute("data-code")).toBe("AI_INVALID_OUTPUT");
      await failure.getByText("The model's answer wasn't usable").waitFor();
      expect(await failure.textContent()).toContain("did not match the breakdown format twice");
      await shoot(page, "failed-desktop");
      ai.script(answer(FOUR));
      await failure.getByRole("button", { name: "Try again" }).click();
      await panel.getByTestId("ai-breakdown-review").waitFor({ timeout: T });
      expect(await cards.count()).toBe(4);
    });

    await step("discard asks first; cancel keeps the suggestions, confirm drops them and creates nothing", async () => {
      await panel.getByRole("button", { name: "Discard suggestions" }).click();
      const dialog = page.getByRole("dialog", { name: "Discard these suggestions?" });
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "hidden" });
      expect(await cards.count()).toBe(4);
      await panel.getByRole("button", { name: "Discard suggestions" }).click();
      await dialog.getByRole("button", { name: "Discard" }).click();
      await start.waitFor({ timeout: T });
      // Discarding applies nothing, not even a moment later.
      await page.waitForTimeout(1000);
      expect((await subtasksOf(call, s)).length).toBe(3);
      expect(await drawer.getByTestId("subtask").count()).toBe(3);
    });

    await step("the breakdown survives closing the drawer while it runs", async () => {
      ai.script(answer(FOUR, 4000));
      await start.click();
      // The job is known (past "Starting the breakdown…"), then the drawer closes while the model thinks.
      await panel.getByText(/Waiting for a free AI worker|Asking the model|Checking the answer/).or(panel.getByTestId("ai-breakdown-review")).first().waitFor({ timeout: T });
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "hidden" });
      // Reopened from the board; and once more after a reload of the page.
      await page.locator(`[data-testid="task-card"][data-task-id="${s.taskId}"]`).click();
      await drawer.waitFor({ timeout: T });
      await panel.getByRole("progressbar", { name: "Breakdown progress" }).or(panel.getByTestId("ai-breakdown-review")).first().waitFor({ timeout: T });
      await page.reload();
      await drawer.waitFor({ timeout: T });
      await panel.getByTestId("ai-breakdown-review").waitFor({ timeout: T });
      await panel.getByRole("button", { name: "Discard suggestions" }).click();
      await page.getByRole("dialog", { name: "Discard these suggestions?" }).getByRole("button", { name: "Discard" }).click();
      await start.waitFor({ timeout: T });
    });

    await step("the provider is down: the job fails with AI_UNAVAILABLE and says so", async () => {
      ai.script({ kind: "error", status: 503, message: "model is loading" });
      await start.click();
      const failure = panel.getByTestId("ai-breakdown-failure");
      await failure.waitFor({ timeout: T });
      expect(await failure.getAttribute("data-code")).toBe("AI_UNAVAILABLE");
      await failure.getByText("The AI provider isn't answering").waitFor();
      await failure.getByRole("button", { name: "Dismiss" }).click();
      await start.waitFor();
    });

    await step("a spent budget is refused up front with a way to the settings; nothing is sent", async () => {
      await call("PUT", `/workspaces/${s.workspaceId}/ai/budget`, s.token, { amount: 1, currency: "USD" });
      const month = new Date().toISOString().slice(0, 7);
      await server.ctx.db.aiBudgetMonth.upsert({ where: { workspaceId_month: { workspaceId: s.workspaceId, month } }, create: { workspaceId: s.workspaceId, month, spentMicros: 2_000_000n }, update: { spentMicros: 2_000_000n } });
      const sent = ai.requests.length;
      await start.click();
      const failure = panel.getByTestId("ai-breakdown-failure");
      await failure.waitFor({ timeout: T });
      expect(await failure.getAttribute("data-code")).toBe("AI_BUDGET_EXCEEDED");
      await failure.getByText("This month's AI budget is spent").waitFor();
      expect(await failure.getByRole("link", { name: "See the budget in Settings → AI" }).getAttribute("href")).toBe(`/w/${s.workspaceId}/settings/ai`);
      expect(ai.requests.length).toBe(sent);
      await shoot(page, "budget-desktop");
      // Only the one applied breakdown made subtasks.
      expect((await subtasksOf(call, s)).length).toBe(3);
      await call("PUT", `/workspaces/${s.workspaceId}/ai/budget`, s.token, { amount: null, currency: "USD" });
    });

    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("at phone width the progress and review cards fit the screen and apply works", async () => {
    const s = await setup(call, server, "phone");
    const { page, errors } = await openPage(configured, PHONE);
    const drawer = await openTask(page, server, s);
    const panel = drawer.getByTestId("ai-breakdown");
    ai.script(answer(FOUR, 1500));
    await panel.getByRole("button", { name: "Break down with AI" }).click();
    await panel.getByRole("progressbar", { name: "Breakdown progress" }).waitFor({ timeout: T });
    await panel.getByTestId("ai-breakdown-review").waitFor({ timeout: T });
    await panel.getByRole("heading", { name: "4 suggested subtasks" }).scrollIntoViewIfNeeded();
    await shoot(page, "review-phone");
    await panel.getByTestId("ai-suggestion").nth(3).scrollIntoViewIfNeeded();
    await shoot(page, "review-phone-bottom");
    const overflow = await drawer.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Every card lies within the screen (the board behind the drawer scrolls sideways on its own).
    for (const box of await panel.getByTestId("ai-suggestion").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as { left: number; right: number }))) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(PHONE.width);
    }
    await panel.getByRole("checkbox", { name: "Include Write checkout tests" }).uncheck();
    await panel.getByRole("button", { name: "Apply selected (3)" }).click();
    await eventually(async () => (await drawer.getByTestId("subtask").count()) === 3, { what: "three subtasks in the drawer" });
    await shoot(page, "applied-phone");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("this hour's AI calls used up: the job fails saying so", async () => {
    const s = await setup(call, server, "ratelimit");
    // Use up the workspace's calls through the API: one completed breakdown each.
    for (let i = 0; i < RATE_LIMIT; i++) {
      ai.script(answer(FOUR));
      const { jobId } = await call<{ jobId: string }>("POST", `/tasks/${s.taskId}/ai-breakdown`, s.token);
      const done = await eventually(async () => {
        const job = await call<{ state: string }>("GET", `/jobs/${jobId}`, s.token);
        return job.state === "completed" || job.state === "failed" ? job : false;
      }, { what: `breakdown ${i + 1} finished` });
      expect(done.state).toBe("completed");
    }
    const sent = ai.requests.length;
    const { page, errors } = await openPage(configured, DESKTOP);
    const drawer = await openTask(page, server, s);
    const panel = drawer.getByTestId("ai-breakdown");
    await panel.getByRole("button", { name: "Break down with AI" }).click();
    const failure = panel.getByTestId("ai-breakdown-failure");
    await failure.waitFor({ timeout: T });
    expect(await failure.getAttribute("data-code")).toBe("RATE_LIMITED");
    await failure.getByText("Too many AI requests right now").waitFor();
    expect(await failure.textContent()).toContain(`made its ${RATE_LIMIT} AI calls of this hour`);
    expect(ai.requests.length).toBe(sent);
    await shoot(page, "rate-limited-desktop");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe("web app: break down with AI on a server without a provider", () => {
  it("shows the server's message naming the AI_* variables where the button would be, at desktop and phone width", async () => {
    const call = apiFor(app);
    const s = await setup(call, app.server, "unconfigured");
    for (const [viewport, name] of [[DESKTOP, "unconfigured-desktop"], [PHONE, "unconfigured-phone"]] as const) {
      const { page, errors } = await openPage(app, viewport);
      const drawer = await openTask(page, app.server, s);
      const panel = drawer.getByTestId("ai-breakdown");
      const note = panel.getByRole("note", { name: "AI is not configured" });
      await note.waitFor({ timeout: T });
      const text = (await note.textContent()) ?? "";
      for (const variable of ["AI_PROVIDER", "AI_MODEL", "AI_API_KEY", "AI_BASE_URL"]) expect(text).toContain(variable);
      expect(await panel.getByRole("button", { name: "Break down with AI" }).count()).toBe(0);
      await note.scrollIntoViewIfNeeded();
      await shoot(page, name);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 120_000);
});
