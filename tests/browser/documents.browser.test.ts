import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";
import { apiFor, loginApi, registerWithWorkspace, useBrowserApp } from "../helpers/browser-app";

/**
 * The documents library as a person uses it: a text file uploaded over a slow
 * link (the progress bar visibly between 0 and 100 %), the row turning Ready
 * live, a search with highlighted passages, and a passage link that scrolls to
 * and highlights its passage. Screenshots at 1280 and 390 px go to /tmp/shots-docs.
 */

const PASSWORD = "Docs-pass-42";
const SHOTS = process.env.SHOTS_DIR ?? "/tmp/shots-docs";
const app = useBrowserApp();
const api = apiFor(app);

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  await page.screenshot({ path: path.join(artifacts, `documents-${name}`) });
}

describe("web app: documents", () => {
  it("uploads with progress, becomes ready, searches and opens a passage link", async () => {
    const email = `docs-${Date.now()}@example.com`;
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    const workspaceId = await step("Ada signs up with a workspace", () => registerWithWorkspace(page, app.server, { name: "Ada Lovelace", email, password: PASSWORD, workspace: "Docs Studio" }));
    const owner = await loginApi(api, email, PASSWORD);
    const project = await api<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, owner.accessToken, { name: "Research", key: "RES" });
    const libraryUrl = `${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/documents`;

    await step("the empty library", async () => {
      await page.goto(libraryUrl);
      await page.getByText("No documents yet").waitFor();
      await page.getByRole("link", { name: "Documents" }).waitFor();
    });

    await step("a 600 KB file over a slow link shows its progress, then becomes ready", async () => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 200_000 });
      const filler = "Background material about the harbour survey. ".repeat(12_000);
      const text = `The lighthouse keeper logs every ship at dawn.\n\n${filler}\n\nTidal gauges are calibrated each spring.`;
      await page.locator("#document-file").setInputFiles({ name: "survey.txt", mimeType: "text/plain", buffer: Buffer.from(text) });
      const bar = page.getByRole("progressbar", { name: "Uploading survey.txt" });
      await bar.waitFor({ timeout: 15_000 });
      // Polled from here: waitForFunction compiles its function in the page, which the app's CSP refuses.
      await eventually(async () => {
        const value = await bar.evaluate((el) => (el as unknown as { value: number }).value).catch(() => null);
        return value !== null && value > 0.05 && value < 0.95;
      }, { what: "the progress bar between 5 and 95 %", timeoutMs: 15_000 });
      await shot(page, "upload-progress-1280.png");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await bar.waitFor({ state: "detached", timeout: 20_000 });
      const row = page.getByRole("list", { name: "Documents" }).getByRole("listitem").filter({ hasText: "survey.txt" });
      await row.getByText("Ready").waitFor({ timeout: 20_000 });
    });

    await step("a document from text", async () => {
      await page.getByRole("button", { name: "New from text" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: "Create" }).click();
      await dialog.getByText("Give the document a name").waitFor();
      await dialog.getByLabel("Name", { exact: true }).fill("Harbour notes.md");
      await dialog.getByLabel("Text", { exact: true }).fill("# Harbour\n\nThe harbour master approves berths for ferries.");
      await dialog.getByRole("button", { name: "Create" }).click();
      await page.getByRole("link", { name: "Harbour notes.md" }).waitFor();
      await shot(page, "library-1280.png");
    });

    await step("search shows highlighted passages and opens one", async () => {
      await page.getByLabel("Search the documents").fill("lighthouse");
      await page.getByLabel("Search the documents").press("Enter");
      const results = page.getByRole("list", { name: "Search results" });
      await results.locator("mark", { hasText: /lighthouse/i }).first().waitFor();
      await shot(page, "search-1280.png");
      await results.getByRole("link").first().click();
      await page.waitForURL(/#passage-[0-9a-f-]{36}$/);
      const id = new URL(page.url()).hash.slice("#passage-".length);
      const passage = page.locator(`#passage-${id}`);
      await passage.waitFor();
      expect(await passage.getAttribute("class")).toContain("ring-amber-400");
      expect(await passage.textContent()).toContain("lighthouse keeper");
      await shot(page, "passage-1280.png");
    });

    await step("a passage link deep inside the document scrolls to it, also at phone width", async () => {
      const doc = await api<{ id: string; passages: Array<{ id: string; text: string }> }>("GET", `/documents/${(await api<Array<{ id: string; name: string }>>("GET", `/projects/${project.id}/documents?q=survey`, owner.accessToken))[0]!.id}`, owner.accessToken);
      const last = doc.passages.at(-1)!;
      await page.setViewportSize({ width: 390, height: 800 });
      await page.goto(`${libraryUrl}/${doc.id}#passage-${last.id}`);
      const passage = page.locator(`#passage-${last.id}`);
      await passage.waitFor();
      await eventually(
        () =>
          passage.evaluate((el) => {
            const r = (el as unknown as { getBoundingClientRect(): { top: number; bottom: number } }).getBoundingClientRect();
            return r.top < (globalThis as unknown as { innerHeight: number }).innerHeight && r.bottom > 0;
          }),
        { what: "the deep passage scrolled into view", timeoutMs: 10_000 },
      );
      expect(await passage.textContent()).toContain("Tidal gauges");
      await page.screenshot({ path: path.join(SHOTS, "passage-390.png") });
      await page.goto(libraryUrl);
      await page.getByRole("link", { name: "Harbour notes.md" }).waitFor();
      await shot(page, "library-390.png");
    });

    await step("delete asks first", async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole("button", { name: "Delete Harbour notes.md" }).click();
      await page.getByRole("dialog").getByText("cannot be undone").waitFor();
      await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
      await page.getByRole("link", { name: "Harbour notes.md" }).waitFor({ state: "detached" });
    });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
