import type { Page } from "playwright-core";
import { startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { apiFor, openPage, registerApiWithWorkspace, signInInUi, useBrowserApp, type BrowserApp, type TestServer } from "../helpers/browser-app";
import { startTestServer } from "../helpers/server";
import { step } from "../helpers/step";

/**
 * The Blueprint wizard with a scripted AI provider: recommendations survive a
 * reload and a rejected one stays gone; a section saved by another tab meanwhile
 * shows "Changed elsewhere" instead of being overwritten, and Reload keeps the
 * user's text to copy.
 */

const T = 30_000;
const password = "Blueprint-recs-42";
const app = useBrowserApp();
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
  server = await startTestServer({ env: { AI_PROVIDER: "openai-compatible", AI_BASE_URL: ai.baseUrl, AI_MODEL: "scripted-architect", AI_TIMEOUT_MS: "5000", AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: "1000" } });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await ai?.close();
});

const cards = (page: Page) => page.getByTestId("recommendation");
const rec = (sectionKey: string, title: string, text: string) => ({ sectionKey, category: "risk", title, text });

describe("web app: Blueprint recommendations and conflicts", () => {
  it("keeps recommendations over a reload, a rejected one stays gone; a stale save says so and keeps the user's text", async () => {
    const email = `bp-recs-${Date.now()}@example.com`;
    const owner = await registerApiWithWorkspace(call, { name: "Rita Recs", email, password, workspace: "Recs" });
    const project = await call<{ id: string }>("POST", `/workspaces/${owner.workspaceId}/projects`, owner.accessToken, { name: "Relay", key: "RLY" });
    const thread = await call<{ id: string }>("POST", `/projects/${project.id}/threads`, owner.accessToken, { mode: "blueprint" });
    await call("PUT", `/threads/${thread.id}/blueprint/sections/core-vision`, owner.accessToken, { answers: { project: "A relay for field teams." } });
    const url = `${server.baseUrl}/w/${owner.workspaceId}/projects/${project.id}/blueprint?thread=${thread.id}`;
    const { page, errors } = await openPage(configured, { width: 1280, height: 900 });
    await signInInUi(page, server, email, password);

    await step("gets recommendations from the provider", async () => {
      await page.goto(url);
      await page.getByTestId("section-title").getByText("1.1 Core Vision Statement").waitFor({ timeout: T });
      ai.script({ kind: "answer", text: JSON.stringify({ recommendations: [rec("core-vision", "Name the pain", "Say what gets lost."), rec("constraints", "Write the budget", "A number per month.")] }), usage: { input: 10, output: 10 } });
      await page.getByRole("button", { name: "Get recommendations" }).click();
      await cards(page).filter({ hasText: "Name the pain" }).waitFor({ timeout: T });
      expect(await cards(page).count()).toBe(2);
    });

    await step("after a reload they are still there; a rejected one is gone after the next reload", async () => {
      await page.reload();
      await cards(page).filter({ hasText: "Write the budget" }).waitFor({ timeout: T });
      expect(await cards(page).count()).toBe(2);
      await page.getByRole("button", { name: "Reject “Name the pain”" }).click();
      await cards(page).filter({ hasText: "Name the pain" }).waitFor({ state: "detached", timeout: T });
      await page.reload();
      await cards(page).filter({ hasText: "Write the budget" }).waitFor({ timeout: T });
      expect(await cards(page).count()).toBe(1);
    });

    await step("an edit not yet accepted survives a reload", async () => {
      await page.getByRole("button", { name: "Edit “Write the budget”" }).click();
      await page.getByLabel("Edit the recommendation").fill("Two thousand euros a month, reviewed each quarter.");
      await page.reload();
      await cards(page).filter({ hasText: "Write the budget" }).waitFor({ timeout: T });
      expect(await page.getByLabel("Edit the recommendation").inputValue()).toBe("Two thousand euros a month, reviewed each quarter.");
    });

    await step("another tab saves 1.1 while this one is offline: this tab's save says 'Changed elsewhere'", async () => {
      await page.context().setOffline(true);
      await page.getByLabel("Who is it for?").fill("Night crews (my text)");
      await page.getByLabel("What problem does it solve?").click();
      await page.getByTestId("save-state").getByRole("button", { name: "Retry" }).waitFor({ timeout: T });
      await call("PUT", `/threads/${thread.id}/blueprint/sections/core-vision`, owner.accessToken, { answers: { project: "Saved in the other tab." }, version: 1 });
      await page.context().setOffline(false);
      await page.getByTestId("save-state").getByRole("button", { name: "Retry" }).click();
      await page.getByText("Changed elsewhere — reload to see it.").waitFor({ timeout: T });
      // The user's text is still in the editor to copy.
      expect(await page.getByLabel("Who is it for?").inputValue()).toBe("Night crews (my text)");
      const bp = await call<{ phases: Array<{ sections: Array<{ key: string; answers: Record<string, string> }> }> }>("GET", `/threads/${thread.id}/blueprint`, owner.accessToken);
      expect(bp.phases[0]!.sections[0]!.answers).toEqual({ project: "Saved in the other tab." });
    });

    await step("Reload shows the other tab's answers and keeps the lost text beside them", async () => {
      await page.getByTestId("save-state").getByRole("button", { name: "Reload" }).click();
      await page.getByTestId("lost-draft").getByText("Night crews (my text)").waitFor({ timeout: T });
      expect(await page.getByLabel("What is your project?").inputValue()).toBe("Saved in the other tab.");
      expect(await page.getByLabel("Who is it for?").inputValue()).toBe("");
      await page.screenshot({ path: "/tmp/bp-conflict-1280.png", fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: "/tmp/bp-conflict-390.png", fullPage: true });
    });
    expect(errors.filter((e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|net::|WebSocket/i.test(e))).toEqual([]);
  }, 240_000);
});
