import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { apiFor, collectPageErrors, joinWorkspace, registerApi, registerApiWithWorkspace, signInInUi, type BrowserApp, type TestServer } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";
import { startTestServer } from "../helpers/server";
import { step } from "../helpers/step";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

/**
 * Workspace settings → Webhooks in the browser, against a loopback receiver
 * (so this server allows private targets): add a webhook with the event
 * picker (a loopback-free URL rule is the API's and is tested there), copy
 * the secret shown once, send a test, read the delivery log with payload and
 * response, redeliver, delete after a confirmation; a member sees no webhooks.
 * Screenshots at desktop and phone width (in /tmp/shots-webhooks).
 */

const shots = "/tmp/shots-webhooks";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const password = "Browser-pass-42";

let browser: Browser | undefined;
let server: TestServer | undefined;
let receiver: WebhookReceiver;
const app: BrowserApp = {
  get browser() {
    return browser!;
  },
  get server() {
    return server!;
  },
};
const api = apiFor(app);

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  receiver = await startWebhookReceiver();
  browser = await launchBrowser();
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_BASE_MS: "200" } });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

describe("web app: workspace settings → Webhooks", () => {
  it("add with the event picker, secret once, test, delivery log, redeliver, delete; a member is told to ask an admin", async () => {
    const tag = `${Date.now()}-${crypto.randomBytes(2).toString("hex")}`;
    const owner = await registerApiWithWorkspace(api, { name: "Olga Owner", email: `wh-owner-${tag}@example.com`, password, workspace: "Hooks Inc" });
    const memberEmail = `wh-member-${tag}@example.com`;
    const member = await registerApi(api, { name: "Max Member", email: memberEmail, password });
    await joinWorkspace(api, owner.accessToken, owner.workspaceId, { email: memberEmail, token: member.accessToken }, "MEMBER");
    const page = await browser!.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    const url = receiver.url("/browser");
    let secret = "";

    await step("the settings navigation leads to an empty Webhooks page with the verify snippet", async () => {
      await signInInUi(page, server!, `wh-owner-${tag}@example.com`, password);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks", exact: true }).click();
      await page.waitForURL(`${server!.baseUrl}/w/${owner.workspaceId}/settings/webhooks`);
      await page.getByText("No webhooks yet").waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("verify-snippet").textContent()).toContain('createHmac("sha256"');
      // The server's configured policy (WEBHOOK_RETRY_BASE_MS=200 here), not the defaults.
      await page.getByText("retried after 200 ms, 400 ms and 800 ms").waitFor();
    });

    await step("the form refuses no URL and no events under their fields", async () => {
      await page.getByRole("button", { name: "Add webhook" }).first().click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: "Add webhook" }).click();
      await dialog.getByText("Enter the full address of your receiver").waitFor();
      await dialog.getByText("Choose at least one event to send").waitFor();
      await dialog.getByLabel("Payload URL").fill(url);
      await dialog.getByLabel("Description (optional)").fill("Our CRM");
      await dialog.getByTestId("event-picker").getByText("task.created", { exact: true }).waitFor();
      await dialog.getByLabel("task.created").check();
      await dialog.getByLabel("comment.created").check();
      await shoot(page, "form-desktop");
      await dialog.getByRole("button", { name: "Add webhook" }).click();
    });

    await step("the secret is shown once in a copy field", async () => {
      const dialog = page.getByRole("dialog", { name: "Copy the signing secret" });
      await dialog.waitFor();
      secret = await dialog.getByTestId("webhook-secret").inputValue();
      expect(secret).toMatch(/^whsec_/);
      await shoot(page, "secret-desktop");
      await dialog.getByRole("button", { name: "I've copied it" }).click();
      await page.getByTestId("webhook-card").waitFor();
      expect(await page.locator("body").textContent()).not.toContain(secret);
      expect(await page.getByTestId("webhook-card").textContent()).toContain(`secret …${secret.slice(-4)}`);
    });

    await step("Send test posts a signed webhook.test and the log shows it with payload and response", async () => {
      receiver.script({ status: 200, body: "thanks from the receiver" });
      await page.getByRole("button", { name: "Send test" }).click();
      await page.getByText(/Test delivered: 200/).waitFor();
      const hit = receiver.received.find((r) => r.path === "/browser")!;
      expect(hit.headers["x-teamflow-signature"]).toBe(`sha256=${crypto.createHmac("sha256", secret).update(hit.body).digest("hex")}`);
      const row = page.getByTestId("delivery-row").first();
      await row.getByText("Delivered").waitFor();
      await row.getByRole("button", { name: /^Delivered webhook\.test/ }).click();
      await row.getByText("thanks from the receiver").waitFor();
      expect(await row.locator("pre").first().textContent()).toContain('"event": "webhook.test"');
      await shoot(page, "log-desktop");
    });

    await step("a failed delivery is redelivered from the log", async () => {
      receiver.fallback = { status: 500, body: "receiver broken" };
      await page.getByRole("button", { name: "Send test" }).click();
      await page.getByText(/Test failed/).waitFor();
      await page.getByTestId("delivery-row").first().getByText("Failed").waitFor();
      receiver.fallback = { status: 200, body: "fixed now" };
      await page.getByTestId("delivery-row").first().getByRole("button", { name: /Redeliver/ }).click();
      await page.getByText("Queued again as a new delivery").waitFor();
      await eventually(() => receiver.received.filter((r) => r.path === "/browser").length === 3, { what: "the redelivery at the receiver" });
      await page.getByTestId("delivery-row").getByText("redelivery").first().waitFor();
      await page.getByTestId("delivery-row").first().getByText("Delivered").waitFor({ timeout: 15_000 });
    });

    await step("phone width: the page and the log fit", async () => {
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300);
      const width = await page.evaluate<number>("document.documentElement.scrollWidth");
      expect(width).toBeLessThanOrEqual(PHONE.width + 1);
      await shoot(page, "page-phone");
      await page.setViewportSize(DESKTOP);
    });

    await step("delete asks first, then removes it", async () => {
      await page.getByRole("button", { name: `Delete webhook ${url}` }).click();
      const confirm = page.getByRole("alertdialog").or(page.getByRole("dialog"));
      await confirm.getByText("Delete this webhook?").waitFor();
      await shoot(page, "delete-desktop");
      await confirm.getByRole("button", { name: "Delete webhook" }).click();
      await page.getByText("No webhooks yet").waitFor();
      expect(await api<unknown[]>("GET", `/workspaces/${owner.workspaceId}/webhooks`, owner.accessToken)).toEqual([]);
    });

    expect(errors).toEqual([]);
    await page.close();

    await step("a member is told webhooks are for owners and admins", async () => {
      const memberPage = await browser!.newPage({ viewport: PHONE });
      await signInInUi(memberPage, server!, memberEmail, password);
      await memberPage.goto(`${server!.baseUrl}/w/${owner.workspaceId}/settings/webhooks`);
      await memberPage.getByText("Webhooks are managed by owners and admins").waitFor();
      await shoot(memberPage, "member-phone");
      await memberPage.close();
    });
  }, 180_000);
});
