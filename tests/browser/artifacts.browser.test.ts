import fs from "node:fs";
import path from "node:path";
import mammoth from "mammoth";
import type { Page } from "playwright-core";
import { artifacts as screenshots } from "../helpers/browser";
import { apiFor, loginApi, openPage, registerWithWorkspace, useBrowserApp } from "../helpers/browser-app";
import { step } from "../helpers/step";

const T = 30_000;
const app = useBrowserApp();
const apiCall = apiFor(app);

async function shot(page: Page, name: string) {
  const size = page.viewportSize()!;
  const height = await page.evaluate<number>("document.documentElement.scrollHeight");
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: path.join(screenshots, name) });
  await page.setViewportSize(size);
}

describe("web app: project artifacts", () => {
  it("creates an artifact, edits it with a live preview, compares versions, downloads exports, deletes it", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    const email = `artifacts-${Date.now()}@example.com`;
    const password = "Artifacts-pass-42";
    const workspaceId = await step("signs up with a workspace", () => registerWithWorkspace(page, app.server, { name: "Bea Analyst", email, password, workspace: "Discovery" }));
    const { token, projectId } = await step("a project through the API", async () => {
      const { accessToken: token } = await loginApi(apiCall, email, password);
      const project = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, token, { name: "Checkout", key: "CO" });
      return { token, projectId: project.id };
    });

    await step("the Artifacts tab is empty at first", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${projectId}/board`);
      await page.getByRole("navigation", { name: "Project views" }).getByRole("link", { name: "Artifacts" }).click();
      await page.getByText("No artifacts yet").waitFor({ timeout: T });
    });

    await step("creates one: an empty title is refused in the form", async () => {
      await page.getByRole("button", { name: "New" }).click();
      const dialog = page.getByRole("dialog", { name: "New artifact" });
      await dialog.getByLabel("Type").selectOption("user_story");
      await dialog.getByRole("button", { name: "Create artifact" }).click();
      await dialog.getByText("Give the artifact a title.").waitFor();
      await dialog.getByLabel("Title").fill("Guest checkout");
      await dialog.getByLabel("Content (Markdown)").fill("# Guest checkout\n\nAs a guest\nI pay without an account\n");
      await dialog.getByRole("button", { name: "Create artifact" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
      await page.getByRole("heading", { name: "Guest checkout", level: 2 }).waitFor({ timeout: T });
      await page.getByTestId("artifact-version").getByText("Version 1").waitFor();
    });

    await step("edits the Markdown: the preview follows as you type, saving makes version 2", async () => {
      const editor = page.getByTestId("artifact-markdown");
      await editor.fill("# Guest checkout\n\nAs a guest\nI pay with a card or **PayPal**\nand get a receipt\n\n| Step | Who |\n| --- | --- |\n| Pay | Guest |\n");
      const preview = page.getByRole("region", { name: "Preview" });
      await preview.locator("strong", { hasText: "PayPal" }).waitFor();
      await preview.locator("td", { hasText: "Guest" }).waitFor();
      await page.getByRole("button", { name: "Save as version 2" }).click();
      await page.getByTestId("artifact-version").getByText("Version 2").waitFor({ timeout: T });
      await shot(page, "artifacts-edit-1280.png");
    });

    await step("someone else saves meanwhile: saving says so and offers to reload their version", async () => {
      await apiCall("PATCH", `/artifacts/${(await apiCall<Array<{ id: string }>>("GET", `/projects/${projectId}/artifacts`, token))[0].id}`, token, { title: "Guest checkout (team)", version: 2 });
      await page.getByTestId("artifact-markdown").fill("# Guest checkout\n\nmine\n");
      await page.getByRole("button", { name: "Save as version 3" }).click();
      const alert = page.getByRole("alert").filter({ hasText: "Someone else saved version 3" });
      await alert.waitFor({ timeout: T });
      await alert.getByRole("button", { name: "Reload version 3" }).click();
      await alert.waitFor({ state: "detached" });
      expect(await page.getByLabel("Title").inputValue()).toBe("Guest checkout (team)");
      expect(await page.getByTestId("artifact-markdown").inputValue()).toContain("I pay with a card");
    });

    await step("History: three versions, and the diff of v1 → v2 marks added and removed lines with + and −", async () => {
      // From the keyboard: focus the selected tab, the arrow key moves to History.
      await page.getByRole("tab", { name: "Document" }).focus();
      await page.keyboard.press("ArrowRight");
      expect(await page.getByRole("tab", { name: "History" }).getAttribute("aria-selected")).toBe("true");
      await page.getByTestId("artifact-versions").locator("li").nth(2).waitFor({ timeout: T });
      expect(await page.getByTestId("artifact-versions").locator("li").count()).toBe(3);
      await page.getByLabel("From version", { exact: true }).selectOption("1");
      await page.getByLabel("To version", { exact: true }).selectOption("2");
      const diff = page.getByTestId("artifact-diff");
      await diff.getByText("v1 → v2").waitFor({ timeout: T });
      const removed = diff.locator('[data-kind="removed"]');
      const added = diff.locator('[data-kind="added"]');
      expect(await removed.count()).toBe(1);
      expect(await removed.innerText()).toContain("I pay without an account");
      expect((await removed.first().innerText()).startsWith("−")).toBe(true);
      expect((await added.first().innerText()).startsWith("+")).toBe(true);
      expect((await added.allInnerTexts()).join("\n")).toContain("and get a receipt");
      await shot(page, "artifacts-diff-1280.png");
    });

    await step("downloads Markdown, PDF and Word exports named after the title", async () => {
      const download = async (label: string) => {
        const [file] = await Promise.all([page.waitForEvent("download", { timeout: T }), page.getByRole("group", { name: "Export" }).getByRole("button", { name: label }).click()]);
        const target = path.join(screenshots, `artifact-export-${label}`);
        await file.saveAs(target);
        return { name: file.suggestedFilename(), body: fs.readFileSync(target) };
      };
      const md = await download("Markdown");
      expect(md.name).toBe("Guest checkout (team).md");
      expect(md.body.toString("utf8")).toContain("| Step | Who   |");
      const pdf = await download("PDF");
      expect(pdf.name).toBe("Guest checkout (team).pdf");
      expect(pdf.body.subarray(0, 5).toString()).toBe("%PDF-");
      const docx = await download("Word");
      expect(docx.name).toBe("Guest checkout (team).docx");
      expect((await mammoth.convertToHtml({ buffer: docx.body })).value).toContain("<h1>Guest checkout</h1>");
    });

    await step("at 390 px: the list, then the artifact on its own with a way back", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole("tab", { name: "Document" }).click();
      await shot(page, "artifacts-edit-390.png");
      await page.getByRole("button", { name: "All artifacts" }).click();
      await page.getByTestId("artifact-list").waitFor();
      await shot(page, "artifacts-list-390.png");
      await page.getByTestId("artifact-list").getByRole("button", { name: /Guest checkout/ }).click();
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await step("deletes it after confirming", async () => {
      await page.getByRole("button", { name: "Delete" }).click();
      const confirm = page.getByRole("dialog", { name: /Delete “Guest checkout \(team\)”/ });
      await confirm.getByRole("button", { name: "Delete artifact" }).click();
      await page.getByText("No artifacts yet").waitFor({ timeout: T });
      expect(await apiCall<unknown[]>("GET", `/projects/${projectId}/artifacts`, token)).toEqual([]);
    });

    expect(errors).toEqual([]);
  }, 180_000);
});
