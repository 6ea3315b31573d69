import { compileErrors, validate } from "@readme/openapi-parser";
import request from "supertest";
import { apiRoutes } from "../../src/http/app";
import { createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const res = await request(t.app).get("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    // validate() dereferences in place: give it a copy
    const result = await validate(structuredClone(res.body));
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it("documents every mounted route with its auth and error responses", async () => {
    const doc = (await request(t.app).get("/openapi.json")).body;
    const routes = apiRoutes(t.ctx);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const path = `${route.base ?? "/api/v1"}${route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
      const op = doc.paths[path]?.[route.method];
      expect({ path, method: route.method, documented: Boolean(op) }).toEqual({ path, method: route.method, documented: true });
      expect(op.responses["500"]).toBeDefined();
      if (route.auth === "required") {
        expect(op.security).toEqual([{ bearerAuth: [] }]);
        expect(op.responses["401"]).toBeDefined();
      }
      if (route.request?.body) expect(op.requestBody.content["application/json"].schema).toBeDefined();
      if (route.request?.params) expect(op.responses["404"]).toBeDefined();
    }
  });

  it("serves Swagger UI at /docs", async () => {
    const res = await request(t.app).get("/docs/");
    expect(res.status).toBe(200);
    expect(res.text).toContain("swagger-ui");
  });
});
