import path from "node:path";
import { artifacts } from "../helpers/browser";
import { audit } from "../helpers/browser-a11y";
import { apiFor, loginApi, openPage, registerApiWithWorkspace, signInInUi, useBrowserApp } from "../helpers/browser-app";
import { step } from "../helpers/step";

/** Moderate rules every page is held to as well: all content in landmarks, headings in order. */
const MODERATE_RULES = ["region", "heading-order"];

const app = useBrowserApp();
const api = apiFor(app);

/**
 * Every page of the app, signed in as an owner with a project of five tasks, at
 * desktop and phone width: each audits clean (axe, serious and critical) and
 * nothing is wider than the viewport. Screenshots go to tests/artifacts/a11y-*.
 */
describe("web app: accessibility of every page", () => {
  for (const viewport of [
    { name: "desktop", width: 1280, height: 860 },
    { name: "phone", width: 390, height: 844 },
  ]) {
    it(`audits every page at ${viewport.name} width (${viewport.width} px)`, async () => {
      const email = `a11y-${viewport.name}-${Date.now()}@example.com`;
      const password = "A11y-pass-42";
      const owner = await registerApiWithWorkspace(api, { name: "Ada Lovelace", email, password, workspace: "Accessible Studio" });
      const { accessToken: token } = await loginApi(api, email, password);
      const w = owner.workspaceId;
      const project = await api<{ id: string }>("POST", `/workspaces/${w}/projects`, token, { name: "Website", key: "WEB" });
      const tasks: { id: string }[] = [];
      for (const title of ["Design the homepage", "Build the navigation", "Write the copy", "Test on phones", "Launch"]) {
        tasks.push(await api<{ id: string }>("POST", `/projects/${project.id}/tasks`, token, { title, storyPoints: 3, assigneeIds: [owner.user.id] }));
      }

      const { page, errors } = await openPage(app, viewport);
      await signInInUi(page, app.server, email, password);
      const pages = [
        `/w/${w}`,
        `/w/${w}/projects`,
        `/w/${w}/projects/${project.id}/board`,
        `/w/${w}/projects/${project.id}/list`,
        `/w/${w}/projects/${project.id}/sprints`,
        `/w/${w}/projects/${project.id}/files`,
        `/w/${w}/tasks/${tasks[0]!.id}`,
        `/w/${w}/my-tasks`,
        `/w/${w}/bookings`,
        `/w/${w}/artists`,
        `/w/${w}/reports/utilisation`,
        `/w/${w}/settings/members`,
        `/w/${w}/settings/workspace`,
        `/w/${w}/settings/ai`,
        `/profile`,
      ];
      const overflowing: string[] = [];
      const violations: string[] = [];
      for (const url of pages) {
        await step(`audits ${url}`, async () => {
          await page.goto(`${app.server.baseUrl}${url}`);
          await page.locator("main h1, [role=dialog] h2").first().waitFor({ timeout: 30_000 });
          await audit(page, url, { alsoFail: MODERATE_RULES }).catch((err: Error) => violations.push(err.message));
          const width = await page.evaluate<number>("document.documentElement.scrollWidth");
          if (width > viewport.width) {
            // The outermost elements that stick out, so the message says what to fix.
            const culprits = await page.evaluate<string[]>(`[...document.querySelectorAll("body *")]
              .filter((el) => {
                if (el.getBoundingClientRect().right <= innerWidth + 1) return false;
                for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                  if (getComputedStyle(up).overflowX !== "visible") return false;
                  if (up.getBoundingClientRect().right > innerWidth + 1) return false;
                }
                return true;
              })
              .slice(0, 3).map((el) => el.tagName.toLowerCase() + "." + String(el.className).split(" ").slice(0, 6).join("."))`);
            overflowing.push(`${url}: ${width} px (${culprits.join(", ")})`);
          }
          const name = url.replace(/\/w\/[^/]+/, "").replace(/[0-9a-f-]{36}/g, "id").replace(/\W+/g, "-") || "dashboard";
          await page.screenshot({ path: path.join(artifacts, `a11y-${viewport.name}${name}.png`) });
        });
      }
      expect({ violations: violations.join("\n\n"), overflowing }).toEqual({ violations: "", overflowing: [] });
      expect(errors).toEqual([]);
      await page.close();
    }, 300_000);
  }
});
