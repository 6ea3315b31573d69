import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import sharp from "sharp";
import type { CDPSession, Page, Route } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";
import { apiFor, joinWorkspace, loginApi, registerApi, registerWithWorkspace, signInInUi, useBrowserApp } from "../helpers/browser-app";

/**
 * Attachments in the task drawer, as a person uses them: a 3 MB photo uploaded
 * over a slow link (the progress bar visibly between 0 and 100 %), its
 * thumbnail and the lightbox, a fake `.png` refused with the server's reason,
 * delete with undo (kept) and delete left to time out (gone), and an image
 * pasted into a comment that becomes an `attachment:` link and shows. Desktop
 * and phone screenshots go to /tmp/shots-files (and tests/artifacts).
 */

const T = 30_000;
const PASSWORD = "Files-pass-42";
const SHOTS = process.env.SHOTS_DIR ?? "/tmp/shots-files";

const app = useBrowserApp();
const api = apiFor(app);

interface AttachmentJson {
  id: string;
  fileName: string;
  entityType: string;
  entityId: string;
}

/** A PNG of random noise (it does not compress): about `side`² × 3 bytes. */
function noisePng(side: number): Promise<Buffer> {
  return sharp(crypto.randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** A one-page PDF saying `text` (hand-made: objects, xref table and trailer). */
function tinyPdf(text: string): Buffer {
  const content = `BT /F1 24 Tf 40 100 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
  await page.screenshot({ path: path.join(artifacts, `attachments-${name}`) });
}

/** Upload bandwidth of the page's network, in bytes per second (null: unthrottled). */
async function throttle(cdp: CDPSession, bytesPerSecond: number | null) {
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: bytesPerSecond ? 20 : 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
}

/** Uploads through the API as the given user (multipart, entity fields first). */
async function uploadApi(token: string, entity: { type: string; id: string }, name: string, type: string, bytes: Buffer): Promise<AttachmentJson> {
  const form = new FormData();
  form.append("entityType", entity.type);
  form.append("entityId", entity.id);
  form.append("file", new Blob([bytes], { type }), name);
  const res = await fetch(`${app.server.baseUrl}/api/v1/attachments`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload ${name} → ${res.status} ${text}`);
  return (JSON.parse(text) as { data: AttachmentJson[] }).data[0]!;
}

async function taskFiles(taskId: string, token: string): Promise<AttachmentJson[]> {
  return api<AttachmentJson[]>("GET", `/tasks/${taskId}/attachments?includeComments=true`, token);
}

/** Whether every image matching `selector` has loaded real pixels (the page runs this; the test's tsconfig has no DOM types). */
const imagesLoaded = (page: Page, selector: string) =>
  page.evaluate<boolean>(`(() => {
    const imgs = [...document.querySelectorAll(${JSON.stringify(selector)})];
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  })()`);

/** Pastes a file into the element matching `selector` as the browser does for a clipboard image. */
const pasteFile = (page: Page, selector: string, file: { name: string; type: string; bytes: Buffer }) =>
  page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    el.focus();
    const bytes = Uint8Array.from(atob(${JSON.stringify(file.bytes.toString("base64"))}), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], ${JSON.stringify(file.name)}, { type: ${JSON.stringify(file.type)} }));
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);

describe("web app: attachments", () => {
  it("uploads with progress, previews, refuses a fake PNG, deletes with undo and pastes an image into a comment", async () => {
    const stamp = Date.now();
    const email = `files-${stamp}@example.com`;
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));

    const { workspaceId, owner } = await step("Ada signs up with a workspace", async () => {
      const workspaceId = await registerWithWorkspace(page, app.server, { name: "Ada Lovelace", email, password: PASSWORD, workspace: "Files Studio" });
      return { workspaceId, owner: await loginApi(api, email, PASSWORD) };
    });
    const { project, task, taskUrl } = await step("a project and a task through the API", async () => {
      const project = await api<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, owner.accessToken, { name: "Album art", key: "ART" });
      const task = await api<{ id: string }>("POST", `/projects/${project.id}/tasks`, owner.accessToken, { title: "Cover photo" });
      return { project, task, taskUrl: `${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/board?task=${task.id}` };
    });
    const drawer = page.getByTestId("task-drawer");
    const panel = drawer.getByTestId("attachments-panel");
    const input = panel.getByTestId("attachment-input");
    const tile = (name: string) => panel.locator(`[data-testid="attachment-tile"][data-file-name="${name}"]`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    const photo = await noisePng(1000);
    expect(photo.length).toBeGreaterThan(2.8 * 1024 * 1024);

    await step("opens the drawer: an empty Attachments section with Attach files", async () => {
      await page.goto(taskUrl);
      await panel.getByRole("button", { name: "Attach files" }).waitFor({ timeout: T });
      await panel.getByText("Drop files here").waitFor({ timeout: T });
    });

    await step("uploads a 3 MB photo over a slow link: the progress bar moves between 0 and 100 %", async () => {
      await throttle(cdp, 600 * 1024);
      await input.setInputFiles({ name: "café.png", mimeType: "image/png", buffer: photo });
      const bar = panel.getByRole("progressbar", { name: "Uploading café.png" });
      await bar.waitFor({ timeout: T });
      const midway = await eventually(
        async () => {
          const now = Number(await bar.getAttribute("aria-valuenow"));
          return now > 5 && now < 95 ? now : false;
        },
        { what: "the progress bar between 5 and 95 %", timeoutMs: 15_000 },
      );
      expect(midway).toBeGreaterThan(5);
      await shot(page, "desktop-uploading.png");
      expect(await panel.getByRole("button", { name: "Cancel uploading café.png" }).isVisible()).toBe(true);
      await throttle(cdp, null);
      await tile("café.png").waitFor({ timeout: T });
      await panel.getByTestId("upload-row").waitFor({ state: "detached", timeout: T });
    });

    await step("the tile shows the picture; the lightbox opens it and Escape closes it", async () => {
      // First the picture itself; once the thumbnail job is done (attachment.updated on the socket) the tile switches to the thumbnail.
      const thumb = tile("café.png").getByTestId("attachment-thumbnail");
      await eventually(async () => /\/thumbnail\?/.test((await thumb.getAttribute("src")) ?? ""), { what: "the tile showing the made thumbnail", timeoutMs: T });
      await eventually(() => imagesLoaded(page, '[data-file-name="café.png"] [data-testid="attachment-thumbnail"]'), { what: "the thumbnail of café.png", timeoutMs: T });
      await tile("café.png").getByRole("button", { name: "View café.png" }).click();
      const lightbox = page.getByTestId("lightbox");
      await lightbox.waitFor({ timeout: T });
      await eventually(() => imagesLoaded(page, '[data-testid="lightbox-image"]'), { what: "the full image in the lightbox", timeoutMs: T });
      await shot(page, "desktop-lightbox.png");
      await page.keyboard.press("Escape");
      await lightbox.waitFor({ state: "detached", timeout: T });
      expect(await drawer.isVisible()).toBe(true); // Escape closed only the lightbox
    });

    await step("a .png that is really text is refused with the server's reason", async () => {
      await input.setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("just some text pretending to be a picture\n".repeat(20)) });
      const error = panel.locator('[data-testid="upload-row"][data-file-name="fake.png"] [data-testid="upload-error"]');
      await error.waitFor({ timeout: T });
      const message = await error.innerText();
      expect(message).toMatch(/fake\.png/);
      expect(message).toMatch(/PNG/);
      await shot(page, "desktop-refused.png");
      await panel.getByRole("button", { name: "Dismiss fake.png" }).click();
      await error.waitFor({ state: "detached" });
      expect((await taskFiles(task.id, owner.accessToken)).map((a) => a.fileName)).toEqual(["café.png"]);
    });

    await step("a PDF opens in Chromium's own viewer inside the dialog (the server's CSP lets it render)", async () => {
      await input.setInputFiles({ name: "brief.pdf", mimeType: "application/pdf", buffer: tinyPdf("Cover brief") });
      await tile("brief.pdf").getByRole("button", { name: "Preview brief.pdf" }).click();
      const viewer = page.getByTestId("pdf-viewer");
      await viewer.getByTestId("pdf-frame").waitFor({ timeout: T });
      // Chromium's PDF viewer is an extension page inside the frame; a blocked PDF would show an error page instead.
      await eventually(() => page.frames().some((f) => f.url().startsWith("chrome-extension://")), { what: "Chromium's PDF viewer in the frame", timeoutMs: T });
      expect(await viewer.getByRole("link", { name: "Open in new tab" }).getAttribute("href")).toMatch(/inline=1/);
      await page.waitForTimeout(500); // the viewer paints the page after it loads (a screenshot, not an assertion)
      await shot(page, "desktop-pdf.png");
      await page.keyboard.press("Escape");
      await viewer.waitFor({ state: "detached", timeout: T });
    });

    await step("a file over the limit is refused before a byte is sent, naming the limit", async () => {
      let posted = 0;
      const count = (r: { method(): string; url(): string }) => {
        if (r.method() === "POST" && r.url().endsWith("/api/v1/attachments")) posted++;
      };
      page.on("request", count);
      await input.setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 1) });
      const error = panel.locator('[data-testid="upload-row"][data-file-name="huge.png"] [data-testid="upload-error"]');
      await error.waitFor({ timeout: T });
      expect(await error.innerText()).toMatch(/huge\.png is larger than the 10 MB limit per file/);
      page.off("request", count);
      expect(posted).toBe(0);
      await panel.getByRole("button", { name: "Dismiss huge.png" }).click();
    });

    await step("a connection lost during the upload says so, and Retry sends it once it is back", async () => {
      // The browser's network drops the POST (the connection resets), as when Wi-Fi goes away mid-upload.
      const drop = (route: Route) => (route.request().method() === "POST" ? route.abort("connectionreset") : route.continue());
      await page.route("**/api/v1/attachments", drop);
      await input.setInputFiles({ name: "dunes.png", mimeType: "image/png", buffer: await noisePng(200) });
      const error = panel.locator('[data-testid="upload-row"][data-file-name="dunes.png"] [data-testid="upload-error"]');
      await error.waitFor({ timeout: T });
      expect(await error.innerText()).toBe("Connection lost — retry");
      await page.unroute("**/api/v1/attachments", drop);
      await panel.getByRole("button", { name: "Retry dunes.png" }).click();
      await tile("dunes.png").waitFor({ timeout: T });
    });

    await step("delete + Undo keeps the file; delete left to time out removes the other", async () => {
      await input.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("Shot list: sunrise, dunes, close-ups.\n") });
      await tile("notes.txt").waitFor({ timeout: T });
      await tile("café.png").hover();
      await tile("café.png").getByRole("button", { name: "Delete café.png" }).click();
      await tile("café.png").waitFor({ state: "detached" });
      const toasts = page.getByRole("region", { name: /Notifications/ });
      await toasts.getByText("Deleted café.png").waitFor({ timeout: T });
      await shot(page, "desktop-undo.png");
      await toasts.getByRole("button", { name: "Undo", exact: true }).click();
      await tile("café.png").waitFor({ timeout: T });
      // The other one is left to time out; once its DELETE is through, café.png's would have been long sent.
      await tile("notes.txt").hover();
      await tile("notes.txt").getByRole("button", { name: "Delete notes.txt" }).click();
      await tile("notes.txt").waitFor({ state: "detached" });
      await eventually(async () => !(await taskFiles(task.id, owner.accessToken)).some((a) => a.fileName === "notes.txt"), { what: "notes.txt deleted after the undo time", timeoutMs: 15_000, intervalMs: 250 });
      expect((await taskFiles(task.id, owner.accessToken)).map((a) => a.fileName).sort()).toEqual(["brief.pdf", "café.png", "dunes.png"]);
      expect(await tile("café.png").isVisible()).toBe(true);
      expect(await tile("notes.txt").count()).toBe(0);
    });

    await step("pastes an image into a comment: a placeholder, then an attachment link that renders the image", async () => {
      const small = await noisePng(64);
      const box = drawer.getByTestId("comment-input");
      await box.fill("Here is the crop: ");
      await pasteFile(page, '[data-testid="comment-composer"] textarea', { name: "crop.png", type: "image/png", bytes: small });
      const value = await eventually(
        async () => {
          const v = await box.inputValue();
          return /!\[crop\.png\]\(attachment:[0-9a-f-]{36}\)/.test(v) ? v : false;
        },
        { what: "the attachment link in the comment", timeoutMs: T },
      );
      expect(value.startsWith("Here is the crop: ")).toBe(true);
      expect(value).not.toMatch(/Uploading/);
      await drawer.getByRole("button", { name: "Comment", exact: true }).click();
      const comment = drawer.getByTestId("comment").filter({ hasText: "Here is the crop" });
      await comment.waitFor({ timeout: T });
      await eventually(() => imagesLoaded(page, '[data-testid="comment"] img[data-attachment-id]'), { what: "the pasted image in the comment", timeoutMs: T });
      const files = await taskFiles(task.id, owner.accessToken);
      expect(files.map((a) => a.fileName).sort()).toEqual(["brief.pdf", "café.png", "crop.png", "dunes.png"]);
      await comment.scrollIntoViewIfNeeded();
      await shot(page, "desktop-comment-image.png");
    });

    await step("pastes an image into the description: an “Uploading…” placeholder while it travels, then the image", async () => {
      await drawer.getByRole("button", { name: "Add a description…" }).click();
      const box = drawer.getByTestId("description-input");
      await box.fill("Reference: ");
      await throttle(cdp, 40 * 1024);
      await pasteFile(page, '[data-testid="description-input"]', { name: "sketch.png", type: "image/png", bytes: await noisePng(150) });
      await eventually(async () => /\[Uploading sketch\.png…\]\(uploading:\d+\)/.test(await box.inputValue()), { what: "the placeholder in the description", timeoutMs: T });
      expect(await drawer.getByRole("button", { name: "Save description" }).isDisabled()).toBe(true); // not while a file is on its way
      await throttle(cdp, null);
      await eventually(async () => /^Reference: !\[sketch\.png\]\(attachment:[0-9a-f-]{36}\)$/.test(await box.inputValue()), { what: "the attachment link in the description", timeoutMs: T });
      await drawer.getByRole("button", { name: "Save description" }).click();
      await eventually(() => imagesLoaded(page, '[aria-labelledby="task-description-heading"] img[data-attachment-id]'), { what: "the image in the saved description", timeoutMs: T });
    });

    await step("the comment composer attaches files: uploaded to the new comment, shown under it and marked in the task's list", async () => {
      const composer = drawer.getByTestId("comment-composer");
      await composer.getByTestId("attachment-input").setInputFiles({ name: "contact-sheet.pdf", mimeType: "application/pdf", buffer: tinyPdf("Contact sheet") });
      await composer.getByTestId("staged-files").getByText("contact-sheet.pdf").waitFor({ timeout: T });
      await drawer.getByTestId("comment-input").fill("Contact sheet attached.");
      await drawer.getByRole("button", { name: "Comment", exact: true }).click();
      const comment = drawer.getByTestId("comment").filter({ hasText: "Contact sheet attached." });
      await comment.locator('[data-testid="attachment-tile"][data-file-name="contact-sheet.pdf"]').waitFor({ timeout: T });
      await tile("contact-sheet.pdf").getByText("In a comment").waitFor({ timeout: T });
      const stored = (await taskFiles(task.id, owner.accessToken)).find((a) => a.fileName === "contact-sheet.pdf");
      expect(stored?.entityType).toBe("comment");
      expect(await composer.getByTestId("staged-files").count()).toBe(0);
    });

    await step("the activity timeline names the files added and removed", async () => {
      await drawer.getByRole("tab", { name: "Activity" }).click();
      const panelActivity = drawer.locator("#task-panel-activity");
      await panelActivity.getByText("attached café.png").waitFor({ timeout: T });
      await panelActivity.getByText("removed the file notes.txt").waitFor({ timeout: T });
      await panelActivity.getByText("attached contact-sheet.pdf to a comment").waitFor({ timeout: T });
      await drawer.getByRole("tab", { name: "Comments" }).click();
    });

    await step("on a phone: the drawer with files, the lightbox and an error", async () => {
      const phone = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      try {
        const p = await phone.newPage();
        p.on("pageerror", (e) => problems.push(`phone: ${e.message}`));
        await signInInUi(p, app.server, email, PASSWORD);
        // The list view: on the board the columns make the page wider than the phone (see the report).
        await p.goto(taskUrl.replace("/board?", "/list?"));
        const phonePanel = p.getByTestId("task-drawer").getByTestId("attachments-panel");
        await phonePanel.locator('[data-file-name="café.png"]').waitFor({ timeout: T });
        await phonePanel.scrollIntoViewIfNeeded();
        await eventually(() => imagesLoaded(p, '[data-testid="attachments-panel"] [data-testid="attachment-thumbnail"]'), { what: "thumbnails on the phone", timeoutMs: T });
        expect(await p.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
        await shot(p, "phone-drawer.png");
        await phonePanel.getByTestId("attachment-input").setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("not a picture at all\n".repeat(10)) });
        await phonePanel.getByTestId("upload-error").waitFor({ timeout: T });
        await shot(p, "phone-refused.png");
        await phonePanel.getByRole("button", { name: "View café.png" }).click();
        await p.getByTestId("lightbox").waitFor({ timeout: T });
        await eventually(() => imagesLoaded(p, '[data-testid="lightbox-image"]'), { what: "the lightbox image on the phone", timeoutMs: T });
        await shot(p, "phone-lightbox.png");
        const title = p.getByTestId("lightbox").getByRole("heading");
        const first = await title.innerText();
        await p.keyboard.press("ArrowRight"); // the next image
        await eventually(async () => (await title.innerText()) !== first, { what: "ArrowRight shows another image", timeoutMs: T });
        await p.keyboard.press("Escape");
        await p.getByTestId("lightbox").waitFor({ state: "detached" });
      } finally {
        await phone.close();
      }
    });

    await step("a viewer sees the project's files live on the Files tab, and the task's, but can upload or delete nothing", async () => {
      const viewerEmail = `files-viewer-${stamp}@example.com`;
      const viewer = await registerApi(api, { name: "Vera Viewer", email: viewerEmail, password: PASSWORD });
      await joinWorkspace(api, owner.accessToken, workspaceId, { email: viewerEmail, token: viewer.accessToken }, "VIEWER");
      const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const v = await context.newPage();
        v.on("pageerror", (e) => problems.push(`viewer: ${e.message}`));
        await signInInUi(v, app.server, viewerEmail, PASSWORD);
        await v.goto(`${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/files`);
        const files = v.getByTestId("attachments-panel");
        await files.getByText("No files.").waitFor({ timeout: T });
        // Ada adds a brief to the project meanwhile: it shows up without a reload.
        await uploadApi(owner.accessToken, { type: "project", id: project.id }, "moodboard.png", "image/png", await noisePng(120));
        await files.locator('[data-file-name="moodboard.png"]').waitFor({ timeout: T });
        expect(await files.getByRole("button", { name: "Attach files" }).count()).toBe(0);
        expect(await files.getByRole("button", { name: /^Delete / }).count()).toBe(0);
        await shot(v, "desktop-project-files-viewer.png");
        await v.goto(taskUrl.replace("/board?", "/list?"));
        const taskPanel = v.getByTestId("task-drawer").getByTestId("attachments-panel");
        await taskPanel.locator('[data-file-name="café.png"]').waitFor({ timeout: T });
        expect(await taskPanel.getByRole("button", { name: "Attach files" }).count()).toBe(0);
        expect(await taskPanel.getByRole("button", { name: /^Delete / }).count()).toBe(0);
      } finally {
        await context.close();
      }
    });

    await step("the booking drawer has its files too", async () => {
      const artist = await api<{ id: string }>("POST", `/workspaces/${workspaceId}/artists`, owner.accessToken, { name: "Grace Hopper", timezone: "UTC", color: "#0ea5e9", skills: [] });
      const booking = await api<{ id: string }>("POST", `/workspaces/${workspaceId}/bookings`, owner.accessToken, {
        artistId: artist.id,
        title: "Cover shoot",
        projectId: project.id,
        start: "2027-06-01T09:00:00.000Z",
        end: "2027-06-01T17:00:00.000Z",
        status: "CONFIRMED",
        force: true,
      });
      await page.goto(`${app.server.baseUrl}/w/${workspaceId}/bookings?booking=${booking.id}`);
      const files = page.getByTestId("booking-drawer").getByTestId("attachments-panel");
      await files.getByRole("button", { name: "Attach files" }).waitFor({ timeout: T });
      await files.getByTestId("attachment-input").setInputFiles({ name: "call-sheet.pdf", mimeType: "application/pdf", buffer: tinyPdf("Call sheet") });
      await files.locator('[data-testid="attachment-tile"][data-file-name="call-sheet.pdf"]').waitFor({ timeout: T });
      expect((await api<AttachmentJson[]>("GET", `/bookings/${booking.id}/attachments`, owner.accessToken)).map((a) => a.fileName)).toEqual(["call-sheet.pdf"]);
      await files.scrollIntoViewIfNeeded();
      await shot(page, "desktop-booking.png");
      await page.goto(taskUrl);
      await panel.getByRole("button", { name: "Attach files" }).waitFor({ timeout: T });
    });

    await step("a proxy in front refusing the body (413 with its own HTML page) gets the proxy message, not a spinner", async () => {
      // What nginx answers past client_max_body_size: a 413 with an HTML page, not TeamFlow's JSON.
      const proxy = (route: Route) =>
        route.request().method() === "POST"
          ? route.fulfill({ status: 413, contentType: "text/html", body: "<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>" })
          : route.continue();
      await page.route("**/api/v1/attachments", proxy);
      await input.setInputFiles({ name: "poster.png", mimeType: "image/png", buffer: await noisePng(300) });
      const error = panel.locator('[data-testid="upload-row"][data-file-name="poster.png"] [data-testid="upload-error"]');
      await error.waitFor({ timeout: T });
      expect(await error.innerText()).toBe("The server's proxy refused this file as too large (its limit is below TeamFlow's 10 MB). Ask your admin to raise client_max_body_size.");
      await page.unroute("**/api/v1/attachments", proxy);
      await panel.getByRole("button", { name: "Dismiss poster.png" }).click();
    });

    await step("past the hourly upload limit, the message says how long to wait", async () => {
      // Spend the rest of Ada's hourly uploads through the API, then try once more in the panel.
      for (let i = 0; i < 40; i++) {
        const form = new FormData();
        form.append("entityType", "task");
        form.append("entityId", task.id);
        form.append("file", new Blob([`line ${i}\n`], { type: "text/plain" }), `filler-${i}.txt`);
        const res = await fetch(`${app.server.baseUrl}/api/v1/attachments`, { method: "POST", headers: { Authorization: `Bearer ${owner.accessToken}` }, body: form });
        await res.arrayBuffer();
        if (res.status === 429) break;
        expect(res.status).toBe(201);
      }
      await input.setInputFiles({ name: "late.txt", mimeType: "text/plain", buffer: Buffer.from("one too many\n") });
      const error = panel.locator('[data-testid="upload-row"][data-file-name="late.txt"] [data-testid="upload-error"]');
      await error.waitFor({ timeout: T });
      expect(await error.innerText()).toMatch(/^[^]*\. Try again in \d+ (seconds?|minutes)\.$/);
      expect((await error.innerText()).match(/try again/gi)).toHaveLength(1);
      await shot(page, "desktop-rate-limited.png");
    });

    expect(problems).toEqual([]);
    await page.close();
  }, 150_000);
});
