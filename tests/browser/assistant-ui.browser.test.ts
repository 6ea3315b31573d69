import fs from "node:fs";
import path from "node:path";
import { apiFor, openPage, registerApiWithWorkspace, signInInUi, useBrowserAppWithScriptedAI } from "../helpers/browser-app";
import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";

/**
 * The assistant page, complete (issue 17), against a scripted OpenAI-compatible
 * provider and the real documents and artifacts modules: tool chips (search
 * with its passages, created artifact, summary), a citation that opens the
 * passage highlighted in its document (an unknown number stays text), the
 * artifacts panel updated live with an export, rename with a validation error
 * seen by a second tab, delete after confirming, retry after a provider error,
 * blueprint threads linking to the blueprint page, and the workspace's
 * Assistant entry. Screenshots at 1280 and 390 px.
 */

const T = 30_000;
const shots = "/tmp/shots-assistant-ui";
const password = "Assistant-ui-pass-42";
const app = useBrowserAppWithScriptedAI();
const call = apiFor(app);

beforeAll(() => fs.mkdirSync(shots, { recursive: true }));

describe("web app: the assistant page, complete", () => {
  it("chips, citations, the artifacts panel, threads, retry, the workspace entry", async () => {
    const email = `assistant-ui-${Date.now()}@example.com`;
    const owner = await registerApiWithWorkspace(call, { name: "Ana Analyst", email, password, workspace: "Discovery" });
    const project = await call<{ id: string }>("POST", `/workspaces/${owner.workspaceId}/projects`, owner.accessToken, { name: "Checkout", key: "CHK" });
    const doc = await call<{ id: string }>("POST", `/projects/${project.id}/documents`, owner.accessToken, {
      name: "Payments brief.md",
      content: `# Intro\n\n${"The project starts with a discovery phase and interviews. ".repeat(40)}\n\n# Payments\n\nCheckout must accept card payments and Apple Pay, and email a receipt after each order.`,
    });
    const thread = await call<{ id: string }>("POST", `/projects/${project.id}/threads`, owner.accessToken, { title: "Checkout questions", mode: "chat" });
    const blueprint = await call<{ id: string }>("POST", `/projects/${project.id}/threads`, owner.accessToken, { mode: "blueprint" });
    const { page, errors } = await openPage(app, { width: 1280, height: 900 });
    await signInInUi(page, app.server, email, password);
    const base = `${app.server.baseUrl}/w/${owner.workspaceId}/projects/${project.id}`;
    const url = `${base}/assistant?thread=${thread.id}`;
    const conversation = page.getByRole("region", { name: "Conversation" });

    await step("tool chips while streaming and stored; a citation links to the passage, an unknown number stays text", async () => {
      await page.goto(url);
      await page.getByText("No artifacts yet").waitFor({ timeout: T });
      app.ai.script(
        { kind: "answer", text: "", toolCalls: [{ id: "call_s", name: "search_documents", arguments: JSON.stringify({ query: "card payments receipt" }) }] },
        { kind: "answer", text: "", toolCalls: [{ id: "call_a", name: "create_artifact", arguments: JSON.stringify({ type: "user_story", title: "Pay by card", content: "# Pay by card\n\nAs a shopper I pay by card [1]." }) }] },
        { kind: "answer", text: "", toolCalls: [{ id: "call_t", name: "summarize_thread", arguments: "{}" }] },
        { kind: "answer", text: "Checkout takes **cards** [1] and more [9].", pieces: 4, paceMs: 80 },
      );
      await page.getByLabel("Your question").fill("What payments does checkout take? Write a user story.");
      await page.getByRole("button", { name: "Send" }).click();
      await conversation.getByText("Searched documents: card payments receipt").waitFor({ timeout: T });
      await conversation.getByRole("link", { name: "Created artifact: Pay by card" }).waitFor({ timeout: T });
      await conversation.getByText("Summarised the thread").waitFor({ timeout: T });
      // The artifacts panel got the new artifact from the stream's artifact event.
      await page.getByRole("list", { name: "Artifacts of this conversation" }).getByText("Pay by card").waitFor({ timeout: T });
      await page.getByRole("button", { name: "Send" }).and(page.locator(":enabled")).waitFor({ timeout: T });
      // Stored (after the refetch): the chips come from the message's tool calls.
      const chips = conversation.getByRole("list", { name: "Tools used" });
      await chips.getByRole("button", { name: /Searched documents: card payments receipt/ }).click();
      const found = conversation.getByRole("list", { name: "Passages found" });
      await found.getByRole("link", { name: /\[1\] Payments brief\.md/ }).waitFor({ timeout: T });
      expect(await found.textContent()).toContain("Apple Pay");
      const citation = conversation.getByRole("link", { name: "Source 1: Payments brief.md" });
      await citation.waitFor({ timeout: T });
      expect(await conversation.locator("a[data-citation='9']").count()).toBe(0);
      expect(await conversation.getByText("and more [9].").count()).toBe(1);
      await page.screenshot({ path: path.join(shots, "assistant-chips-1280.png") });

      await citation.click();
      await page.waitForURL(new RegExp(`/documents/${doc.id}\\?passage=`), { timeout: T });
      const cited = page.getByRole("region", { name: /\(cited\)/ });
      await cited.waitFor({ timeout: T });
      expect(await cited.textContent()).toContain("Apple Pay");
      await eventually(async () => (await cited.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= el.ownerDocument.documentElement.clientHeight; })) || false, { what: "the cited passage scrolled into view" });
      await page.screenshot({ path: path.join(shots, "document-cited-1280.png") });
      await page.goBack();
    });

    await step("the artifacts panel exports Markdown and opens the artifact", async () => {
      const panel = page.getByRole("list", { name: "Artifacts of this conversation" });
      await panel.waitFor({ timeout: T });
      const [file] = await Promise.all([page.waitForEvent("download", { timeout: T }), panel.getByRole("button", { name: "Export Pay by card as Markdown" }).click()]);
      const target = path.join(shots, "export.md");
      await file.saveAs(target);
      expect(file.suggestedFilename()).toBe("Pay by card.md");
      expect(fs.readFileSync(target, "utf8")).toContain("As a shopper I pay by card");
      await panel.getByRole("link", { name: "Open Pay by card" }).click();
      await page.waitForURL(/\/artifacts\?artifact=/, { timeout: T });
      await page.goto(url);
    });

    await step("retry after a provider error, with an error that says what to do", async () => {
      app.ai.script({ kind: "error", status: 500, message: "upstream exploded" });
      await page.getByLabel("Your question").fill("And refunds?");
      await page.getByRole("button", { name: "Send" }).click();
      const failed = conversation.getByRole("alert").filter({ hasText: "The answer failed" });
      await failed.waitFor({ timeout: T });
      expect(await failed.textContent()).toMatch(/Retry/);
      await page.screenshot({ path: path.join(shots, "assistant-failed-1280.png") });
      app.ai.script({ kind: "answer", text: "Refunds go back to the card." });
      await conversation.getByRole("button", { name: "Retry" }).click();
      await conversation.getByText("Refunds go back to the card.").waitFor({ timeout: T });
      await eventually(async () => (await conversation.getByRole("button", { name: "Retry" }).count()) === 0 || false, { what: "Retry gone once answered" });
    });

    await step("rename (validation error shown; a second tab follows), blueprint link, delete after confirming", async () => {
      const second = await openPage(app, { width: 1280, height: 900 });
      await signInInUi(second.page, app.server, email, password);
      await second.page.goto(url);
      const nav2 = second.page.getByRole("navigation", { name: "Conversations" });
      await nav2.getByText("Checkout questions").waitFor({ timeout: T });

      const nav = page.getByRole("navigation", { name: "Conversations" });
      await nav.getByRole("button", { name: "Rename Checkout questions" }).click();
      const input = nav.getByLabel("Conversation title");
      await input.fill("   ");
      await input.press("Enter");
      await nav.getByText("Give the conversation a title.").waitFor({ timeout: T });
      await input.fill("Payments research");
      await input.press("Enter");
      await nav.getByRole("button", { name: "Payments research", exact: true }).waitFor({ timeout: T });
      // The other tab hears thread.updated and refreshes its list.
      await nav2.getByRole("button", { name: "Payments research", exact: true }).waitFor({ timeout: T });

      const bp = nav.getByRole("link", { name: /System blueprint/ });
      expect(await bp.getAttribute("href")).toBe(`/w/${owner.workspaceId}/projects/${project.id}/blueprint?thread=${blueprint.id}`);

      const extra = await call<{ id: string }>("POST", `/projects/${project.id}/threads`, owner.accessToken, { title: "Scratch", mode: "chat" });
      await nav.getByRole("button", { name: "Scratch", exact: true }).waitFor({ timeout: T });
      await nav.getByRole("button", { name: "Delete Scratch" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("and all its messages are deleted").waitFor({ timeout: T });
      await dialog.getByRole("button", { name: "Delete conversation" }).click();
      await eventually(async () => (await nav.getByRole("button", { name: "Scratch", exact: true }).count()) === 0 || false, { what: "the deleted thread gone" });
      await eventually(async () => (await nav2.getByRole("button", { name: "Scratch", exact: true }).count()) === 0 || false, { what: "gone in the other tab too" });
      const left = await call<Array<{ id: string }>>("GET", `/projects/${project.id}/threads`, owner.accessToken);
      expect(left.map((t) => t.id)).not.toContain(extra.id);
      expect(second.errors).toEqual([]);
      await second.page.close();
    });

    await step("a long thread pages to older messages; an answer lost with a restart shows as failed with Retry", async () => {
      const history = await call<{ id: string }>("POST", `/projects/${project.id}/threads`, owner.accessToken, { title: "Long history", mode: "chat" });
      const start = Date.now() - 3_600_000;
      const rows = Array.from({ length: 34 }, (_, i) => ({ threadId: history.id, workspaceId: owner.workspaceId, role: i % 2 ? "assistant" : "user", content: `History message ${i + 1}.`, status: "complete", createdAt: new Date(start + i * 1000) }) as const);
      await app.server.ctx.db.assistantMessage.createMany({ data: rows });
      const question = await app.server.ctx.db.assistantMessage.create({ data: { threadId: history.id, workspaceId: owner.workspaceId, role: "user", content: "Interrupted question", status: "complete", createdAt: new Date(start + 40_000) } });
      await app.server.ctx.db.assistantMessage.create({ data: { threadId: history.id, workspaceId: owner.workspaceId, role: "assistant", status: "streaming", replyToId: question.id, createdAt: new Date(start + 40_001) } });
      await page.goto(`${base}/assistant?thread=${history.id}`);
      await conversation.getByText("History message 34.").waitFor({ timeout: T });
      expect(await conversation.getByText("History message 1.", { exact: true }).count()).toBe(0);
      const lost = conversation.getByRole("alert").filter({ hasText: "interrupted" });
      await lost.waitFor({ timeout: T });
      expect(await lost.textContent()).toContain("Retry");
      await conversation.getByRole("button", { name: "Load older messages" }).click();
      await conversation.getByText("History message 1.", { exact: true }).waitFor({ timeout: T });
      expect(await conversation.getByRole("button", { name: "Load older messages" }).count()).toBe(0);
      app.ai.script({ kind: "answer", text: "Answered after the restart." });
      await conversation.getByRole("button", { name: "Retry" }).click();
      await conversation.getByText("Answered after the restart.").waitFor({ timeout: T });
      await page.goto(url);
    });

    await step("phone width: the artifacts panel toggles, nothing overflows", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(url);
      const toggle = page.getByRole("button", { name: /^Artifacts/ });
      await toggle.waitFor({ timeout: T });
      if ((await toggle.getAttribute("aria-expanded")) === "false") await toggle.click();
      await page.getByRole("list", { name: "Artifacts of this conversation" }).waitFor({ timeout: T });
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(shots, "assistant-390.png"), fullPage: true });
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await step("the workspace's Assistant entry lists the projects and their recent conversations", async () => {
      await page.goto(`${app.server.baseUrl}/w/${owner.workspaceId}/assistant`);
      await page.getByRole("list", { name: "Recent conversations in Checkout" }).getByText("Payments research").waitFor({ timeout: T });
      expect(await page.getByText("Coming soon").count()).toBe(0);
      await page.screenshot({ path: path.join(shots, "workspace-assistant-1280.png") });
      await page.getByRole("link", { name: "Open the assistant of Checkout" }).click();
      await page.waitForURL(/\/projects\/[^/]+\/assistant$/, { timeout: T });
      await page.getByRole("navigation", { name: "Conversations" }).waitFor({ timeout: T });
    });
    expect(errors).toEqual([]);
  }, 240_000);
});
