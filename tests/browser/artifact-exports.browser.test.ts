import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import type { Download, Locator, Page } from "playwright-core";
import { apiFor, openPage, registerApiWithWorkspace, signInInUi, useBrowserAppWithScriptedAI } from "../helpers/browser-app";
import { pdfText } from "../helpers/pdf-text";
import { step } from "../helpers/step";

/**
 * The export buttons of an artifact the assistant wrote (heading, list, table,
 * link), from the assistant's artifacts panel and from the Artifacts page: the
 * PDF and Word downloads are read back (PDF text, the DOCX's word/document.xml),
 * a download in flight is busy with the other buttons disabled, a failed one is
 * a toast saying what to do next. Screenshots in /tmp/export-*.png.
 */

const T = 30_000;
const password = "Export-pass-42";
const app = useBrowserAppWithScriptedAI();
const call = apiFor(app);

const TITLE = "Checkout release plan";
const CONTENT = [
  "# Release in three steps",
  "",
  "Ship the **checkout** in order:",
  "",
  "- Card payments",
  "- Apple Pay",
  "",
  "| Step | Owner |",
  "| --- | --- |",
  "| Refunds | Ana |",
  "",
  "See the [payments brief](https://example.com/brief).",
  "",
].join("\n");

async function saved(file: Download): Promise<{ name: string; body: Buffer }> {
  const target = path.join("/tmp", `export-download-${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(target);
  return { name: file.suggestedFilename(), body: fs.readFileSync(target) };
}

/** Clicks the button and returns the file it downloads. */
async function download(page: Page, button: Locator): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: T }), button.click()]);
  return saved(file);
}

async function expectPdf(file: { name: string; body: Buffer }) {
  expect(file.name).toBe(`${TITLE}.pdf`);
  expect(file.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const { text } = await pdfText(file.body);
  for (const part of ["Release in three steps", "Apple Pay", "Refunds", "payments brief"]) expect(text).toContain(part);
  expect(file.body.toString("latin1")).toContain("https://example.com/brief");
}

async function expectDocx(file: { name: string; body: Buffer }) {
  expect(file.name).toBe(`${TITLE}.docx`);
  const zip = await JSZip.loadAsync(file.body);
  const document = await zip.file("word/document.xml")?.async("string");
  expect(document).toBeDefined();
  for (const part of ["Release in three steps", "Apple Pay", "Refunds", "payments brief"]) expect(document).toContain(part);
  expect(await zip.file("word/_rels/document.xml.rels")?.async("string")).toContain('Target="https://example.com/brief"');
}

/** Every button of the group lies inside `box` (nothing cut off or pushed past the panel). */
async function expectButtonsInside(group: Locator, box: Locator) {
  const outer = (await box.boundingBox())!;
  for (const button of await group.getByRole("button").all()) {
    const b = (await button.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(outer.x);
    expect(b.x + b.width).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
  }
}

describe("web app: artifact exports", () => {
  it("downloads PDF and Word from the assistant's artifacts panel and the Artifacts page, busy while in flight, a failure says what to do", async () => {
    const email = `exports-${Date.now()}@example.com`;
    const owner = await registerApiWithWorkspace(call, { name: "Eva Exporter", email, password, workspace: "Exports" });
    const project = await call<{ id: string }>("POST", `/workspaces/${owner.workspaceId}/projects`, owner.accessToken, { name: "Checkout", key: "CHK" });
    const thread = await call<{ id: string }>("POST", `/projects/${project.id}/threads`, owner.accessToken, { title: "Release", mode: "chat" });
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    await signInInUi(page, app.server, email, password);
    const panel = page.getByRole("list", { name: "Artifacts of this conversation" });
    const exports = panel.getByRole("group", { name: `Export ${TITLE}` });
    const button = (label: string) => exports.getByRole("button", { name: `Export ${TITLE} as ${label}` });

    await step("the assistant writes the artifact; it appears in the panel with its export buttons", async () => {
      await page.goto(`${app.server.baseUrl}/w/${owner.workspaceId}/projects/${project.id}/assistant?thread=${thread.id}`);
      await page.getByText("No artifacts yet").waitFor({ timeout: T });
      app.ai.script(
        { kind: "answer", text: "", toolCalls: [{ id: "call_a", name: "create_artifact", arguments: JSON.stringify({ type: "requirements", title: TITLE, content: CONTENT }) }] },
        { kind: "answer", text: "The release plan is in the artifacts." },
      );
      await page.getByLabel("Your question").fill("Write the release plan.");
      await page.getByRole("button", { name: "Send" }).click();
      await button("Word").waitFor({ timeout: T });
      await page.getByRole("button", { name: "Send" }).and(page.locator(":enabled")).waitFor({ timeout: T });
      expect(await exports.getByRole("button").allInnerTexts()).toEqual(["Markdown", "PDF", "Word"]);
    });

    await step("PDF: busy with the others disabled while in flight, then the file has the heading, list, table and link", async () => {
      // Hold the request until the in-flight state is checked; then it goes to the server unchanged.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/api/v1/artifacts/*/export?format=pdf", async (route) => {
        await held;
        await route.continue();
      });
      const downloaded = page.waitForEvent("download", { timeout: T });
      await button("PDF").click();
      await button("PDF").and(page.locator("[aria-busy=true]")).waitFor({ timeout: T });
      expect(await button("PDF").isDisabled()).toBe(true);
      expect(await button("Word").isDisabled()).toBe(true);
      expect(await button("Markdown").isDisabled()).toBe(true);
      await page.screenshot({ path: "/tmp/export-panel-busy-1280.png" });
      release();
      await expectPdf(await saved(await downloaded));
      await page.unroute("**/api/v1/artifacts/*/export?format=pdf");
      await button("Word").and(page.locator(":enabled")).waitFor({ timeout: T });
    });

    await step("Word: a failed download is a toast saying what to do; the retry gets the DOCX", async () => {
      await page.route("**/api/v1/artifacts/*/export?format=docx", (route) => route.abort("connectionreset"), { times: 1 });
      await button("Word").click();
      const toast = page.locator("[data-sonner-toast]").filter({ hasText: `Couldn't export “${TITLE}” as Word` });
      await toast.waitFor({ timeout: T });
      expect(await toast.textContent()).toContain("Try again, or export as Markdown.");
      await page.screenshot({ path: "/tmp/export-panel-failed-1280.png" });
      await toast.getByRole("button", { name: /close/i }).click();
      await expectDocx(await download(page, button("Word")));
    });

    await step("the panel at 1280 and 390 px: the buttons fit inside it", async () => {
      const item = panel.getByRole("listitem").filter({ hasText: TITLE });
      await expectButtonsInside(exports, item);
      await item.screenshot({ path: "/tmp/export-panel-item-1280.png" });
      await page.screenshot({ path: "/tmp/export-panel-1280.png" });
      await page.setViewportSize({ width: 390, height: 844 });
      const toggle = page.getByRole("button", { name: /^Artifacts/ });
      if ((await toggle.getAttribute("aria-expanded")) === "false") await toggle.click();
      await exports.waitFor({ timeout: T });
      await expectButtonsInside(exports, item);
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      await item.screenshot({ path: "/tmp/export-panel-item-390.png" });
      await page.screenshot({ path: "/tmp/export-panel-390.png", fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await step("the Artifacts page has the same buttons: PDF and Word download the same files", async () => {
      await panel.getByRole("link", { name: `Open ${TITLE}` }).click();
      await page.getByRole("heading", { name: TITLE, level: 2 }).waitFor({ timeout: T });
      const onPage = page.getByRole("group", { name: `Export ${TITLE}` });
      expect(await onPage.getByRole("button").allInnerTexts()).toEqual(["Markdown", "PDF", "Word"]);
      await expectPdf(await download(page, onPage.getByRole("button", { name: "PDF" })));
      await expectDocx(await download(page, onPage.getByRole("button", { name: "Word" })));
      await page.screenshot({ path: "/tmp/export-page-1280.png" });
      await page.setViewportSize({ width: 390, height: 844 });
      await expectButtonsInside(onPage, page.getByRole("region", { name: TITLE }));
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      await page.screenshot({ path: "/tmp/export-page-390.png" });
    });

    expect(errors).toEqual([]);
  }, 180_000);
});
