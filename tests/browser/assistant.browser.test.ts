import fs from "node:fs";
import path from "node:path";
import { apiFor, openPage, registerApiWithWorkspace, signInInUi, useBrowserAppWithScriptedAI } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";

/**
 * The project assistant page against a scripted OpenAI-compatible provider:
 * a streamed answer rendered as sanitised markdown, a reload mid-answer that
 * keeps streaming into the reopened page, and Stop. Screenshots at 1280 and 390 px.
 */

const T = 30_000;
const shots = "/tmp/shots-assistant";
const password = "Assistant-pass-42";
const app = useBrowserAppWithScriptedAI();
const call = apiFor(app);

beforeAll(() => fs.mkdirSync(shots, { recursive: true }));

describe("web app: project assistant (scripted provider)", () => {
  it("streams a markdown answer, survives a reload mid-answer, stops an answer", async () => {
    const email = `assistant-${Date.now()}@example.com`;
    const owner = await registerApiWithWorkspace(call, { name: "Ana Analyst", email, password, workspace: "Discovery" });
    const project = await call<{ id: string }>("POST", `/workspaces/${owner.workspaceId}/projects`, owner.accessToken, { name: "Checkout", key: "CHK" });
    await call("POST", `/projects/${project.id}/threads`, owner.accessToken, { title: "Checkout questions", mode: "chat" });
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    await signInInUi(page, app.server, email, password);
    const url = `${app.server.baseUrl}/w/${owner.workspaceId}/projects/${project.id}/assistant`;

    await step("a streamed answer renders as sanitised markdown", async () => {
      await page.goto(url);
      app.ai.script({ kind: "answer", text: "Checkout needs **card payments** and receipts. <img src=x onerror=alert(1)>", pieces: 6, paceMs: 60 });
      await page.getByLabel("Your question").fill("What does checkout need?");
      await page.getByRole("button", { name: "Send" }).click();
      await page.locator("strong", { hasText: "card payments" }).waitFor({ timeout: T });
      await page.getByRole("button", { name: "Send" }).waitFor({ timeout: T });
      await page.getByRole("button", { name: "Send" }).and(page.locator(":enabled")).waitFor({ timeout: T });
      expect(await page.locator("img[onerror]").count()).toBe(0);
      await page.screenshot({ path: path.join(shots, "answer-1280.png") });
    });

    await step("a reload mid-answer keeps streaming into the reopened page", async () => {
      app.ai.script({ kind: "answer", text: "one two three four five six seven eight nine ten eleven twelve", pieces: 12, paceMs: 250 });
      await page.getByLabel("Your question").fill("Count to twelve");
      await page.getByRole("button", { name: "Send" }).click();
      await page.getByText("one two", { exact: false }).waitFor({ timeout: T });
      await page.reload();
      await page.getByText("eleven twelve", { exact: false }).waitFor({ timeout: T });
      await page.getByRole("button", { name: "Send" }).waitFor({ timeout: T });
    });

    await step("Stop ends an answer and keeps what came", async () => {
      app.ai.script({ kind: "answer", text: "a ".repeat(60), pieces: 60, paceMs: 100 });
      await page.getByLabel("Your question").fill("Talk for a while");
      await page.getByRole("button", { name: "Send" }).click();
      await page.getByRole("button", { name: "Stop" }).click({ timeout: T });
      await page.getByText("Stopped").waitFor({ timeout: T });
      const [thread] = await call<Array<{ id: string }>>("GET", `/projects/${project.id}/threads`, owner.accessToken);
      const stopped = await eventually(async () => (await call<Array<{ status: string; content: string }>>("GET", `/threads/${thread!.id}/messages`, owner.accessToken)).find((m) => m.status === "stopped") ?? false, { what: "a stopped message" });
      expect(stopped.content.length).toBeLessThan(120);
    });

    await step("phone width", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(shots, "assistant-390.png"), fullPage: true });
    });
    expect(errors).toEqual([]);
  }, 120_000);
});
