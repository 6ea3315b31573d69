import type { Browser } from "playwright-core";
import { artifacts, audit, launchBrowser } from "../helpers/browser";
import { apiFor, collectPageErrors, loginApi, registerWithWorkspace, type BrowserApp, type TestServer } from "../helpers/browser-app";
import { EICAR, startScriptedClamd, type ScriptedClamd } from "../helpers/clamd";
import { startTestServer } from "../helpers/server";
import { step } from "../helpers/step";

/**
 * The documents library with a virus scanner (CLAMAV_HOST, a scripted clamd):
 * while clamd is down an upload shows "Waiting for the virus scan" and turns
 * Ready live once clamd is back; an infected upload shows Failed with the
 * signature.
 */

const PASSWORD = "Scan-pass-42";
let clamd: ScriptedClamd;
let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  clamd = await startScriptedClamd();
  browser = await launchBrowser();
  server = await startTestServer({ env: { CLAMAV_HOST: clamd.host, CLAMAV_PORT: String(clamd.port), CLAMAV_TIMEOUT_MS: "1500" } });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await clamd?.stop();
});
const api = apiFor({ get browser() { return browser; }, get server() { return server; } } as BrowserApp);

describe("web app: documents with a virus scanner", () => {
  it("waits for the scan while clamd is down, then becomes ready; an infected file fails naming the signature", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = collectPageErrors(page);
    const email = `docscan-${Date.now()}@example.com`;
    const workspaceId = await step("Ada signs up with a workspace", () => registerWithWorkspace(page, server, { name: "Ada Scan", email, password: PASSWORD, workspace: "Scan Studio" }));
    const owner = await loginApi(api, email, PASSWORD);
    const project = await api<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, owner.accessToken, { name: "Scanned", key: "SCD" });
    await page.goto(`${server.baseUrl}/w/${workspaceId}/projects/${project.id}/documents`);
    await page.getByText("No documents yet").waitFor();
    const rowOf = (name: string) => page.getByRole("list", { name: "Documents" }).getByRole("listitem").filter({ hasText: name });

    await clamd.stop();
    try {
      await step("clamd is down: the upload waits for the virus scan", async () => {
        await page.locator("#document-file").setInputFiles({ name: "brief.txt", mimeType: "text/plain", buffer: Buffer.from("The client brief, harmless.\n") });
        await rowOf("brief.txt").getByText("Waiting for the virus scan", { exact: true }).waitFor({ timeout: 20_000 });
        await rowOf("brief.txt").getByText("the scanner does not answer yet").waitFor();
        await page.screenshot({ path: `${artifacts}/documents-scan-waiting.png` });
        await audit(page, "documents library waiting for the scan");
      });
    } finally {
      await clamd.start();
    }
    await step("clamd is back: the queue's retry makes it ready, live", async () => {
      await rowOf("brief.txt").getByText("Ready").waitFor({ timeout: 30_000 });
      expect(await rowOf("brief.txt").getByText("Waiting for the virus scan").count()).toBe(0); // neither the badge nor the reason
    });

    await step("an infected file fails and says so", async () => {
      await page.locator("#document-file").setInputFiles({ name: "invoice.txt", mimeType: "text/plain", buffer: Buffer.from(`Invoice\n${EICAR}\n`) });
      await rowOf("invoice.txt").getByText("Failed").waitFor({ timeout: 20_000 });
      await rowOf("invoice.txt").getByText("Found infected by the virus scanner (Eicar-Signature); the file was deleted").waitFor();
    });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
