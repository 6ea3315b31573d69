import type http from "node:http";
import net from "node:net";
import request from "supertest";
import { createTestApp, type TestApp } from "../helpers/app";
import { createHttpServer, listenOnFreePort } from "../helpers/server";

/** Requests Node refuses before Express (headers over its limit, malformed HTTP) still get the JSON envelope. */

let t: TestApp;
let server: http.Server;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  server = createHttpServer(t.app);
  baseUrl = await listenOnFreePort(server);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes bytes to the server as they are (no client-side checks) and reads the answer until the server closes. */
function raw(bytes: string): Promise<RawResponse> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1");
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (data += chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const [head, ...rest] = data.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
    });
    socket.write(bytes);
  });
}

function expectEnvelope(res: RawResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  expect(res.headers["connection"]).toBe("close");
  const body = JSON.parse(res.body);
  expect(body).toEqual({ error: { code, message: expect.any(String) }, meta: { requestId: res.headers["x-request-id"], timestamp: expect.any(String) } });
  expect(Number(res.headers["content-length"])).toBe(Buffer.byteLength(res.body));
  expect(new Date(body.meta.timestamp).toISOString()).toBe(body.meta.timestamp);
}

describe("requests Node refuses before the app", () => {
  it("headers over Node's limit answer 431 with the JSON envelope", async () => {
    const res = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expectEnvelope(res, 431, "HEADERS_TOO_LARGE");
  });

  it("a URL over the limit answers 431 too, also through an ordinary client", async () => {
    const res = await request(baseUrl).get(`/api/v1/workspaces?q=${"x".repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ error: { code: "HEADERS_TOO_LARGE", message: expect.any(String) }, meta: { requestId: res.headers["x-request-id"], timestamp: expect.any(String) } });
  });

  it("malformed HTTP answers 400 with the JSON envelope", async () => {
    expectEnvelope(await raw("THIS IS NOT HTTP\r\n\r\n"), 400, "BAD_REQUEST");
    expectEnvelope(await raw("GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"), 400, "BAD_REQUEST");
    expectEnvelope(await raw("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello"), 400, "BAD_REQUEST");
  });

  it("the server keeps answering afterwards", async () => {
    await raw(`GET / HTTP/1.1\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    const res = await request(baseUrl).get("/api/health");
    expect(res.status).toBe(200);
  });
});
