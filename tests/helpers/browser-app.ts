import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { startOpenAiServer, type ScriptedAiServer } from "./ai-servers";
import { launchBrowser } from "./browser";
import { startTestServer, type TestServerOptions } from "./server";

/** How long a browser step may wait for the app (page loads, refetches, live updates). */
const UI_TIMEOUT = 30_000;

/** The running app (API + built web app) that browser tests drive. */
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** The browser and app server of a test file, readable once its beforeAll has run. */
export interface BrowserApp {
  readonly browser: Browser;
  readonly server: TestServer;
}

/**
 * Launches Chromium and starts the app server before the file's tests, and closes both after them.
 * `serverOptions` is read in beforeAll, so it may use what an earlier beforeAll started.
 */
export function useBrowserApp(serverOptions: () => TestServerOptions = () => ({})): BrowserApp {
  let browser: Browser | undefined;
  let server: TestServer | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTestServer(serverOptions());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get browser() {
      if (!browser) throw new Error("the browser is not running: use it inside a test");
      return browser;
    },
    get server() {
      if (!server) throw new Error("the app server is not running: use it inside a test");
      return server;
    },
  };
}

/** A browser app whose server's AI provider is `ai`, a scripted OpenAI-compatible one. */
export interface BrowserAppWithAI extends BrowserApp {
  readonly ai: ScriptedAiServer;
}

/**
 * useBrowserApp with the server configured for a scripted OpenAI-compatible
 * provider on loopback (ai-servers.ts): no retries and a rate limit no test
 * reaches, so each scripted step answers exactly one request.
 */
export function useBrowserAppWithScriptedAI({ model = "scripted", timeoutMs = 10_000 }: { model?: string; timeoutMs?: number } = {}): BrowserAppWithAI {
  let ai: ScriptedAiServer | undefined;
  beforeAll(async () => {
    ai = await startOpenAiServer();
  });
  const app = useBrowserApp(() => ({
    env: { AI_PROVIDER: "openai-compatible", AI_BASE_URL: ai!.baseUrl, AI_MODEL: model, AI_TIMEOUT_MS: String(timeoutMs), AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: "1000" },
  }));
  afterAll(async () => {
    await ai?.close();
  });
  return {
    get browser() {
      return app.browser;
    },
    get server() {
      return app.server;
    },
    get ai() {
      if (!ai) throw new Error("the scripted AI server is not running: use it inside a test");
      return ai;
    },
  };
}

/** Calls the REST API from the test process: the response's `data`, or an error naming the status and body. */
export type ApiCall = <T = unknown>(method: string, urlPath: string, token: string | null, body?: unknown) => Promise<T>;

/** An API caller for the app's server (resolved at call time, so it can be made before beforeAll). */
export function apiFor(app: BrowserApp): ApiCall {
  return async <T>(method: string, urlPath: string, token: string | null, body?: unknown): Promise<T> => {
    const res = await fetch(`${app.server.baseUrl}/api/v1${urlPath}`, {
      method,
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${urlPath} → ${res.status} ${text}`);
    return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
  };
}

/** A session as the API returns it on register and login. */
export interface ApiSession {
  accessToken: string;
  user: { id: string };
}

/** Registers an account through the API. */
export function registerApi(api: ApiCall, account: { name: string; email: string; password: string }): Promise<ApiSession> {
  return api<ApiSession>("POST", "/auth/register", null, account);
}

/** Registers an account and creates its first workspace, both through the API (the UI way is registerWithWorkspace). */
export async function registerApiWithWorkspace(api: ApiCall, account: { name: string; email: string; password: string; workspace: string }): Promise<ApiSession & { workspaceId: string }> {
  const session = await registerApi(api, { name: account.name, email: account.email, password: account.password });
  const workspace = await api<{ id: string }>("POST", "/workspaces", session.accessToken, { name: account.workspace });
  return { ...session, workspaceId: workspace.id };
}

/** Signs in through the API: a session of its own, so the browser's refresh cookie is never spent twice. */
export function loginApi(api: ApiCall, email: string, password: string): Promise<ApiSession> {
  return api<ApiSession>("POST", "/auth/login", null, { email, password });
}

/** Invites `email` to the workspace as `role`; returns the invitation token (from its accept URL). */
export async function inviteMember(api: ApiCall, adminToken: string, workspaceId: string, email: string, role: string): Promise<string> {
  const invitation = await api<{ acceptUrl: string }>("POST", `/workspaces/${workspaceId}/invitations`, adminToken, { email, role });
  return invitation.acceptUrl.split("/invite/")[1]!;
}

/** Invites a registered account and accepts as that account: it joins the workspace as `role`. */
export async function joinWorkspace(api: ApiCall, adminToken: string, workspaceId: string, member: { email: string; token: string }, role: string): Promise<void> {
  const invitation = await inviteMember(api, adminToken, workspaceId, member.email, role);
  await api("POST", `/invitations/${invitation}/accept`, member.token);
}

/** Collects the uncaught page errors of these pages (a test expects none). */
export function collectPageErrors(...pages: Page[]): string[] {
  const errors: string[] = [];
  for (const page of pages) page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** A new page (its own session) and the list its uncaught errors go to. */
export async function openPage(app: BrowserApp, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport });
  return { page, errors: collectPageErrors(page) };
}

/** Returns an opener of browser contexts (separate sessions) that the enclosing describe block closes after its tests. */
export function useContexts(app: BrowserApp): (options: BrowserContextOptions) => Promise<BrowserContext> {
  const opened: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of opened) await context.close();
  });
  return async (options) => {
    const context = await app.browser.newContext(options);
    opened.push(context);
    return context;
  };
}

/** Opens the register page and submits the form. */
export async function signUp(page: Page, server: TestServer, account: { name: string; email: string; password: string }): Promise<void> {
  await page.goto(`${server.baseUrl}/register`);
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Fills in the workspace step that follows sign-up (no workspace yet) and submits it. */
export async function createWorkspaceInUi(page: Page, name: string): Promise<void> {
  await page.getByLabel("Workspace name").waitFor({ timeout: UI_TIMEOUT });
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: /create workspace/i }).click();
}

/** Waits until the page is inside a workspace (/w/<id>) and returns that id. */
export async function workspaceIdOf(page: Page): Promise<string> {
  await page.waitForURL(/\/w\/[0-9a-f-]{36}/, { timeout: UI_TIMEOUT });
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** Signs up through the UI and creates a first workspace; returns its id. */
export async function registerWithWorkspace(page: Page, server: TestServer, account: { name: string; email: string; password: string; workspace: string }): Promise<string> {
  await signUp(page, server, account);
  await createWorkspaceInUi(page, account.workspace);
  return workspaceIdOf(page);
}

/** Fills in the sign-in form on the current page and submits it. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the sign-in page and waits to land in a workspace. */
export async function signInInUi(page: Page, server: TestServer, email: string, password: string): Promise<void> {
  await page.goto(`${server.baseUrl}/sign-in`);
  await submitSignIn(page, email, password);
  await page.waitForURL(/\/w\//, { timeout: UI_TIMEOUT });
}
