import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { refusedUrl, startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { apiFor, joinWorkspace, openPage, registerApi, registerApiWithWorkspace, signInInUi, useBrowserApp, type ApiCall, type BrowserApp, type TestServer } from "../helpers/browser-app";
import { startTestServer } from "../helpers/server";
import { step } from "../helpers/step";

/**
 * Workspace settings → AI in the browser: the honest "not configured" message,
 * the provider cards of a configured server (a scripted OpenAI-compatible
 * primary and a fallback nobody listens on), the owner's budget editor (bad
 * input refused under the field, saved, removed after a confirmation), the
 * usage of the month (seeded usage rows: totals, chart, tables, the month
 * picker) and a member's read-only view. Screenshots at desktop and phone width.
 */

const shots = "/tmp/shots-ai";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const password = "Browser-pass-42";
const app = useBrowserApp();
const api = apiFor(app);

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
const month = () => new Date().toISOString().slice(0, 7);
const monthsAgo = (n: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n, 2, 12));
};

/** An owner with a workspace and a member of it, both registered through the API. */
async function team(call: ApiCall, label: string) {
  const tag = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const owner = await registerApiWithWorkspace(call, { name: "Olga Owner", email: `owner-${tag}@example.com`, password, workspace: `AI ${label}` });
  const memberEmail = `member-${tag}@example.com`;
  const member = await registerApi(call, { name: "Max Member", email: memberEmail, password });
  await joinWorkspace(call, owner.accessToken, owner.workspaceId, { email: memberEmail, token: member.accessToken }, "MEMBER");
  return { owner: { ...owner, email: `owner-${tag}@example.com` }, member: { ...member, email: memberEmail }, workspaceId: owner.workspaceId };
}

const settingsUrl = (server: TestServer, workspaceId: string) => `${server.baseUrl}/w/${workspaceId}/settings/ai`;

beforeAll(() => fs.mkdirSync(shots, { recursive: true }));

describe("web app: workspace settings → AI, no provider configured", () => {
  it("says how to configure one, lets the owner set and remove a budget, shows the month's usage, and a member sees it read-only", async () => {
    const t = await team(api, "Unconfigured");
    const { page, errors } = await openPage(app, DESKTOP);
    const budgetForm = page.getByRole("form", { name: "AI budget" });
    const amount = page.getByLabel("Monthly budget (USD)");
    const budgetOf = async () => (await api<{ budget: { budget: { amount: number } | null } }>("GET", `/workspaces/${t.workspaceId}/ai/usage`, t.owner.accessToken)).budget.budget;

    await step("the settings navigation leads to the AI page, which names the AI_* variables and offers no AI buttons", async () => {
      await signInInUi(page, app.server, t.owner.email, password);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "AI", exact: true }).click();
      await page.waitForURL(settingsUrl(app.server, t.workspaceId));
      await page.getByText("AI is not configured on this server").waitFor({ timeout: 30_000 });
      const provider = page.getByRole("region", { name: "Provider" });
      expect(await provider.textContent()).toContain("AI_PROVIDER");
      expect(await provider.textContent()).toContain("AI_FALLBACK_PROVIDER");
      expect(await provider.getByRole("button").count()).toBe(0);
      await page.getByText(/No AI calls in/).waitFor();
      await page.getByText("No budget: AI calls are not limited by spend.").waitFor();
    });

    await step("refuses an empty, a zero and a non-numeric budget under the field, saving nothing", async () => {
      await amount.fill("abc");
      await budgetForm.getByRole("button", { name: "Save budget" }).click();
      await budgetForm.getByText("Enter a positive amount such as 50 or 12.50").waitFor();
      expect(await amount.getAttribute("aria-invalid")).toBe("true");
      await amount.fill("0");
      await budgetForm.getByRole("button", { name: "Save budget" }).click();
      await budgetForm.getByText("The budget must be more than 0 (remove it for no limit)").waitFor();
      expect(await budgetOf()).toBeNull();
    });

    await step("saves a budget of 25 USD with the keyboard (Enter in the field), kept after a reload", async () => {
      await amount.fill("25");
      await amount.press("Enter");
      await page.getByText("Monthly AI budget set to $25.00").waitFor({ timeout: 15_000 });
      expect(await budgetOf()).toEqual({ amount: 25, currency: "USD" });
      await page.reload();
      await amount.waitFor({ timeout: 30_000 });
      expect(await amount.inputValue()).toBe("25");
      expect(await amount.getAttribute("aria-invalid")).toBeNull();
    });

    await step("shows this month's seeded usage: totals, per feature, model and member, and the spend against the budget", async () => {
      const db = app.server.ctx.db;
      const base = { workspaceId: t.workspaceId, provider: "openai-compatible", latencyMs: 900 };
      const day = (d: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), d, 10));
      await db.aiUsage.createMany({
        data: [
          { ...base, userId: t.owner.user.id, feature: "task-breakdown", model: "llama3.1:8b", inputTokens: 1200, outputTokens: 300, costMicros: 9_000_000n, createdAt: day(1) },
          { ...base, userId: t.member.user.id, feature: "task-breakdown", model: "llama3.1:8b", inputTokens: 800, outputTokens: 200, costMicros: 6_000_000n, createdAt: day(1) },
          { ...base, userId: t.member.user.id, feature: "assistant", provider: "anthropic", model: "claude-3-5-haiku", inputTokens: 500, outputTokens: 500, costMicros: 6_000_000n, fallback: true, fallbackReason: "status 500", createdAt: day(2) },
          { ...base, userId: t.member.user.id, feature: "task-breakdown", model: "llama3.1:8b", inputTokens: 800, outputTokens: 200, costMicros: 0n, cacheHit: true, createdAt: day(2) },
        ],
      });
      await db.aiUsage.create({ data: { ...base, userId: t.owner.user.id, feature: "task-breakdown", model: "llama3.1:8b", inputTokens: 10, outputTokens: 10, costMicros: 1_000_000n, createdAt: monthsAgo(1) } });
      // The budget's spend is its own ledger (reserved and settled per call): 21 of 25 = 84 %.
      await db.aiBudgetMonth.create({ data: { workspaceId: t.workspaceId, month: month(), spentMicros: 21_000_000n } });
      await page.reload();
      const totals = page.locator("dl[aria-label=Totals]");
      await totals.waitFor({ timeout: 30_000 });
      const text = (await totals.textContent()) ?? "";
      expect(text).toMatch(/Calls\s*4/);
      expect(text).toContain("4,500"); // tokens
      expect(text).toContain("$21.00");
      expect(text).toMatch(/Cache hits\s*1/);
      expect(text).toMatch(/Fallbacks\s*1/);
      expect(await page.getByRole("region", { name: "By feature" }).getByRole("row", { name: /Task breakdown/ }).textContent()).toContain("$15.00");
      expect(await page.getByRole("region", { name: "By model" }).getByRole("row", { name: /claude-3-5-haiku/ }).textContent()).toContain("$6.00");
      expect(await page.getByRole("region", { name: "By member" }).getByRole("row", { name: /Max Member/ }).textContent()).toContain("$12.00");
      await page.getByRole("img", { name: /AI calls per day/ }).waitFor();
      expect(await page.getByTestId("ai-budget-spent").textContent()).toBe("$21.00");
      expect(await page.getByRole("meter", { name: "Budget used" }).getAttribute("aria-valuenow")).toBe("84");
      await page.getByText(/Over 80 % of the budget is spent/).waitFor();
      await shoot(page, "owner-desktop");
    });

    await step("the month picker goes back a month and forward again", async () => {
      await page.getByRole("button", { name: "Previous month" }).focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(/month=\d{4}-\d{2}/);
      await page.locator("dl[aria-label=Totals]").getByText("$1.00").waitFor({ timeout: 15_000 });
      await page.getByRole("button", { name: "Next month" }).click();
      await page.locator("dl[aria-label=Totals]").getByText("$21.00").waitFor({ timeout: 15_000 });
      expect(await page.getByRole("button", { name: "Next month" }).isDisabled()).toBe(true);
    });

    await step("at phone width the page fits the screen", async () => {
      const phone = await openPage(app, PHONE);
      await signInInUi(phone.page, app.server, t.owner.email, password);
      await phone.page.goto(settingsUrl(app.server, t.workspaceId));
      await phone.page.locator("dl[aria-label=Totals]").waitFor({ timeout: 30_000 });
      await phone.page.getByRole("img", { name: /AI calls per day/ }).waitFor();
      const overflow = await phone.page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
      expect(overflow).toBeLessThanOrEqual(0);
      await shoot(phone.page, "owner-phone");
      expect(phone.errors).toEqual([]);
      await phone.page.close();
    });

    await step("removing the budget asks first, then leaves no budget", async () => {
      await budgetForm.getByRole("button", { name: "Remove budget" }).click();
      const dialog = page.getByRole("dialog", { name: "Remove the AI budget?" });
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "hidden" });
      expect(await budgetOf()).toEqual({ amount: 25, currency: "USD" });
      await budgetForm.getByRole("button", { name: "Remove budget" }).click();
      await dialog.getByRole("button", { name: "Remove budget" }).click();
      await page.getByText("AI budget removed: no spending limit").waitFor({ timeout: 15_000 });
      expect(await budgetOf()).toBeNull();
      await page.getByText("No budget: AI calls are not limited by spend.").waitFor();
      expect(await amount.inputValue()).toBe("");
    });

    await step("a member sees the budget and usage read-only", async () => {
      await api("PUT", `/workspaces/${t.workspaceId}/ai/budget`, t.owner.accessToken, { amount: 40, currency: "USD" });
      const member = await openPage(app, PHONE);
      await signInInUi(member.page, app.server, t.member.email, password);
      await member.page.goto(settingsUrl(app.server, t.workspaceId));
      await member.page.getByTestId("ai-budget-readonly").getByText("Budget: $40.00 per month.").waitFor({ timeout: 30_000 });
      expect(await member.page.getByRole("form", { name: "AI budget" }).count()).toBe(0);
      expect(await member.page.getByLabel("Monthly budget (USD)").count()).toBe(0);
      await member.page.locator("dl[aria-label=Totals]").waitFor();
      await member.page.getByRole("img", { name: /AI calls per day/ }).waitFor();
      await shoot(member.page, "member-phone");
      expect(member.errors).toEqual([]);
      await member.page.close();
    });

    expect(errors).toEqual([]);
  });
});

describe("web app: workspace settings → AI, primary and fallback configured", () => {
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

  beforeAll(async () => {
    ai = await startOpenAiServer();
    server = await startTestServer({
      env: {
        AI_PROVIDER: "openai-compatible",
        AI_BASE_URL: ai.baseUrl,
        AI_MODEL: "scripted-llama",
        AI_FALLBACK_PROVIDER: "openai-compatible",
        AI_FALLBACK_BASE_URL: await refusedUrl(),
        AI_FALLBACK_MODEL: "backup-model",
        AI_TIMEOUT_MS: "3000",
        AI_MAX_RETRIES: "0",
      },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await ai?.close();
  });

  it("shows the primary reachable and the fallback unreachable with the reason", async () => {
    const call = apiFor(configured);
    const t = await team(call, "Configured");
    const { page, errors } = await openPage(configured, DESKTOP);
    await signInInUi(page, server, t.owner.email, password);
    await page.goto(settingsUrl(server, t.workspaceId));
    const primary = page.getByRole("article", { name: "Primary provider" });
    const fallback = page.getByRole("article", { name: "Fallback provider" });
    await primary.getByText("Reachable").waitFor({ timeout: 30_000 });
    expect(await primary.textContent()).toContain("scripted-llama");
    expect(await primary.textContent()).toContain(ai.baseUrl);
    expect(await primary.textContent()).toContain("OpenAI-compatible");
    await fallback.getByText("Unreachable").waitFor();
    expect(await fallback.textContent()).toContain("backup-model");
    expect(await fallback.textContent()).toMatch(/Last check failed: \S+/);
    expect(ai.probes).toBeGreaterThan(0);
    expect(await page.getByText("AI is not configured on this server").count()).toBe(0);
    await shoot(page, "configured-desktop");
    await page.setViewportSize(PHONE);
    await shoot(page, "configured-phone");
    expect(errors).toEqual([]);
  });
});
