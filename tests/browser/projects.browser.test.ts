import path from "node:path";
import { artifacts } from "../helpers/browser";
import { openPage, registerWithWorkspace, useBrowserApp } from "../helpers/browser-app";
import { step } from "../helpers/step";

const app = useBrowserApp();

describe("web app: projects", () => {
  it("creates a project with a suggested key, refuses a duplicate key, archives it and finds it under Archived", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 860 });
    const email = `projects-${Date.now()}@example.com`;

    const dialog = page.getByRole("dialog");
    const cards = page.getByTestId("project-card");

    await step("signs up with a workspace", () => registerWithWorkspace(page, app.server, { name: "Ada Lovelace", email, password: "Browser-pass-42", workspace: "Project Studio" }));

    await step("finds Projects in the navigation, no longer announced as coming", async () => {
      // Every module is a real page now: the dashboard announces none as coming, the navigation marks none "soon".
      await page.getByRole("heading", { name: "Get started" }).waitFor({ timeout: 30_000 });
      expect(await page.getByRole("heading", { name: "Coming to this workspace" }).count()).toBe(0);
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Projects" }).waitFor({ timeout: 30_000 });
      expect(await nav.getByRole("link", { name: "Projects" }).textContent()).not.toMatch(/soon/i);
      expect(await nav.getByRole("link", { name: "Bookings" }).textContent()).not.toMatch(/soon/i);
      expect(await nav.getByRole("link", { name: "Assistant" }).textContent()).not.toMatch(/soon/i);
      await nav.getByRole("link", { name: "Projects" }).click();
      await page.getByRole("heading", { name: "Projects", exact: true }).waitFor();
      await page.getByText("No projects yet").waitFor({ timeout: 15_000 });
    });

    await step("creates a project, the key following the name", async () => {
      await page.getByRole("button", { name: "New project" }).first().click();
      await dialog.getByLabel("Name").fill("Website Redesign");
      expect(await dialog.getByLabel("Key").inputValue()).toBe("WR");
      await dialog.getByLabel("Description").fill("New marketing site");
      await dialog.getByLabel("Start date").fill("2026-01-05");
      await dialog.getByLabel("End date").fill("2026-03-31");
      await dialog.getByRole("radio", { name: "#10b981" }).click();
      await dialog.getByLabel("Lead").selectOption({ label: "Ada Lovelace" });
      await dialog.getByRole("button", { name: "Create project" }).click();
      await dialog.waitFor({ state: "detached", timeout: 15_000 });

      await cards.filter({ hasText: "Website Redesign" }).waitFor({ timeout: 15_000 });
      expect(await cards.filter({ hasText: "Website Redesign" }).textContent()).toMatch(/WR.*Active.*Ada Lovelace/);
      // The toast slides in at the top right, over the New project button: a click during its entrance
      // lands on the toast (seen under load). Close it first, as a person would wait for it.
      const toast = page.getByText("Created Website Redesign (WR)");
      await toast.waitFor();
      await page.getByRole("button", { name: "Close toast" }).first().click();
      await toast.waitFor({ state: "detached" });
    });

    await step("refuses a duplicate key under the key field; a key edited by hand stops following the name", async () => {
      await page.getByRole("button", { name: "New project" }).first().click();
      await dialog.getByLabel("Name").fill("Web Reports");
      expect(await dialog.getByLabel("Key").inputValue()).toBe("WR");
      await dialog.getByRole("button", { name: "Create project" }).click();
      await dialog.getByLabel("Key").and(page.locator("[aria-invalid=true]")).waitFor({ timeout: 15_000 });
      await dialog.getByText("Key is already in use").waitFor();
      await page.screenshot({ path: path.join(artifacts, "projects-duplicate-key.png") });
      await dialog.getByLabel("Key").fill("WREP");
      await dialog.getByLabel("Name").fill("Web Reports 2");
      expect(await dialog.getByLabel("Key").inputValue()).toBe("WREP");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "detached" });
    });

    await step("archives it: gone from the default list, shown under Archived", async () => {
      await page.getByRole("button", { name: "Actions for Website Redesign" }).click();
      await page.getByRole("menuitem", { name: "Archive" }).click();
      await page.getByText("Archived Website Redesign").waitFor({ timeout: 15_000 });
      await page.getByText("No projects yet").waitFor({ timeout: 15_000 });
      await page.getByRole("combobox", { name: "Status filter" }).click();
      await page.getByRole("option", { name: "Archived", exact: true }).click();
      await page.waitForURL(/status=archived/);
      await cards.filter({ hasText: "Website Redesign" }).waitFor({ timeout: 15_000 });
      expect(await cards.filter({ hasText: "Website Redesign" }).textContent()).toContain("Archived");
    });

    await page.screenshot({ path: path.join(artifacts, "projects.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
