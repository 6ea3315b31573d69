import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";
import { ensureClientBuilt } from "../helpers/server";

let t: TestApp;
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "teamflow-client-"));

beforeAll(async () => {
  fs.mkdirSync(path.join(clientDir, "assets"));
  fs.writeFileSync(path.join(clientDir, "index.html"), "<!doctype html><div id=root>TeamFlow SPA</div>");
  fs.writeFileSync(path.join(clientDir, "assets", "app-123.js"), "console.log('app')");
  fs.writeFileSync(path.join(clientDir, "favicon.svg"), "<svg/>");
  t = await createTestApp({ env: { SERVE_CLIENT: "true" }, clientDir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

describe("serving the web app", () => {
  it("serves index.html for client-side routes", async () => {
    for (const p of ["/", "/sign-in", "/w/6b0f/settings/members", "/invite/abc"]) {
      const res = await request(t.app).get(p);
      expect({ p, status: res.status }).toEqual({ p, status: 200 });
      expect(res.text).toContain("TeamFlow SPA");
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("serves hashed assets with long caching and static files", async () => {
    const js = await request(t.app).get("/assets/app-123.js");
    expect(js.status).toBe(200);
    expect(js.headers["cache-control"]).toContain("immutable");
    expect((await request(t.app).get("/favicon.svg")).status).toBe(200);
  });

  it("a missing asset is a 404, not the HTML page", async () => {
    const res = await request(t.app).get("/assets/missing.js");
    expect(res.status).toBe(404);
    expect(res.text).not.toContain("TeamFlow SPA");
  });

  it("API paths never fall back to HTML", async () => {
    expectError(await request(t.app).get("/api/v1/unknown"), 404, "NOT_FOUND");
    expectError(await request(t.app).get("/api"), 404, "NOT_FOUND");
    const docs = await request(t.app).get("/openapi.json");
    expect(docs.body.openapi).toBe("3.1.0");
  });
});

// SPEC §9: the repository's public/ folder is copied into the build and served as it is.
describe("the built web app's static files (public/)", () => {
  let built: TestApp;
  beforeAll(async () => {
    built = await createTestApp({ env: { SERVE_CLIENT: "true" }, clientDir: ensureClientBuilt() });
  }, 180_000);
  afterAll(() => built.close());

  it("robots.txt keeps a self-hosted install out of search engines", async () => {
    const res = await request(built.app).get("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(res.text).toMatch(/^User-agent: \*$/m);
    expect(res.text).toMatch(/^Disallow: \/$/m);
  });

  it("site.webmanifest names TeamFlow in the app's colours, and every icon it lists is served", async () => {
    const res = await request(built.app).get("/site.webmanifest");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(res.text) as { name: string; theme_color: string; start_url: string; icons: Array<{ src: string; type: string }> };
    expect(manifest).toMatchObject({ name: "TeamFlow", start_url: "/", theme_color: "#4f46e5" });
    expect(manifest.icons.map((i) => i.type).sort()).toEqual(["image/png", "image/png", "image/svg+xml"]);
    for (const icon of manifest.icons) {
      const file = await request(built.app).get(icon.src);
      expect({ src: icon.src, status: file.status, type: file.headers["content-type"] }).toEqual({ src: icon.src, status: 200, type: icon.type });
    }
  });

  it("favicon.svg is an SVG, and the page links the icon and the manifest with the same theme colour", async () => {
    const icon = await request(built.app).get("/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    const page = await request(built.app).get("/");
    expect(page.text).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg"');
    expect(page.text).toContain('<link rel="manifest" href="/site.webmanifest"');
    expect(page.text).toContain('<meta name="theme-color" content="#4f46e5"');
  });
});
