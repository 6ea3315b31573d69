import path from "node:path";
import type { Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { apiFor, joinWorkspace, openPage, registerApi, registerApiWithWorkspace, signInInUi, useBrowserApp } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";

const T = 30_000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const app = useBrowserApp();
const apiCall = apiFor(app);

async function shots(page: Page, name: string) {
  await page.screenshot({ path: path.join(artifacts, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifacts, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

describe("web app: job listings", () => {
  it("an admin posts a listing, someone applies on the public page without signing in, the admin moves and hires them with a pencil", async () => {
    const stamp = Date.now();
    const password = "Jobs-pass-42";
    const admin = await registerApiWithWorkspace(apiCall, { name: "Jo Admin", email: `jobs-admin-${stamp}@example.com`, password, workspace: `Jobs studio ${stamp}` });
    const { page, errors } = await openPage(app, DESKTOP);
    await signInInUi(page, app.server, `jobs-admin-${stamp}@example.com`, password);
    await page.goto(`${app.server.baseUrl}/w/${admin.workspaceId}/jobs`);
    await page.getByRole("button", { name: "New listing" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Title").fill("Lighting TD");
    await dialog.getByRole("textbox", { name: "Description (Markdown)" }).fill("## Lighting\nWork on **our** feature.");
    await dialog.getByLabel("Skills").fill("Lighting, Houdini");
    await dialog.getByLabel("Start date").fill("2027-05-10");
    await dialog.getByLabel("End date").fill("2027-05-01");
    await dialog.getByLabel("Public: anyone with the link can read it and apply").check();
    await dialog.getByRole("button", { name: "Post listing" }).click();
    await dialog.getByText("The end date is before the start date.").waitFor({ timeout: T });
    await dialog.getByLabel("End date").fill("2027-05-14");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByRole("heading", { name: "Lighting" }).waitFor({ timeout: T });
    await dialog.getByRole("button", { name: "Post listing" }).click();
    await page.getByRole("heading", { name: "Lighting TD" }).waitFor({ timeout: T });
    const listingId = page.url().split("/jobs/")[1]!.split("?")[0]!;
    const ws = await apiCall<{ slug: string }>("GET", `/workspaces/${admin.workspaceId}`, admin.accessToken);

    // The public page, in a fresh context with no session.
    const guest = await app.browser.newContext({ viewport: PHONE });
    const pub = await guest.newPage();
    await pub.goto(`${app.server.baseUrl}/jobs/${ws.slug}/${listingId}`);
    await pub.getByRole("heading", { name: "Lighting TD" }).waitFor({ timeout: T });
    await pub.getByRole("button", { name: "Send application" }).click();
    await pub.getByText("Tell us your name.").waitFor({ timeout: T });
    await pub.screenshot({ path: path.join(artifacts, "job-public-errors-phone.png"), fullPage: true });
    await pub.getByLabel("Name").fill("Gina Guest");
    await pub.getByLabel("Email").fill(`gina-${stamp}@example.com`);
    await pub.getByLabel("Portfolio links").fill("https://gina.example.com/reel");
    await pub.getByLabel("Message").fill("I light things.");
    await pub.getByRole("button", { name: "Send application" }).click();
    await pub.getByText("Application sent").waitFor({ timeout: T });
    await pub.screenshot({ path: path.join(artifacts, "job-public-sent-phone.png"), fullPage: true });
    await pub.setViewportSize(DESKTOP);
    await pub.goto(`${app.server.baseUrl}/jobs/${ws.slug}/${listingId}`);
    await pub.getByRole("heading", { name: "Lighting TD" }).waitFor({ timeout: T });
    await pub.screenshot({ path: path.join(artifacts, "job-public-desktop.png"), fullPage: true });
    await guest.close();

    // Live: the card appears on the admin's board; the keyboard path moves it.
    await page.getByText("Gina Guest", { exact: true }).waitFor({ timeout: T });
    await page.getByLabel("Move Gina Guest to").selectOption("SHORTLISTED");
    await eventually(async () => (await page.locator('[data-status="SHORTLISTED"]').getByText("Gina Guest", { exact: true }).count()) === 1, { what: "the card in Shortlisted" });
    await shots(page, "job-board");
    await page.getByRole("button", { name: /Gina Guest/ }).last().click();
    await page.getByRole("dialog").getByRole("list", { name: "History" }).waitFor({ timeout: T });
    await page.getByRole("button", { name: "Hire…" }).click();
    const hire = page.getByRole("dialog", { name: "Hire Gina Guest" });
    await hire.getByRole("button", { name: "Hire and pencil" }).click();
    await eventually(async () => (await page.locator('[data-status="HIRED"]').getByText("Gina Guest", { exact: true }).count()) === 1, { what: "the card in Hired" });
    const bookings = await apiCall<Array<{ status: string; title: string }>>("GET", `/workspaces/${admin.workspaceId}/bookings`, admin.accessToken);
    expect(bookings).toEqual([expect.objectContaining({ status: "PENCIL", title: "Lighting TD" })]);
    await shots(page, "job-board-hired");
    expect(errors).toEqual([]);
  }, 180_000);

  it("hiring into a firm booking shows the conflict in words and cannot be forced; other dates succeed; the board scrolls inside itself at 390 px", async () => {
    const stamp = Date.now();
    const password = "Jobs-pass-42";
    const admin = await registerApiWithWorkspace(apiCall, { name: "Hana Admin", email: `hire-admin-${stamp}@example.com`, password, workspace: `Hire studio ${stamp}` });
    const listing = await apiCall<{ id: string }>("POST", `/workspaces/${admin.workspaceId}/job-listings`, admin.accessToken, { title: "Matte painter", description: "Paint.", skills: ["Matte"], startDate: "2027-06-07", endDate: "2027-06-11", currency: "EUR", remote: true, isPublic: true });
    // The applicant already has an artist profile (found by email) with a confirmed booking in the listing's days.
    const artist = await apiCall<{ id: string }>("POST", `/workspaces/${admin.workspaceId}/artists`, admin.accessToken, { name: "Mia Matte", email: `mia-${stamp}@example.com`, timezone: "UTC" });
    await apiCall("POST", `/workspaces/${admin.workspaceId}/bookings`, admin.accessToken, { artistId: artist.id, title: "Commercial shoot", start: "2027-06-08T00:00:00Z", end: "2027-06-10T00:00:00Z", status: "CONFIRMED" });
    await apiCall("POST", `/public/job-listings/${listing.id}/applications`, null, { name: "Mia Matte", email: `mia-${stamp}@example.com`, portfolioLinks: [], message: "Hello", website: "" });
    const mia = (await apiCall<Array<{ id: string; name: string }>>("GET", `/job-listings/${listing.id}/applications`, admin.accessToken)).find((a) => a.name === "Mia Matte")!;
    await apiCall("PATCH", `/applications/${mia.id}`, admin.accessToken, { status: "SHORTLISTED" });
    for (const n of ["Ola One", "Pia Two", "Quinn Three"]) await apiCall("POST", `/public/job-listings/${listing.id}/applications`, null, { name: n, email: `${n.split(" ")[0]!.toLowerCase()}-${stamp}@example.com`, portfolioLinks: [], message: "Hi", website: "" });

    const { page, errors } = await openPage(app, PHONE);
    await signInInUi(page, app.server, `hire-admin-${stamp}@example.com`, password);
    await page.goto(`${app.server.baseUrl}/w/${admin.workspaceId}/jobs/${listing.id}`);
    await page.getByText("Quinn Three", { exact: true }).waitFor({ timeout: T });
    await page.locator('[data-status="SHORTLISTED"]').getByText("Mia Matte", { exact: true }).waitFor({ timeout: T });
    // At 390 px the page itself does not scroll sideways; the board does, inside its container.
    const widths = {
      page: await page.evaluate<number>("document.documentElement.scrollWidth"),
      viewport: await page.evaluate<number>("window.innerWidth"),
      board: await page.getByTestId("applications-board").evaluate((el) => el.scrollWidth),
    };
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.board).toBeGreaterThan(widths.viewport);
    await page.screenshot({ path: path.join(artifacts, "job-board-narrow-phone.png"), fullPage: true });
    await page.setViewportSize(DESKTOP);

    await page.getByRole("button", { name: /Mia Matte/ }).last().click();
    await page.getByRole("button", { name: "Hire…" }).click();
    const hire = page.getByRole("dialog", { name: "Hire Mia Matte" });
    await hire.getByRole("button", { name: "Hire and pencil" }).click();
    const alert = hire.getByRole("alert");
    await alert.waitFor({ timeout: T });
    await alert.getByText("Mia Matte already has a confirmed booking “Commercial shoot” from 8 Jun 2027 to 9 Jun 2027.").waitFor({ timeout: T });
    await alert.getByText(/cannot be booked anyway/).waitFor({ timeout: T });
    expect(await hire.getByRole("button", { name: /anyway/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(artifacts, "job-hire-conflict-desktop.png") });
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(artifacts, "job-hire-conflict-phone.png") });
    await page.setViewportSize(DESKTOP);
    // Nothing was hired.
    const still = await apiCall<{ status: string }>("GET", `/applications/${mia.id}`, admin.accessToken);
    expect(still.status).toBe("SHORTLISTED");
    // Other days: the alert goes, and the hire goes through.
    await hire.getByLabel("First day").fill("2027-06-14");
    await hire.getByLabel("Last day").fill("2027-06-16");
    expect(await hire.getByRole("alert").count()).toBe(0);
    await hire.getByRole("button", { name: "Hire and pencil" }).click();
    await eventually(async () => (await page.locator('[data-status="HIRED"]').getByText("Mia Matte", { exact: true }).count()) === 1, { what: "Mia in Hired" });
    const bookings = await apiCall<Array<{ status: string; start: string; end: string; artistId: string }>>("GET", `/workspaces/${admin.workspaceId}/bookings`, admin.accessToken);
    expect(bookings.filter((b) => b.status === "PENCIL")).toEqual([expect.objectContaining({ artistId: artist.id, start: "2027-06-14T00:00:00.000Z", end: "2027-06-17T00:00:00.000Z" })]);
    // The Jobs list, desktop and phone.
    await page.goto(`${app.server.baseUrl}/w/${admin.workspaceId}/jobs`);
    await page.getByRole("link", { name: "Matte painter" }).waitFor({ timeout: T });
    await shots(page, "jobs-list");
    expect(errors).toEqual([]);
  }, 180_000);

  it("an admin reorders applications within a column by dragging and with Move up; the order survives a reload", async () => {
    const stamp = Date.now();
    const password = "Jobs-pass-42";
    const admin = await registerApiWithWorkspace(apiCall, { name: "Rae Admin", email: `order-admin-${stamp}@example.com`, password, workspace: `Order studio ${stamp}` });
    const listing = await apiCall<{ id: string }>("POST", `/workspaces/${admin.workspaceId}/job-listings`, admin.accessToken, { title: "Rigger", description: "Rig.", skills: ["Rigging"], currency: "EUR", remote: true, isPublic: true });
    for (const n of ["Ann First", "Ben Second", "Cid Third"]) await apiCall("POST", `/public/job-listings/${listing.id}/applications`, null, { name: n, email: `${n.split(" ")[0]!.toLowerCase()}-${stamp}@example.com`, portfolioLinks: [], message: "Hi", website: "" });
    const { page, errors } = await openPage(app, DESKTOP);
    await signInInUi(page, app.server, `order-admin-${stamp}@example.com`, password);
    await page.goto(`${app.server.baseUrl}/w/${admin.workspaceId}/jobs/${listing.id}`);
    const applied = page.locator('[data-status="APPLIED"]');
    const order = () => applied.locator("[data-application]").evaluateAll((els) => els.map((el) => el.getAttribute("data-application")));
    await applied.getByText("Cid Third", { exact: true }).waitFor({ timeout: T });
    // Drag Cid (the handle) above Ann.
    const handle = await page.getByRole("button", { name: "Drag Cid Third" }).boundingBox();
    const target = await applied.locator('[data-application="Ann First"]').boundingBox();
    await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + (target!.y + 4 - handle!.y) * (i / 12));
    await page.mouse.up();
    await eventually(async () => JSON.stringify(await order()) === JSON.stringify(["Cid Third", "Ann First", "Ben Second"]), { what: "Cid on top" });
    // The keyboard path: Ben up one.
    await page.getByRole("button", { name: "Move Ben Second up" }).click();
    await eventually(async () => JSON.stringify(await order()) === JSON.stringify(["Cid Third", "Ben Second", "Ann First"]), { what: "Ben above Ann" });
    await eventually(async () => (await apiCall<Array<{ name: string }>>("GET", `/job-listings/${listing.id}/applications?status=APPLIED`, admin.accessToken)).map((a) => a.name).join() === "Cid Third,Ben Second,Ann First", { what: "the order saved" });
    await page.reload();
    await applied.getByText("Cid Third", { exact: true }).waitFor({ timeout: T });
    expect(await order()).toEqual(["Cid Third", "Ben Second", "Ann First"]);
    await shots(page, "job-board-reordered");
    expect(errors).toEqual([]);
  }, 180_000);
  it("an artist who is only a viewer applies from inside with a form filled from their profile, then withdraws after confirming", async () => {
    const stamp = Date.now();
    const password = "Jobs-pass-42";
    const admin = await registerApiWithWorkspace(apiCall, { name: "Sol Admin", email: `inapp-admin-${stamp}@example.com`, password, workspace: `In-app studio ${stamp}` });
    const artistEmail = `inapp-artist-${stamp}@example.com`;
    const artistUser = await registerApi(apiCall, { name: "Tove Account", email: artistEmail, password });
    await joinWorkspace(apiCall, admin.accessToken, admin.workspaceId, { email: artistEmail, token: artistUser.accessToken }, "VIEWER");
    await apiCall("POST", `/workspaces/${admin.workspaceId}/artists`, admin.accessToken, { name: "Tove Lighter", timezone: "UTC", skills: ["Lighting"], userId: artistUser.user.id, email: `tove-work-${stamp}@example.com`, portfolioLinks: ["https://tove.example.com/reel"] });
    // Not public: only artists of the workspace can apply, from inside.
    const listing = await apiCall<{ id: string }>("POST", `/workspaces/${admin.workspaceId}/job-listings`, admin.accessToken, { title: "Lighting TD", description: "Light **shots**.", skills: ["Lighting"], currency: "EUR", remote: true, isPublic: false });

    const { page, errors } = await openPage(app, DESKTOP);
    await signInInUi(page, app.server, artistEmail, password);
    await page.goto(`${app.server.baseUrl}/w/${admin.workspaceId}/jobs`);
    await page.getByRole("link", { name: "Lighting TD" }).click();
    const panel = page.getByRole("region", { name: "Your application" });
    await panel.getByText("You have not applied.", { exact: false }).waitFor({ timeout: T });
    // A viewer sees no board of others' applications.
    expect(await page.getByRole("heading", { name: "Applications" }).count()).toBe(0);
    await panel.getByRole("button", { name: "Apply" }).click();
    const dialog = page.getByRole("dialog", { name: "Apply to “Lighting TD”" });
    expect(await dialog.getByLabel("Name").inputValue()).toBe("Tove Lighter");
    expect(await dialog.getByLabel("Email").inputValue()).toBe(`tove-work-${stamp}@example.com`);
    expect(await dialog.getByLabel("Portfolio links").inputValue()).toBe("https://tove.example.com/reel");
    // A bad link is refused in words and nothing is sent.
    await dialog.getByLabel("Portfolio links").fill("tove.example.com/reel");
    await dialog.getByRole("button", { name: "Send application" }).click();
    await dialog.getByText("Links start with https:// (one per line).").waitFor({ timeout: T });
    expect(await apiCall<unknown[]>("GET", `/job-listings/${listing.id}/applications`, admin.accessToken)).toEqual([]);
    await dialog.getByLabel("Portfolio links").fill("https://tove.example.com/reel\nhttps://tove.example.com/stills");
    await dialog.getByLabel("Message").fill("Free from June.");
    await dialog.getByRole("button", { name: "Send application" }).click();
    await panel.getByText("Applied", { exact: true }).waitFor({ timeout: T });
    const [stored] = await apiCall<Array<{ name: string; email: string; source: string; status: string; portfolioLinks: string[]; message: string; artistId: string | null }>>("GET", `/job-listings/${listing.id}/applications`, admin.accessToken);
    expect(stored).toMatchObject({ name: "Tove Lighter", email: `tove-work-${stamp}@example.com`, source: "app", status: "APPLIED", message: "Free from June.", portfolioLinks: ["https://tove.example.com/reel", "https://tove.example.com/stills"] });
    expect(stored!.artistId).not.toBeNull();
    await shots(page, "job-applied-in-app");

    // Withdraw asks first; Cancel changes nothing.
    await panel.getByRole("button", { name: "Withdraw application" }).click();
    const confirm = page.getByRole("dialog", { name: "Withdraw your application?" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect((await apiCall<Array<{ status: string }>>("GET", `/job-listings/${listing.id}/applications`, admin.accessToken))[0]!.status).toBe("APPLIED");
    await panel.getByRole("button", { name: "Withdraw application" }).click();
    await confirm.getByRole("button", { name: "Withdraw" }).click();
    await panel.getByText("Withdrawn", { exact: true }).waitFor({ timeout: T });
    await panel.getByText("You withdrew it", { exact: false }).waitFor({ timeout: T });
    expect(await panel.getByRole("button", { name: "Apply" }).count()).toBe(0);
    await eventually(async () => (await apiCall<Array<{ status: string }>>("GET", `/job-listings/${listing.id}/applications`, admin.accessToken))[0]!.status === "WITHDRAWN", { what: "withdrawn on the server" });
    await page.reload();
    await panel.getByText("Withdrawn", { exact: true }).waitFor({ timeout: T });
    expect(errors).toEqual([]);
  }, 180_000);
});
