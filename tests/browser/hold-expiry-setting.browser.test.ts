import path from "node:path";
import { artifacts } from "../helpers/browser";
import { apiFor, loginApi, openPage, registerWithWorkspace, useBrowserApp } from "../helpers/browser-app";
import { step } from "../helpers/step";

const app = useBrowserApp();

describe("web app: the workspace's hold length", () => {
  it("shows 72 hours, refuses bad values under the field, saves a new length and 'never'", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    const email = `holds-${Date.now()}@example.com`;
    const password = "Browser-pass-42";
    const workspaceId = await registerWithWorkspace(page, app.server, { name: "Hana Holder", email, password, workspace: "Hold Studio" });
    const field = page.getByLabel("Holds expire after (hours)");
    const form = page.getByRole("form", { name: "Hold expiry" });

    await step("opens the workspace settings with the default of 72 hours", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/settings/workspace`);
      await field.waitFor({ timeout: 30_000 });
      expect(await field.inputValue()).toBe("72");
    });

    await step("refuses 0 and 1.5 with a message under the field, saving nothing", async () => {
      await field.fill("0");
      await form.getByRole("button", { name: "Save" }).click();
      await form.getByText("At least 1 hour").waitFor();
      expect(await field.getAttribute("aria-invalid")).toBe("true");
      await field.fill("1.5");
      await form.getByRole("button", { name: "Save" }).click();
      await form.getByText("Enter a whole number of hours, or leave it empty").waitFor();
      await page.screenshot({ path: path.join(artifacts, "hold-expiry-setting-error.png") });
    });

    const api = apiFor(app);
    const session = await loginApi(api, email, password);
    const setting = async () => (await api<{ holdExpiryHours: number | null }>("GET", `/workspaces/${workspaceId}`, session.accessToken)).holdExpiryHours;
    expect(await setting()).toBe(72);

    await step("saves 48 hours", async () => {
      await field.fill("48");
      await form.getByRole("button", { name: "Save" }).click();
      await page.getByText("New holds expire after 48 hours").waitFor({ timeout: 15_000 });
      expect(await setting()).toBe(48);
      expect(await field.getAttribute("aria-invalid")).toBeNull();
    });

    await step("empty means holds never expire by default", async () => {
      await field.fill("");
      await form.getByRole("button", { name: "Save" }).click();
      await page.getByText("New holds no longer expire by default").waitFor({ timeout: 15_000 });
      expect(await setting()).toBeNull();
      await page.reload();
      await field.waitFor({ timeout: 30_000 });
      expect(await field.inputValue()).toBe("");
      expect(await field.getAttribute("placeholder")).toBe("Never");
      await page.screenshot({ path: path.join(artifacts, "hold-expiry-setting.png"), fullPage: true });
    });

    expect(errors).toEqual([]);
  });
});
