import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { apiFor, collectPageErrors, joinWorkspace, registerApi, registerApiWithWorkspace, signInInUi, useBrowserApp, useContexts } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";

const T = 30_000;

const app = useBrowserApp();
const apiCall = apiFor(app);

interface ApiBooking {
  id: string;
  title: string;
  start: string;
  end: string;
  status: string;
  version: number;
}

/** A Monday well in the future, so the week is the same whatever day the test runs. */
const WEEK = "2027-03-01";
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2027, 2, 1 + day, hour, minute)).toISOString();
const WEEKDAYS_9_TO_5 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));

const row = (page: Page, artist: string) => page.locator(`[data-testid="artist-row"][data-artist-name="${artist}"]`);
const bar = (page: Page, title: string) => page.locator('[data-testid="booking-bar"]', { hasText: title });

/** The x of an instant inside an artist's timeline, from the day's header cell and the hours it draws (`data-hours="6-22"`). */
async function xAt(page: Page, artist: string, iso: string): Promise<{ x: number; y: number }> {
  const day = iso.slice(0, 10);
  const cell = page.locator(`[data-day="${day}"]`);
  const header = (await cell.boundingBox())!;
  const [first, last] = (await cell.getAttribute("data-hours"))!.split("-").map(Number) as [number, number];
  const timeline = (await row(page, artist).locator("[data-timeline]").boundingBox())!;
  const d = new Date(iso);
  const fraction = (d.getUTCHours() + d.getUTCMinutes() / 60 - first) / (last - first);
  return { x: header.x + fraction * header.width, y: timeline.y + timeline.height / 2 };
}

/** Presses at `from`, moves in small steps (past the drag threshold) to `to`, releases. */
async function dragMouse(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, screenshot?: string) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x > from.x ? 8 : -8), from.y, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 20 });
  if (screenshot) await page.screenshot({ path: path.join(artifacts, screenshot) });
  await page.mouse.up();
}

async function barBox(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error("bar not visible");
  return box;
}

describe("web app: bookings calendar", () => {
  const newContext = useContexts(app);

  it("creates by dragging, rolls back a move into a confirmed booking naming it, shows others' bookings live, opens ?booking= and changes its status", async () => {
    const stamp = Date.now();
    const password = "Calendar-pass-4242";
    const email = `calendar-owner-${stamp}@example.com`;

    const { owner, workspaceId, ada, grace, project } = await step("an owner, a project and two artists (Mon–Fri 09–17 UTC) through the API", async () => {
      const owner = await registerApiWithWorkspace(apiCall, { name: "Olive Owner", email, password, workspace: "Frame Studio" });
      const workspaceId = owner.workspaceId;
      const project = await apiCall<{ id: string; name: string }>("POST", `/workspaces/${workspaceId}/projects`, owner.accessToken, { name: "Nebula Ad", key: "NEB" });
      const artist = async (name: string, color: string, skills: string[]) => {
        const a = await apiCall<{ id: string }>("POST", `/workspaces/${workspaceId}/artists`, owner.accessToken, { name, timezone: "UTC", color, skills });
        await apiCall("PUT", `/artists/${a.id}/working-hours`, owner.accessToken, WEEKDAYS_9_TO_5);
        return a;
      };
      const ada = await artist("Ada Animator", "#0ea5e9", ["Animation", "Rigging"]);
      const grace = await artist("Grace Grader", "#f97316", ["Colour"]);
      await apiCall("POST", `/artists/${grace.id}/time-off`, owner.accessToken, { startDate: "2027-03-05", endDate: "2027-03-05", reason: "Festival" });
      return { owner, workspaceId, ada, grace, project };
    });

    const context = await newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "UTC" });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const weekUrl = `${app.server.baseUrl}/w/${workspaceId}/bookings?zoom=week&date=${WEEK}`;

    await step("signs in and opens the week of the calendar", async () => {
      await signInInUi(page, app.server, email, password);
      await page.goto(weekUrl);
      await row(page, "Ada Animator").waitFor({ timeout: T });
      await row(page, "Grace Grader").waitFor({ timeout: T });
      await page.getByTestId("time-off").first().waitFor({ timeout: T });
    });

    await step("drags across empty cells (Tue 10:30 → 12:40) and submits the prefilled dialog", async () => {
      const from = await xAt(page, "Ada Animator", at(1, 10, 30));
      const to = await xAt(page, "Ada Animator", at(1, 12, 40));
      await dragMouse(page, from, to, "bookings-calendar-drag-create.png");
      const dialog = page.getByRole("dialog", { name: "New booking" });
      await dialog.waitFor({ timeout: T });
      // Snapped to whole hours at week zoom: 10:00–13:00.
      expect(await dialog.getByLabel("Start").inputValue()).toBe("2027-03-02T10:00");
      expect(await dialog.getByLabel("End").inputValue()).toBe("2027-03-02T13:00");
      expect(await dialog.getByLabel("Artist").inputValue()).toBe(ada.id);
      await dialog.getByLabel("Title").fill("Storyboard pass");
      await dialog.getByLabel("Project").selectOption(project.id);
      await dialog.getByLabel("Status").selectOption("PENCIL");
      await dialog.getByText("is free then").waitFor({ timeout: T });
      await dialog.getByRole("button", { name: "Create booking" }).click();
      await dialog.waitFor({ state: "detached", timeout: T });
      await bar(page, "Storyboard pass").waitFor({ timeout: T });
      const list = await apiCall<ApiBooking[]>("GET", `/workspaces/${workspaceId}/bookings?artistId=${ada.id}`, owner.accessToken);
      const created = list.find((b) => b.title === "Storyboard pass")!;
      expect(created).toMatchObject({ start: at(1, 10), end: at(1, 13), status: "PENCIL" });
      expect(await bar(page, "Storyboard pass").getAttribute("title")).toContain("Nebula Ad");
    });

    const { confirmed, pencil } = await step("a confirmed booking Wed and a pencil Thu for Grace, through the API", async () => {
      const confirmed = await apiCall<ApiBooking>("POST", `/workspaces/${workspaceId}/bookings`, owner.accessToken, { artistId: grace.id, title: "Final grade", start: at(2, 9), end: at(2, 17), status: "CONFIRMED" });
      const pencil = await apiCall<ApiBooking>("POST", `/workspaces/${workspaceId}/bookings`, owner.accessToken, { artistId: grace.id, title: "Look development", start: at(3, 9), end: at(3, 17), status: "PENCIL" });
      await page.reload();
      await bar(page, "Final grade").waitFor({ timeout: T });
      await bar(page, "Look development").waitFor({ timeout: T });
      return { confirmed, pencil };
    });

    await step("drags the pencil a day earlier onto the confirmed booking: it snaps back and the message names the conflict", async () => {
      const before = await barBox(bar(page, "Look development"));
      const dayWidth = (await page.locator(`[data-day="2027-03-03"]`).boundingBox())!.width;
      const from = { x: before.x + before.width / 2, y: before.y + before.height / 2 };
      await dragMouse(page, from, { x: from.x - dayWidth, y: from.y }, "bookings-calendar-drag-move.png");
      const problem = page.getByTestId("calendar-problem");
      await problem.waitFor({ timeout: T });
      const text = await problem.innerText();
      expect(text).toContain("Look development");
      expect(text).toContain("Final grade");
      expect(text).toContain("Grace Grader");
      expect(text.toLowerCase()).toContain("confirmed");
      await page.screenshot({ path: path.join(artifacts, "bookings-calendar-conflict.png") });
      await eventually(async () => {
        const after = await barBox(bar(page, "Look development"));
        expect(Math.abs(after.x - before.x)).toBeLessThan(2);
        expect(await bar(page, "Look development").getAttribute("data-booking-id")).toBe(pencil.id);
      }, { what: "the pencil back on Thursday", timeoutMs: T });
      const stored = await apiCall<ApiBooking>("GET", `/bookings/${pencil.id}`, owner.accessToken);
      expect({ start: stored.start, end: stored.end }).toEqual({ start: pencil.start, end: pencil.end });
      expect(confirmed.status).toBe("CONFIRMED");
    });

    await step("a move that fits is kept: the pencil's end edge dragged to Thu 15:00", async () => {
      const box = await barBox(bar(page, "Look development"));
      const to = await xAt(page, "Grace Grader", at(3, 15));
      await dragMouse(page, { x: box.x + box.width - 5, y: box.y + box.height / 2 }, { x: to.x, y: box.y + box.height / 2 });
      await eventually(async () => {
        const stored = await apiCall<ApiBooking>("GET", `/bookings/${pencil.id}`, owner.accessToken);
        expect({ start: stored.start, end: stored.end }).toEqual({ start: at(3, 9), end: at(3, 15) });
      }, { what: "the resized pencil saved", timeoutMs: T });
    });

    await step("drags the pencil down onto Ada's row: it is reassigned to Ada at the same time", async () => {
      const box = await barBox(bar(page, "Look development"));
      const adaRow = (await row(page, "Ada Animator").locator("[data-timeline]").boundingBox())!;
      const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await dragMouse(page, from, { x: from.x, y: adaRow.y + adaRow.height / 2 });
      await eventually(async () => {
        const stored = await apiCall<ApiBooking & { artistId: string }>("GET", `/bookings/${pencil.id}`, owner.accessToken);
        expect({ artistId: stored.artistId, start: stored.start, end: stored.end }).toEqual({ artistId: ada.id, start: at(3, 9), end: at(3, 15) });
        expect(await row(page, "Ada Animator").locator(`[data-booking-id="${pencil.id}"]`).count()).toBe(1);
      }, { what: "the pencil reassigned to Ada, in her row", timeoutMs: T });
    });

    await step("a teammate's browser sees a booking created through the API appear live, and each sees the other on the calendar", async () => {
      const mateEmail = `calendar-mate-${stamp}@example.com`;
      const mate = await registerApi(apiCall, { name: "Milo Member", email: mateEmail, password });
      await joinWorkspace(apiCall, owner.accessToken, workspaceId, { email: mateEmail, token: mate.accessToken }, "MEMBER");
      const other = await newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "UTC" });
      const second = await other.newPage();
      errors.push(...collectPageErrors(second));
      await signInInUi(second, app.server, mateEmail, password);
      await second.goto(weekUrl);
      await bar(second, "Storyboard pass").waitFor({ timeout: T });
      await eventually(async () => expect(await page.getByTestId("room-presence").getAttribute("aria-label")).toContain("Milo Member"), { what: "Milo on Olive's calendar presence", timeoutMs: T });
      await eventually(async () => expect(await second.getByTestId("room-presence").getAttribute("aria-label")).toContain("Olive Owner"), { what: "Olive on Milo's calendar presence", timeoutMs: T });
      await apiCall("POST", `/workspaces/${workspaceId}/bookings`, owner.accessToken, { artistId: ada.id, title: "Client review hold", start: at(3, 10), end: at(3, 12), status: "HOLD" });
      await bar(second, "Client review hold").waitFor({ timeout: T });
      expect(await bar(second, "Client review hold").innerText()).toContain("H1");
      await second.close();
    });

    await step("screenshots: the calendar at desktop width and on a phone", async () => {
      await page.screenshot({ path: path.join(artifacts, "bookings-calendar-desktop.png") });
      const phone = await newContext({ viewport: { width: 390, height: 844 }, timezoneId: "UTC", isMobile: true, hasTouch: true });
      const mobile = await phone.newPage();
      errors.push(...collectPageErrors(mobile));
      await signInInUi(mobile, app.server, email, password);
      await mobile.goto(weekUrl);
      await bar(mobile, "Storyboard pass").waitFor({ timeout: T });
      // The page itself does not scroll sideways; the grid does, with the names sticky.
      expect(await mobile.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
      await mobile.getByTestId("calendar-scroll").evaluate((el) => el.scrollBy({ left: 300 }));
      const name = await mobile.locator('[data-artist-name="Ada Animator"] [role="rowheader"]').boundingBox();
      const grid = await mobile.getByTestId("calendar-scroll").boundingBox();
      expect(Math.abs(name!.x - grid!.x)).toBeLessThan(3);
      await mobile.screenshot({ path: path.join(artifacts, "bookings-calendar-phone.png") });
      await mobile.close();
    });

    await step("opens a booking of another month by ?booking= on a direct load and confirms it", async () => {
      const hold = await apiCall<ApiBooking>("POST", `/workspaces/${workspaceId}/bookings`, owner.accessToken, {
        artistId: ada.id,
        title: "Title sequence hold",
        projectId: project.id,
        notes: "Waiting for the client's go",
        start: "2027-05-12T09:00:00.000Z",
        end: "2027-05-14T17:00:00.000Z",
        status: "HOLD",
        // Three days running through the nights: outside working hours, so booked anyway (flagged).
        force: true,
      });
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/bookings?booking=${hold.id}`);
      const drawer = page.getByTestId("booking-drawer");
      await drawer.getByRole("heading", { name: "Title sequence hold", exact: true }).waitFor({ timeout: T });
      await drawer.getByText("Nebula Ad").waitFor({ timeout: T });
      await drawer.getByRole("definition").filter({ hasText: "Waiting for the client's go" }).waitFor({ timeout: T });
      await drawer.getByText("Booked outside working hours or on time off").waitFor({ timeout: T });
      expect(await drawer.getByTestId("status-badge").first().innerText()).toContain("Hold 1");
      // The calendar moved to the booking's date behind the drawer.
      await eventually(async () => expect(new URL(page.url()).searchParams.get("date")).toBe("2027-05-12"), { what: "the calendar on the booking's date", timeoutMs: T });
      await bar(page, "Title sequence hold").waitFor({ state: "attached", timeout: T });
      // Only the transitions a hold allows.
      const actions = drawer.getByRole("region", { name: "Status" }).getByRole("button");
      expect(await actions.allInnerTexts()).toEqual(["Pencil", "Confirm", "Release hold", "Cancel booking"]);
      await page.screenshot({ path: path.join(artifacts, "bookings-drawer.png") });
      await drawer.getByRole("button", { name: "Confirm", exact: true }).click();
      await eventually(async () => expect(await drawer.getByTestId("status-badge").first().innerText()).toBe("Confirmed"), { what: "the confirmed badge", timeoutMs: T });
      const stored = await apiCall<ApiBooking>("GET", `/bookings/${hold.id}`, owner.accessToken);
      expect(stored.status).toBe("CONFIRMED");
      await drawer.getByTestId("booking-history").getByText("changed the status from Hold to Confirmed").waitFor({ timeout: T });
      expect(await drawer.getByRole("region", { name: "Status" }).getByRole("button").allInnerTexts()).toEqual(["Mark declined", "Cancel booking"]);
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "detached", timeout: T });
      expect(new URL(page.url()).searchParams.get("booking")).toBeNull();
    });

    await step("keyboard: a bar takes focus and Enter opens its drawer", async () => {
      const confirmedBar = bar(page, "Title sequence hold");
      await confirmedBar.focus();
      await page.keyboard.press("Enter");
      await page.getByTestId("booking-drawer").getByRole("heading", { name: "Title sequence hold", exact: true }).waitFor({ timeout: T });
      await page.keyboard.press("Escape");
    });

    expect(errors).toEqual([]);
  }, 240_000);
});
