import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import sharp from "sharp";
import type { CDPSession, Page } from "playwright-core";
import { artifacts } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";
import { apiFor, loginApi, registerWithWorkspace, signInInUi, useBrowserApp } from "../helpers/browser-app";

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
    const { task, taskUrl } = await step("a project and a task through the API", async () => {
      const project = await api<{ id: string }>("POST", `/workspaces/${workspaceId}/projects`, owner.accessToken, { name: "Album art", key: "ART" });
      const task = await api<{ id: string }>("POST", `/projects/${project.id}/tasks`, owner.accessToken, { title: "Cover photo" });
      return { task, taskUrl: `${app.server.baseUrl}/w/${workspaceId}/projects/${project.id}/board?task=${task.id}` };
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
      expect((await taskFiles(task.id, owner.accessToken)).map((a) => a.fileName)).toEqual(["café.png"]);
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
      expect(files.map((a) => a.fileName).sort()).toEqual(["café.png", "crop.png"]);
      await comment.scrollIntoViewIfNeeded();
      await shot(page, "desktop-comment-image.png");
    });

    await step("on a phone: the drawer with files, the lightbox and an error", async () => {
      const phone = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      try {
        const p = await phone.newPage();
        p.on("pageerror", (e) => problems.push(`phone: ${e.message}`));
        await signInInUi(p, app.server, email, PASSWORD);
        await p.goto(taskUrl);
        const phonePanel = p.getByTestId("task-drawer").getByTestId("attachments-panel");
        await phonePanel.locator('[data-file-name="café.png"]').waitFor({ timeout: T });
        await phonePanel.scrollIntoViewIfNeeded();
        await eventually(() => imagesLoaded(p, '[data-testid="attachments-panel"] [data-testid="attachment-thumbnail"]'), { what: "thumbnails on the phone", timeoutMs: T });
        await shot(p, "phone-drawer.png");
        await phonePanel.getByTestId("attachment-input").setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("not a picture at all\n".repeat(10)) });
        await phonePanel.getByTestId("upload-error").waitFor({ timeout: T });
        await shot(p, "phone-refused.png");
        await phonePanel.getByRole("button", { name: "View café.png" }).click();
        await p.getByTestId("lightbox").waitFor({ timeout: T });
        await eventually(() => imagesLoaded(p, '[data-testid="lightbox-image"]'), { what: "the lightbox image on the phone", timeoutMs: T });
        await shot(p, "phone-lightbox.png");
        await p.keyboard.press("Escape");
        await p.getByTestId("lightbox").waitFor({ state: "detached" });
      } finally {
        await phone.close();
      }
    });

    expect(problems).toEqual([]);
    await page.close();
  }, 150_000);
});
