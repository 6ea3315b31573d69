import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";

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
