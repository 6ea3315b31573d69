import path from "node:path";
import type { Page } from "playwright-core";
import { artifacts as screenshots } from "../helpers/browser";
import { apiFor, loginApi, openPage, registerWithWorkspace, useBrowserApp } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";
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

const threadOf = (page: Page) => new URL(page.url()).searchParams.get("thread")!;
const saved = (page: Page) => page.getByTestId("save-state").getByText("Saved").waitFor({ timeout: T });

describe("web app: the Blueprint wizard", () => {
  it("starts a blueprint, answers two sections with autosave, jumps between them, keeps the answers over a reload, previews the document", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    const email = `blueprint-${Date.now()}@example.com`;
    const password = "Blueprint-pass-42";
    const workspaceId = await step("signs up with a workspace", () => registerWithWorkspace(page, app.server, { name: "Ada Architect", email, password, workspace: "Design" }));
    const { token, projectId } = await step("a project through the API", async () => {
      const { accessToken } = await loginApi(apiCall, email, password);
      const project = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, accessToken, { name: "Relay", key: "RLY" });
      return { token: accessToken, projectId: project.id };
    });

    await step("the Blueprint tab offers to start one, and starts it", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${projectId}/board`);
      await page.getByRole("navigation", { name: "Project views" }).getByRole("link", { name: "Blueprint" }).click();
      await page.getByText("No blueprint yet").waitFor({ timeout: T });
      await page.getByRole("button", { name: "Start the Blueprint wizard" }).click();
      await page.getByTestId("section-title").getByText("1.1 Core Vision Statement").waitFor({ timeout: T });
      await page.getByText("SYSTEM_BLUEPRINT.md is created with your first answer.").waitFor();
    });

    await step("without an AI provider, the recommendations say how to get them", async () => {
      await page.getByRole("note", { name: "AI recommendations are not configured" }).waitFor({ timeout: T });
    });

    await step("answers 1.1: saved as you type, the preview follows", async () => {
      await page.getByLabel("What is your project?").fill("A relay for field teams to hand over shifts.");
      await page.getByTestId("section-preview").getByText("A relay for field teams to hand over shifts.").waitFor();
      await saved(page);
      await page.getByRole("link", { name: /SYSTEM_BLUEPRINT\.md \(version 1\)/ }).waitFor({ timeout: T });
      await page.getByLabel("Who is it for?").fill("Site leads and night crews");
      await page.getByLabel("What problem does it solve?").click(); // blur saves at once
      await saved(page);
      await page.getByRole("link", { name: /SYSTEM_BLUEPRINT\.md \(version 2\)/ }).waitFor({ timeout: T });
      expect(await page.getByTestId("phase-progress-vision-strategy").textContent()).toBe("2/26");
    });

    await step("jumps to 1.5 from the stepper and answers it, saved when leaving for another section", async () => {
      await page.getByRole("navigation", { name: "Blueprint phases and sections" }).getByRole("button", { name: /1\.5 Constraints & Context/ }).click();
      await page.getByTestId("section-title").getByText("1.5 Constraints & Context").waitFor();
      await page.getByLabel("Team size?").fill("Three developers");
      await page.getByLabel("Industry regulations?").fill("GDPR");
      await shot(page, "blueprint-1280.png");
      await page.getByRole("navigation", { name: "Blueprint phases and sections" }).getByRole("button", { name: /1\.1 Core Vision Statement/ }).click();
      expect(await page.getByLabel("What is your project?").inputValue()).toBe("A relay for field teams to hand over shifts.");
      // Leaving 1.5 saved its last answer (the blur of "Team size?" saved the first).
      await eventually(
        async () => {
          const bp = await apiCall<{ phases: Array<{ sections: Array<{ key: string; answers: Record<string, string> }> }> }>("GET", `/threads/${threadOf(page)}/blueprint`, token);
          return bp.phases[0]!.sections.find((s) => s.key === "constraints")!.answers.regulations === "GDPR";
        },
        { what: "1.5 saved on leaving it" },
      );
      const doc = await apiCall<Array<{ id: string; type: string }>>("GET", `/projects/${projectId}/artifacts`, token);
      expect(doc.map((a) => a.type)).toEqual(["blueprint"]);
    });

    await step("after a reload the answers are still there; Next moves on", async () => {
      await page.reload();
      await page.getByTestId("section-title").getByText("1.1 Core Vision Statement").waitFor({ timeout: T });
      expect(await page.getByLabel("Who is it for?").inputValue()).toBe("Site leads and night crews");
      await page.getByRole("navigation", { name: "Blueprint phases and sections" }).getByRole("button", { name: /1\.5 Constraints & Context/ }).click();
      expect(await page.getByLabel("Team size?").inputValue()).toBe("Three developers");
      const preview = page.getByTestId("section-preview");
      await preview.getByRole("heading", { name: "Team" }).waitFor();
      await preview.getByText("GDPR").waitFor();
      await page.getByRole("button", { name: /^Next/ }).click();
      await page.getByTestId("section-title").getByText("2.1 User Personas").waitFor();
      await page.getByText("4 of 99 questions answered").waitFor();
    });

    await step("the document link opens SYSTEM_BLUEPRINT.md on the artifacts page", async () => {
      await page.getByRole("link", { name: /SYSTEM_BLUEPRINT\.md \(version \d+\)/ }).click();
      await page.getByRole("heading", { name: "SYSTEM_BLUEPRINT.md", level: 2 }).waitFor({ timeout: T });
      await page.goBack();
      await page.getByTestId("section-title").waitFor({ timeout: T });
    });

    await step("at 390 px the wizard fits the screen", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId("section-title").waitFor();
      const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
      expect(overflow).toBeLessThanOrEqual(1);
      await shot(page, "blueprint-390.png");
    });
    expect(errors).toEqual([]);
  }, 180_000);
});
