import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { apiFor, loginApi, openPage, registerWithWorkspace, useBrowserApp } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";
import { pdfText } from "../helpers/pdf-text";
import { step } from "../helpers/step";

const T = 30_000;
const DAY = 86_400_000;

const app = useBrowserApp();
const apiCall = apiFor(app);

interface ApiPhase {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  progress: number;
  dependsOn: string[];
  version: number;
}

const isoIn = (days: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) + days * DAY).toISOString().slice(0, 10);
};

/** Waits until the server's copy of a phase matches (the change was saved, not only drawn). */
const until = (what: string, check: () => Promise<boolean>) => eventually(async () => (await check()) || false, { what, timeoutMs: T });

/** The whole page, the viewport grown to the document's height first (as the other browser tests do). */
async function shot(page: Page, name: string) {
  const size = page.viewportSize()!;
  const height = await page.evaluate<number>("document.documentElement.scrollHeight");
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: path.join(artifacts, name) });
  await page.setViewportSize(size);
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

describe("web app: project timeline", () => {
  it("drags a phase, links two phases by dragging, shows the booked artist's lane, edits a phase from the keyboard, follows others live", async () => {
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    const email = `timeline-${Date.now()}@example.com`;
    const password = "Timeline-pass-42";
    const workspaceId = await step("signs up with a workspace", () => registerWithWorkspace(page, app.server, { name: "Grace Producer", email, password, workspace: "Gantt Studio" }));

    const { token, projectId, shoot, edit } = await step("a project with two phases, a milestone and bookings, through the API", async () => {
      const { accessToken: token } = await loginApi(apiCall, email, password);
      const project = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, token, { name: "Short film", key: "SF" });
      const shoot = await apiCall<ApiPhase>("POST", `/projects/${project.id}/phases`, token, { name: "Shoot", startDate: isoIn(0), endDate: isoIn(6), progress: 30, color: "#0ea5e9" });
      const edit = await apiCall<ApiPhase>("POST", `/projects/${project.id}/phases`, token, { name: "Edit", startDate: isoIn(12), endDate: isoIn(20), color: "#8b5cf6" });
      await apiCall("POST", `/projects/${project.id}/milestones`, token, { name: "Picture lock", date: isoIn(20) });
      const artist = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/artists`, token, { name: "Ada Animator", timezone: "UTC", skills: [], color: "#16a34a" });
      await apiCall("POST", `/workspaces/${workspaceId}/bookings`, token, { artistId: artist.id, projectId: project.id, title: "Camera", start: `${isoIn(1)}T09:00:00Z`, end: `${isoIn(4)}T17:00:00Z`, status: "CONFIRMED" });
      await apiCall("POST", `/workspaces/${workspaceId}/bookings`, token, { artistId: artist.id, projectId: project.id, title: "Grade", start: `${isoIn(14)}T09:00:00Z`, end: `${isoIn(15)}T17:00:00Z`, status: "HOLD" });
      return { token, projectId: project.id, shoot, edit };
    });
    const phaseOf = async (id: string) => (await apiCall<ApiPhase[]>("GET", `/projects/${projectId}/phases`, token)).find((p) => p.id === id)!;
    const bar = (id: string) => page.locator(`[data-phase-bar="${id}"]`);

    await step("the Timeline tab shows the phases, the milestone, today and the booked artist's lane", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${projectId}/board`);
      await page.getByRole("navigation", { name: "Project views" }).getByRole("link", { name: "Timeline" }).click();
      await bar(shoot.id).waitFor({ timeout: T });
      expect(await page.getByTestId("phase-bar").count()).toBe(2);
      await page.getByRole("button", { name: /Milestone Picture lock/ }).waitFor();
      await page.getByTestId("today-line").waitFor();
      const lane = page.getByTestId("artist-lane");
      await lane.getByText("Ada Animator").waitFor();
      expect(await lane.locator('[data-status="CONFIRMED"]').count()).toBe(1);
      expect(await lane.locator('[data-status="HOLD"]').getByText("H1").count()).toBe(1);
    });

    await step("drags the Shoot bar three days later (month zoom: 18 px a day)", async () => {
      const box = (await bar(shoot.id).boundingBox())!;
      const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await drag(page, from, { x: from.x + 3 * 18 + 2, y: from.y });
      await page.locator(`[data-phase-bar="${shoot.id}"][data-start="${isoIn(3)}"]`).waitFor({ timeout: T });
      await until("the moved Shoot phase saved", async () => (await phaseOf(shoot.id)).startDate === isoIn(3));
      expect((await phaseOf(shoot.id)).endDate).toBe(isoIn(9));
    });

    await step("drags from the Shoot bar's dot onto Edit: Edit now starts after Shoot, an arrow shows it", async () => {
      const dot = (await page.locator(`[data-phase-id="${shoot.id}"] [data-handle="link"]`).boundingBox())!;
      const target = (await bar(edit.id).boundingBox())!;
      await drag(page, { x: dot.x + dot.width / 2, y: dot.y + dot.height / 2 }, { x: target.x + target.width / 2, y: target.y + target.height / 2 });
      await page.locator(`[data-dependency="${shoot.id}>${edit.id}"]`).waitFor({ timeout: T });
      await until("Edit depends on Shoot", async () => (await phaseOf(edit.id)).dependsOn.join() === shoot.id);
      await shot(page, "timeline-desktop.png");
    });

    await step("edits the Edit phase from the keyboard: focus, Enter, type, submit", async () => {
      await bar(edit.id).focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name").waitFor({ timeout: T });
      await dialog.getByLabel("Name").fill("Offline edit");
      await dialog.getByLabel("Progress (%)").fill("150");
      await dialog.getByLabel("Progress (%)").press("Enter");
      await dialog.getByText("Progress is a whole number from 0 to 100").waitFor();
      await dialog.getByLabel("Progress (%)").fill("50");
      await dialog.getByLabel("Progress (%)").press("Enter");
      await dialog.waitFor({ state: "detached", timeout: T });
      await until("the keyboard edit saved", async () => {
        const p = await phaseOf(edit.id);
        return p.name === "Offline edit" && p.progress === 50;
      });
      // and moves it a day with the arrow key
      await bar(edit.id).focus();
      await page.keyboard.press("ArrowRight");
      await until("the arrow key moved Edit a day", async () => (await phaseOf(edit.id)).startDate === isoIn(13));
    });

    await step("a change made elsewhere shows up live", async () => {
      const current = await phaseOf(shoot.id);
      await apiCall("PATCH", `/phases/${shoot.id}`, token, { name: "Principal photography", version: current.version });
      await page.locator(`[data-phase-id="${shoot.id}"]`).getByText("Principal photography", { exact: true }).waitFor({ timeout: T });
    });

    await step("drags the second phase's grip above the first: the order is saved", async () => {
      const grip = (await page.locator(`[data-phase-id="${edit.id}"] [data-testid="reorder-grip"]`).boundingBox())!;
      const from = { x: grip.x + grip.width / 2, y: grip.y + grip.height / 2 };
      await drag(page, from, { x: from.x, y: from.y - 40 });
      await until("Edit is first", async () => (await apiCall<ApiPhase[]>("GET", `/projects/${projectId}/phases`, token))[0].id === edit.id);
      await eventually(async () => (await page.getByTestId("phase-row").first().getAttribute("data-phase-id")) === edit.id || false, { what: "the Gantt shows Edit first", timeoutMs: T });
    });

    await step("exports a PNG and prints only the chart", async () => {
      const download = page.waitForEvent("download", { timeout: T });
      await page.getByRole("button", { name: "Export PNG" }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe("sf-timeline.png");
      const saved = path.join(artifacts, "timeline-export.png");
      await file.saveAs(saved);
      // The PDF comes from the server, fetched with the session's token.
      const pdfDownload = page.waitForEvent("download", { timeout: T });
      await page.getByRole("button", { name: "Export PDF" }).click();
      const pdfFile = await pdfDownload;
      expect(pdfFile.suggestedFilename()).toMatch(/^sf-timeline-\d{4}-\d{2}-\d{2}\.pdf$/);
      const pdfPath = path.join(artifacts, "timeline-export.pdf");
      await pdfFile.saveAs(pdfPath);
      const { text } = await pdfText(fs.readFileSync(pdfPath));
      for (const words of ["Offline edit", "Picture lock", "Ada Animator"]) expect(text).toContain(words);
      await page.emulateMedia({ media: "print" });
      expect(await page.getByRole("button", { name: "Add phase" }).isVisible()).toBe(false);
      await page.screenshot({ path: path.join(artifacts, "timeline-print.png") });
      await page.emulateMedia({ media: "screen" });
    });

    await step("zooms to week and quarter; the phone layout", async () => {
      await page.getByRole("button", { name: "Week", exact: true }).click();
      expect(await page.getByRole("button", { name: "Week", exact: true }).getAttribute("aria-pressed")).toBe("true");
      await page.getByRole("button", { name: "Quarter", exact: true }).click();
      await bar(shoot.id).waitFor();
      await page.getByRole("button", { name: "Month", exact: true }).click();
      await page.setViewportSize({ width: 390, height: 844 });
      await bar(shoot.id).waitFor();
      await shot(page, "timeline-phone.png");
      await bar(shoot.id).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("dialog").getByLabel("Name").waitFor({ timeout: T });
      await page.screenshot({ path: path.join(artifacts, "timeline-phone-dialog.png") });
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "detached", timeout: T });
    });

    expect(errors).toEqual([]);
  }, 240_000);
});
