import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { createTestApp, type TestApp } from "../helpers/app";
import * as files from "../helpers/files";
import { createTeam } from "../helpers/team";

/**
 * Downloads with the S3 driver, against s3rver (a real S3 HTTP server on
 * loopback): a 302 to a short-lived presigned URL that serves the file with
 * the same type and disposition, or the bytes streamed through the server
 * with S3_PROXY_DOWNLOADS=true.
 */

// s3rver ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

let s3: InstanceType<typeof S3rver>;
let endpoint: string;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-s3rver-"));
  s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: "attachments" }] });
  const address = await s3.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await s3.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const s3Env = (proxy: boolean) => ({
  STORAGE_DRIVER: "s3",
  S3_ENDPOINT: endpoint,
  S3_REGION: "us-east-1",
  S3_BUCKET: "attachments",
  S3_ACCESS_KEY_ID: "S3RVER",
  S3_SECRET_ACCESS_KEY: "S3RVER",
  S3_FORCE_PATH_STYLE: "true",
  S3_PROXY_DOWNLOADS: String(proxy),
  RATE_LIMIT_UPLOADS_PER_HOUR: "1000",
});

async function withApp(proxy: boolean, run: (t: TestApp, url: (id: string) => Promise<string>, upload: (bytes: Buffer, name: string) => Promise<{ id: string; sha256: string }>) => Promise<void>) {
  const t = await createTestApp({ env: s3Env(proxy) });
  try {
    const team = await createTeam(t.app, "S3");
    const project = (await request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "S3", key: "SSS" })).body.data;
    const upload = async (bytes: Buffer, name: string) => {
      const res = await request(t.app).post("/api/v1/attachments").set(team.member.auth).field("entityType", "project").field("entityId", project.id).attach("file", bytes, name);
      if (res.status !== 201) throw new Error(`upload answered ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data[0];
    };
    await run(t, async (id) => (await request(t.app).get(`/api/v1/attachments/${id}/details`).set(team.member.auth)).body.data.urls, upload);
  } finally {
    await t.close();
  }
}

describe("S3 downloads", () => {
  it("redirect to a presigned URL with the file's type and disposition", async () => {
    await withApp(false, async (t, urlsOf, upload) => {
      const a = await upload(files.text(), "café notes.txt");
      const urls = (await urlsOf(a.id)) as unknown as { download: string };
      const res = await request(t.app).get(urls.download);
      expect(res.status).toBe(302);
      const location = new URL(res.headers.location);
      expect(location.origin).toBe(endpoint);
      expect(location.searchParams.get("X-Amz-Expires")).toBe(String(t.ctx.config.DOWNLOAD_URL_TTL_SECONDS));
      const fromS3 = await fetch(location);
      expect(fromS3.status).toBe(200);
      expect(fromS3.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(fromS3.headers.get("content-disposition")).toContain("filename*=UTF-8''caf%C3%A9%20notes.txt");
      expect(Buffer.from(await fromS3.arrayBuffer()).equals(files.text())).toBe(true);
    });
  });

  it("stream through the server with S3_PROXY_DOWNLOADS=true", async () => {
    await withApp(true, async (t, urlsOf, upload) => {
      const bytes = await files.png(40, 30);
      const a = await upload(bytes, "pic.png");
      const urls = (await urlsOf(a.id)) as unknown as { preview: string };
      const res = await request(t.app).get(urls.preview).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("image/png");
      expect(res.headers["content-disposition"]).toBe('inline; filename="pic.png"');
      expect((res.body as Buffer).equals(bytes)).toBe(true);
    });
  });
});
