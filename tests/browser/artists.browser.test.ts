import path from "node:path";
import type { Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { apiFor, joinWorkspace, openPage, registerApi, registerApiWithWorkspace, signInInUi, useBrowserApp } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";

const T = 30_000;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const app = useBrowserApp();
const apiCall = apiFor(app);

/** The whole page at this viewport (the viewport grows to the document first, so the sticky shell is painted once). */
async function shot(page: Page, name: string) {
  const size = page.viewportSize()!;
  const height = await page.evaluate<number>("document.documentElement.scrollHeight");
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: path.join(artifacts, name) });
  await page.setViewportSize(size);
}

/** Desktop and phone screenshots of the page as it is now. */
async function shots(page: Page, name: string) {
  await shot(page, `${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(300);
  await shot(page, `${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
}

interface ApiArtist {
  id: string;
  name: string;
  userId: string | null;
  dayRate: number | null;
  currency: string;
  skills: string[];
  timezone: string;
}
interface ApiBooking {
  id: string;
  status: string;
}

/** YYYY-MM-DD `days` from today (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("web app: artists, availability, My bookings", () => {
  const password = "Artists-pass-42";
  const stamp = Date.now();
  const adminEmail = `artists-admin-${stamp}@example.com`;
  const artistEmail = `artists-lena-${stamp}@example.com`;
  let workspaceId = "";
  let adminToken = "";
  let artistUserId = "";
  let artist: ApiArtist | null = null;

  it("an admin creates an artist through the form (a validation error first), sets the working hours in the editor and adds time off", async () => {
    const { page, errors } = await openPage(app, DESKTOP);

    await step("an admin with a workspace, and a member who will be the artist, through the API", async () => {
      const admin = await registerApiWithWorkspace(apiCall, { name: "Ada Producer", email: adminEmail, password, workspace: "Artist Studio" });
      workspaceId = admin.workspaceId;
      adminToken = admin.accessToken;
      const lena = await registerApi(apiCall, { name: "Lena Lighter", email: artistEmail, password });
      artistUserId = lena.user.id;
      await joinWorkspace(apiCall, adminToken, workspaceId, { email: artistEmail, token: lena.accessToken }, "MEMBER");
    });

    await step("the empty directory offers to add an artist", async () => {
      await signInInUi(page, app.server, adminEmail, password);
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/artists`);
      await page.getByText("No artists yet").waitFor({ timeout: T });
      // Not linked to an artist: no My bookings entry in the sidebar.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Artists" }).waitFor();
      expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My bookings" }).count()).toBe(0);
    });

    const dialog = page.getByRole("dialog");
    await step("the form shows errors next to their fields, then creates the artist", async () => {
      await page.getByRole("button", { name: "New artist" }).first().click();
      await dialog.getByLabel("Day rate").fill("4x0");
      await dialog.getByLabel("Portfolio links").fill("vimeo.com/lena");
      await dialog.getByRole("button", { name: "Create artist" }).click();
      await dialog.getByText("Enter a name").waitFor();
      await dialog.getByText("Enter an amount like 450 or 450.50").waitFor();
      await dialog.getByText("Line 1: enter a link starting with https://").waitFor();
      expect(await dialog.getByLabel("Name").getAttribute("aria-invalid")).toBe("true");
      expect(await dialog.getByLabel("Day rate").getAttribute("aria-invalid")).toBe("true");

      await dialog.getByLabel("Name").fill("Lena Lighter");
      await dialog.getByLabel("Title").fill("Lighting artist");
      await dialog.getByLabel("Email").fill("lena@example.com");
      await dialog.getByLabel("Skills").fill("lighting");
      await dialog.getByLabel("Skills").press("Enter");
      await dialog.getByLabel("Skills").fill("comp");
      await dialog.getByLabel("Skills").press("Enter");
      await dialog.getByLabel("Day rate").fill("450.50");
      await dialog.getByLabel("Currency").selectOption("GBP");
      await dialog.getByLabel("Timezone").selectOption("Europe/London");
      await dialog.getByLabel("Linked member").selectOption({ label: `Lena Lighter (${artistEmail})` });
      await dialog.getByLabel("Portfolio links").fill("https://vimeo.com/lena");
      await shot(page, "artist-form-desktop.png");
      await dialog.getByRole("button", { name: "Create artist" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
    });

    await step("the directory lists the artist with skills, rate, timezone and member; the API has what was typed", async () => {
      const row = page.getByTestId("artist-row").filter({ hasText: "Lena Lighter" });
      await row.waitFor({ timeout: T });
      await row.getByText("£450.50").waitFor();
      await row.getByText("comp").waitFor();
      await row.getByText("Europe/London").waitFor();
      const list = await apiCall<ApiArtist[]>("GET", `/workspaces/${workspaceId}/artists`, adminToken);
      expect(list).toHaveLength(1);
      artist = list[0]!;
      expect(artist).toMatchObject({ name: "Lena Lighter", dayRate: 45050, currency: "GBP", skills: ["lighting", "comp"], timezone: "Europe/London", userId: artistUserId });
      // The skill filter finds her in any case, another skill does not; its suggestions are the workspace's skills.
      await page.getByLabel("Skill filter").fill("paint");
      await page.getByText("No artists match").waitFor({ timeout: T });
      await page.getByLabel("Skill filter").fill("COMP");
      await row.waitFor({ timeout: T });
      expect(await page.locator("#artist-skill-options option").evaluateAll((options) => options.map((o) => o.getAttribute("value") ?? "").sort())).toEqual(["comp", "lighting"]);
      await shots(page, "artists-directory");
    });

    await step("the editor shows the server's overlap error at the range it names, then saves Monday copied to the weekdays", async () => {
      await page.getByRole("link", { name: "Lena Lighter" }).click();
      await page.getByRole("heading", { name: "Lena Lighter" }).waitFor({ timeout: T });
      const monday = page.getByRole("group", { name: "Monday" });
      await monday.getByRole("button", { name: "Add range on Monday" }).click();
      expect(await monday.getByLabel("Monday range 1 start").inputValue()).toBe("09:00");
      expect(await monday.getByLabel("Monday range 1 end").inputValue()).toBe("17:00");
      await monday.getByRole("button", { name: "Add range on Monday" }).click();
      await monday.getByLabel("Monday range 2 start").fill("12:00");
      await monday.getByLabel("Monday range 2 end").fill("13:00");
      await page.getByRole("button", { name: "Save hours" }).click();
      await monday.getByText("Start: Overlaps 09:00–17:00 on the same weekday").waitFor({ timeout: T });
      expect(await monday.getByLabel("Monday range 2 start").getAttribute("aria-invalid")).toBe("true");
      expect(await apiCall<unknown[]>("GET", `/artists/${artist!.id}/working-hours`, adminToken)).toEqual([]);

      await monday.getByRole("button", { name: "Remove Monday range 2" }).click();
      await page.getByRole("button", { name: "Copy Monday to weekdays" }).click();
      expect(await page.getByRole("group", { name: "Friday" }).getByLabel("Friday range 1 end").inputValue()).toBe("17:00");
      await page.getByRole("button", { name: "Save hours" }).click();
      await page.getByText("Working hours saved").waitFor({ timeout: T });
      const saved = await apiCall<{ weekday: number; start: string; end: string }[]>("GET", `/artists/${artist!.id}/working-hours`, adminToken);
      expect(saved.map((r) => r.weekday).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(saved.every((r) => r.start === "09:00" && r.end === "17:00")).toBe(true);
      await page.getByText("40 hours a week").waitFor();
      // The month's utilisation is refetched with the new hours: something is available now.
      const month = page.getByTestId("month-utilisation");
      await eventually(async () => expect(await month.getByTestId("available-hours").innerText()).not.toBe("0 h"), { what: "the month's available hours after saving the week", timeoutMs: T });
    });

    await step("adds time off with its dates and reason; a reversed range is refused next to the last day", async () => {
      const form = page.getByRole("form", { name: "Add time off" });
      await form.getByLabel("First day").fill(day(40));
      await form.getByLabel("Last day").fill(day(38));
      await form.getByRole("button", { name: "Add time off" }).click();
      await form.getByText("The last day can't be before the first").waitFor();
      await form.getByLabel("Last day").fill(day(42));
      await form.getByLabel("Reason").fill("Family holiday");
      await form.getByRole("button", { name: "Add time off" }).click();
      const list = page.getByRole("list", { name: "Time off" });
      await list.getByText("Family holiday").waitFor({ timeout: T });
      await list.getByText("3 days", { exact: false }).waitFor();
      const off = await apiCall<{ startDate: string; endDate: string; reason: string }[]>("GET", `/artists/${artist!.id}/time-off`, adminToken);
      expect(off).toEqual([expect.objectContaining({ startDate: day(40), endDate: day(42), reason: "Family holiday" })]);
      await shots(page, "artist-profile");
    });

    await step("not linked to an artist, My bookings explains why it is empty", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/my-bookings`);
      await page.getByText("You're not an artist in this workspace").waitFor({ timeout: T });
    });

    expect(errors).toEqual([]);
    await page.close();
  });

  it("the artist's own user accepts a request (→ confirmed), declines another with a note, and sees why a clashing hold can't be accepted", async () => {
    expect(artist).not.toBeNull();
    const a = artist!;
    const { page, errors } = await openPage(app, DESKTOP);
    const at = (days: number, hour: number) => new Date(`${day(days)}T${String(hour).padStart(2, "0")}:00:00Z`).toISOString();

    const made = await step("three requests and a confirmed job, booked by the admin through the API", async () => {
      const book = (title: string, days: number, from: number, to: number, status: string) =>
        apiCall<ApiBooking>("POST", `/workspaces/${workspaceId}/bookings`, adminToken, { artistId: a.id, title, start: at(days, from), end: at(days, to), status, force: true });
      const shoot = await book("Commercial shoot", 3, 10, 14, "PENCIL");
      const video = await book("Music video", 5, 10, 14, "PENCIL");
      await book("Existing job", 7, 10, 14, "CONFIRMED");
      const clash = await book("Clashing hold", 7, 12, 16, "HOLD");
      return { shoot, video, clash };
    });

    await step("the artist's sidebar has My bookings, listing the requests soonest first", async () => {
      await signInInUi(page, app.server, artistEmail, password);
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}`);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My bookings" }).click();
      const items = page.getByTestId("my-booking");
      await items.first().waitFor({ timeout: T });
      expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")))).toEqual(["Commercial shoot", "Music video", "Existing job", "Clashing hold"]);
      await shots(page, "my-bookings");
    });

    const dialog = page.getByRole("dialog");
    await step("accepts the shoot with a note: shown confirmed", async () => {
      const shoot = page.getByRole("listitem", { name: "Commercial shoot" });
      await shoot.getByRole("button", { name: "Accept Commercial shoot" }).click();
      await dialog.getByLabel("Note (optional)").fill("See you on set");
      await dialog.getByRole("button", { name: "Accept booking" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
      await shoot.getByText("Confirmed").waitFor({ timeout: T });
      expect((await apiCall<ApiBooking>("GET", `/bookings/${made.shoot.id}`, adminToken)).status).toBe("CONFIRMED");
    });

    await step("declines the video with a note: declined, with the note in its history", async () => {
      await page.getByRole("button", { name: "Decline Music video" }).click();
      await dialog.getByLabel("Note (optional)").fill("I'm away that week");
      await dialog.getByRole("button", { name: "Decline booking" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
      // Upcoming lists open bookings only; the Declined filter shows it.
      await page.getByRole("listitem", { name: "Music video" }).waitFor({ state: "detached", timeout: T });
      expect((await apiCall<ApiBooking>("GET", `/bookings/${made.video.id}`, adminToken)).status).toBe("DECLINED");
      const events = await apiCall<{ type: string; note: string | null }[]>("GET", `/bookings/${made.video.id}/events`, adminToken);
      expect(events.at(-1)).toMatchObject({ type: "responded", note: "I'm away that week" });
    });

    await step("accepting the hold that overlaps the confirmed job shows the conflict and changes nothing", async () => {
      await page.getByRole("button", { name: "Accept Clashing hold" }).click();
      await dialog.getByRole("button", { name: "Accept booking" }).click();
      await dialog.getByText("You can't accept this booking: it overlaps the confirmed booking “Existing job”", { exact: false }).waitFor({ timeout: T });
      await shot(page, "my-bookings-conflict-desktop.png");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      expect((await apiCall<ApiBooking>("GET", `/bookings/${made.clash.id}`, adminToken)).status).toBe("HOLD");
    });

    await step("the Declined filter shows the declined booking", async () => {
      await page.getByLabel("Status filter").click();
      await page.getByRole("option", { name: "Declined" }).click();
      const video = page.getByRole("listitem", { name: "Music video" });
      await video.getByText("Declined").waitFor({ timeout: T });
    });

    await step("a MEMBER, the artist may edit their own hours on their profile", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/artists/${a.id}`);
      await page.getByRole("button", { name: "Add range on Saturday" }).click();
      await page.getByRole("button", { name: "Save hours" }).click();
      await page.getByText("Working hours saved").waitFor({ timeout: T });
      const saved = await apiCall<{ weekday: number }[]>("GET", `/artists/${a.id}/working-hours`, adminToken);
      expect(saved.map((r) => r.weekday).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      // Managing the artist (edit, delete) stays with admins.
      expect(await page.getByRole("button", { name: "Edit" }).count()).toBe(0);
    });

    expect(errors).toEqual([]);
    await page.close();
  });

  it("the utilisation page shows artists × ISO weeks (overbooked in red, hours in the tooltip), the holds toggle, the chart and the CSV; the project shows its booked hours and cost", async () => {
    expect(artist).not.toBeNull();
    const a = artist!;
    const { page, errors } = await openPage(app, DESKTOP);
    const at = (days: number, hour: number) => new Date(`${day(days)}T${String(hour).padStart(2, "0")}:00:00Z`).toISOString();

    const project = await step("a week-long confirmed job (more than the artist's 48 working hours a week), a project booking and an artist without hours, through the API", async () => {
      await apiCall("POST", `/workspaces/${workspaceId}/bookings`, adminToken, { artistId: a.id, title: "Week on location", start: at(14, 0), end: at(21, 0), status: "CONFIRMED", force: true });
      const project = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, adminToken, { name: "Perfume ad", key: "PERF" });
      await apiCall("POST", `/workspaces/${workspaceId}/bookings`, adminToken, { artistId: a.id, projectId: project.id, title: "Perfume ad lighting", start: at(10, 10), end: at(10, 14), status: "CONFIRMED", force: true });
      await apiCall("POST", `/workspaces/${workspaceId}/artists`, adminToken, { name: "Max Modeller", timezone: "Europe/Paris", skills: ["modelling"] });
      return project;
    });

    const heatmap = page.getByRole("table", { name: "Utilisation heatmap" });
    const lenaRow = heatmap.getByRole("row").filter({ hasText: "Lena Lighter" });
    const range = await step("the heatmap of the next 4 weeks matches the report, with an overbooked week in red", async () => {
      await signInInUi(page, app.server, adminEmail, password);
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/reports/utilisation`);
      await heatmap.waitFor({ timeout: T });
      await page.getByRole("button", { name: "Next 4 weeks" }).click();
      await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=/, { timeout: T });
      const url = new URL(page.url());
      const from = url.searchParams.get("from")!;
      const to = url.searchParams.get("to")!;
      const report = await apiCall<{ weeks: { week: string }[]; artists: { name: string; weeks: { utilisation: number | null; overbookedHours: number }[]; total: { utilisation: number | null } }[] }>(
        "GET",
        `/workspaces/${workspaceId}/reports/utilisation?from=${from}&to=${to}`,
        adminToken,
      );
      expect(report.weeks.length).toBeGreaterThanOrEqual(4);
      const lena = report.artists.find((r) => r.name === "Lena Lighter")!;
      expect(lena.weeks.some((w) => w.overbookedHours > 0)).toBe(true);
      const pct = (u: number | null) => (u === null ? "—" : `${Math.round(u * 100)}%`);
      const expected = [...lena.weeks.map((w) => pct(w.utilisation)), pct(lena.total.utilisation)];
      const cells = lenaRow.getByTestId("heatmap-cell");
      await eventually(async () => expect(await cells.allInnerTexts()).toEqual(expected), { what: "Lena's heatmap cells show the report's utilisation", timeoutMs: T });
      const overbooked = lenaRow.locator("[data-overbooked='true']").first();
      expect(await overbooked.getAttribute("class")).toContain("bg-red-500");
      await overbooked.hover();
      await page.getByRole("tooltip").getByText("Overbooked", { exact: false }).waitFor();
      await heatmap.getByRole("row").filter({ hasText: "Max Modeller" }).waitFor();
      await page.getByRole("region", { name: "Booked vs available" }).waitFor({ timeout: T });
      await shots(page, "utilisation");
      return { from, to };
    });

    await step("holds count only when asked", async () => {
      await page.getByText("Holds (not counted)").waitFor();
      await page.getByLabel("Count holds as booked").check();
      await page.getByText("Of which holds").waitFor({ timeout: T });
      expect(new URL(page.url()).searchParams.get("holds")).toBe("1");
    });

    await step("downloads the CSV with the session's bearer token", async () => {
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: T }), page.getByRole("button", { name: "Download CSV" }).click()]);
      expect(download.suggestedFilename()).toBe(`utilisation-${range.from}-${range.to}.csv`);
      const file = await download.path();
      const csv = (await import("node:fs")).readFileSync(file, "utf8");
      expect(csv.split("\n")[0]).toMatch(/week/i);
      expect(csv).toContain("Lena Lighter");
    });

    await step("the profile shows this month's utilisation", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/artists/${a.id}`);
      await page.getByTestId("month-utilisation").waitFor({ timeout: T });
    });

    await step("edits the artist's title; deleting an artist with bookings is refused with what to do instead", async () => {
      const dialog = page.getByRole("dialog");
      await page.getByRole("button", { name: "Edit" }).click();
      await dialog.getByLabel("Title").fill("Lead lighting artist");
      await dialog.getByRole("button", { name: "Save changes" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
      await page.getByText("Lead lighting artist").waitFor({ timeout: T });
      expect((await apiCall<ApiArtist & { title: string }>("GET", `/artists/${a.id}`, adminToken)).title).toBe("Lead lighting artist");

      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await dialog.getByRole("button", { name: "Delete artist" }).click();
      await dialog.getByText("Lena Lighter has bookings, so they can't be deleted — deactivate them instead", { exact: false }).waitFor({ timeout: T });
      await dialog.getByRole("button", { name: "Cancel" }).click();
      expect((await apiCall<ApiArtist>("GET", `/artists/${a.id}`, adminToken)).name).toBe("Lena Lighter");
    });

    await step("the project shows its booked hours and cost", async () => {
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/board`);
      const booked = page.getByTestId("project-booked");
      await booked.waitFor({ timeout: T });
      expect((await booked.innerText()).replace(/\s+/g, " ")).toBe("Booked 4 h · £450.50");
      await shot(page, "project-booked-desktop.png");
    });

    await step("with 150 artists the heatmap renders only the rows in view, and scrolling reaches the last one", async () => {
      for (let i = 0; i < 15; i++) {
        await Promise.all([...Array(10).keys()].map((k) => apiCall("POST", `/workspaces/${workspaceId}/artists`, adminToken, { name: `Zz Crew ${String(i * 10 + k).padStart(3, "0")}`, timezone: "UTC" })));
      }
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/reports/utilisation?from=${range.from}&to=${range.to}`);
      const grid = page.getByTestId("heatmap");
      await grid.and(page.locator("[data-virtual='true']")).waitFor({ timeout: T });
      const total = Number(await heatmap.getAttribute("aria-rowcount"));
      expect(total).toBeGreaterThan(150);
      const rendered = await heatmap.locator("tbody tr[aria-rowindex]").count();
      expect(rendered).toBeLessThan(40);
      await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await heatmap.getByRole("row").filter({ hasText: "Zz Crew 149" }).waitFor({ timeout: T });
      // The header row stays in view while the rows scroll under it.
      expect(await heatmap.locator("thead").isVisible()).toBe(true);
      await shots(page, "utilisation-virtual");
    });

    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
