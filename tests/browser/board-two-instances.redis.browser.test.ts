import crypto from "node:crypto";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { card, column, expectColumn } from "../helpers/board";
import { artifacts, launchBrowser } from "../helpers/browser";
import { apiFor, collectPageErrors, joinWorkspace, registerApi, registerApiWithWorkspace, signInInUi, useContexts, type BrowserApp, type TestServer } from "../helpers/browser-app";
import { step } from "../helpers/step";
import { startTestServer } from "../helpers/server";
import { testEnv } from "../setup/services";

const T = 30_000;

/** The names of the domain events a page's socket received over its WebSocket (Socket.IO frames `42["task.moved",…]`). */
function socketEvents(page: Page): string[] {
  const names: string[] = [];
  page.on("websocket", (ws) =>
    ws.on("framereceived", ({ payload }) => {
      const m = /^42\["([^"]+)"/.exec(String(payload));
      if (m) names.push(m[1]!);
    }),
  );
  return names;
}

// A *.redis.* file: jest.config.js runs it only when the run has Redis.
if (!testEnv.redisUrl) throw new Error("this file needs Redis; jest.config.js should have left it out");

describe("web app: one board on two app instances behind one Redis", () => {
  let browser: Browser | undefined;
  const servers: TestServer[] = [];
  /** Instance `i` as the browser-app helpers see an app (the browser is shared). */
  const instance = (i: number): BrowserApp => ({
    get browser() {
      if (!browser) throw new Error("the browser is not running: use it inside a test");
      return browser;
    },
    get server() {
      if (!servers[i]) throw new Error(`app instance ${i} is not running: use it inside a test`);
      return servers[i]!;
    },
  });
  const onA = instance(0);
  const onB = instance(1);

  beforeAll(async () => {
    browser = await launchBrowser();
    const jobPrefix = `tf:test:${crypto.randomUUID()}`; // one install: the instances share queues and counters
    servers.push(await startTestServer({ redis: true, jobPrefix }));
    servers.push(await startTestServer({ redis: true, jobPrefix }));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
  });

  const newContext = useContexts(onA);

  it("two browsers, one on each instance, see each other's presence and board changes live", async () => {
    const apiA = apiFor(onA);
    const apiB = apiFor(onB);
    expect(onA.server.baseUrl).not.toBe(onB.server.baseUrl);

    // Set-up through the API of instance A: Ada's workspace and project with three tasks; Grace joins.
    const stamp = Date.now();
    const password = "Board-pass-4242";
    const adaEmail = `two-ada-${stamp}@example.com`;
    const graceEmail = `two-grace-${stamp}@example.com`;
    const { graceApi, project, boardPath } = await step("Ada's workspace and project with three tasks through instance A's API; Grace joins", async () => {
      const adaApi = await registerApiWithWorkspace(apiA, { name: "Ada Lovelace", email: adaEmail, password, workspace: "Analytical Engines" });
      const graceApi = await registerApi(apiA, { name: "Grace Hopper", email: graceEmail, password });
      await joinWorkspace(apiA, adaApi.accessToken, adaApi.workspaceId, { email: graceEmail, token: graceApi.accessToken }, "MEMBER");
      const project = await apiA<{ id: string }>("POST", `/workspaces/${adaApi.workspaceId}/projects`, adaApi.accessToken, { name: "Live Board", key: "LIVE" });
      for (const title of ["Design login page", "Write API docs", "Set up CI"]) {
        await apiA("POST", `/projects/${project.id}/tasks`, adaApi.accessToken, { title, status: "TODO" });
      }
      const boardPath = `/w/${adaApi.workspaceId}/projects/${project.id}/board`;
      return { graceApi, project, boardPath };
    });

    // Each browser signs in through the UI of its own instance and opens the board there.
    const ada = await newContext({ viewport: { width: 1440, height: 900 } });
    const grace = await newContext({ viewport: { width: 1440, height: 900 } });
    const a = await ada.newPage();
    const b = await grace.newPage();
    const errors = collectPageErrors(a, b);
    const receivedByB = socketEvents(b);
    const receivedByA = socketEvents(a);
    await step("each signs in through the UI of their own instance and opens the board", async () => {
      await signInInUi(a, onA.server, adaEmail, password);
      await signInInUi(b, onB.server, graceEmail, password);
      await a.goto(onA.server.baseUrl + boardPath);
      await b.goto(onB.server.baseUrl + boardPath);
      for (const page of [a, b]) await expectColumn(page, "To do", ["Design login page", "Write API docs", "Set up CI"]);
    });

    // Presence in the project's header (who views this project, not the workspace's "online"): each sees both.
    const projectPresence = (page: Page, title = "") => page.locator(`[data-testid="room-presence"][data-room="project:${project.id}"]${title}`);
    await step("each sees both viewing the project", async () => {
      for (const page of [a, b]) {
        await projectPresence(page, '[title*="Ada Lovelace"][title*="Grace Hopper"]').waitFor({ timeout: T });
        expect(await projectPresence(page).getAttribute("title")).toMatch(/^2 viewing: /);
      }
    });

    await step("Ada moves a card by keyboard on A; Grace's board on B follows", async () => {
      // Ada moves "Write API docs" to In progress with the keyboard on A; Grace's board on B follows, no reload.
      const liveRegion = a.locator('[id^="DndLiveRegion"]');
      await card(a, "Write API docs").focus();
      await a.keyboard.press("Space");
      await liveRegion.filter({ hasText: /LIVE-2, Write API docs is over To do/ }).waitFor({ state: "attached", timeout: T });
      await a.keyboard.press("ArrowRight");
      await liveRegion.filter({ hasText: /LIVE-2, Write API docs is over In progress/ }).waitFor({ state: "attached", timeout: T });
      await a.keyboard.press("Space");
      await liveRegion.filter({ hasText: /LIVE-2, Write API docs was dropped in In progress/ }).waitFor({ state: "attached", timeout: T });
      await expectColumn(a, "In progress", ["Write API docs"]);
      await expectColumn(b, "In progress", ["Write API docs"]);
      await expectColumn(b, "To do", ["Design login page", "Set up CI"]);
      expect(receivedByB).toContain("task.moved"); // it came over B's socket, from the move made on A
    });

    await step("Grace quick-adds a task on B; Ada's board on A shows it", async () => {
      // Grace adds a task in In review with the quick add on B; Ada's board on A shows it live.
      await b.getByRole("button", { name: "Add task to In review" }).click();
      await b.getByLabel("New task title in In review").fill("Review the docs");
      await b.getByLabel("New task title in In review").press("Enter");
      await card(column(b, "In review"), "Review the docs").waitFor({ timeout: T });
      await b.getByLabel("New task title in In review").press("Escape");
      await expectColumn(a, "In review", ["Review the docs"]);
      expect(receivedByA).toContain("task.created");
    });
    await step("a rename through B's API reaches A too", async () => {
      // And a rename through B's API reaches A too.
      const setUp = (await apiB<Array<{ id: string; title: string; version: number }>>("GET", `/projects/${project.id}/tasks?perPage=100`, graceApi.accessToken)).find((t) => t.title === "Set up CI")!;
      await apiB("PATCH", `/tasks/${setUp.id}`, graceApi.accessToken, { title: "Set up CI on both instances", version: setUp.version });
      await expectColumn(a, "To do", ["Design login page", "Set up CI on both instances"]);
      await expectColumn(b, "To do", ["Design login page", "Set up CI on both instances"]);

      await a.screenshot({ path: path.join(artifacts, "board-two-instances-a.png") });
      await b.screenshot({ path: path.join(artifacts, "board-two-instances-b.png") });
    });

    await step("Grace closes her page; Ada's presence on A drops her", async () => {
      // Grace closes her page (her socket on B goes): Ada's project presence on A drops her.
      await b.close();
      await projectPresence(a, '[title="1 viewing: Ada Lovelace"]').waitFor({ timeout: T });
      await a.screenshot({ path: path.join(artifacts, "board-two-instances-a-alone.png") });
    });

    expect(errors).toEqual([]);
  }, 180_000);
});
