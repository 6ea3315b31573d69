import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import contentDisposition from "content-disposition";
import { parseEnv } from "../../src/config/env";
import { AppError } from "../../src/lib/errors";
import type { FileStorage } from "../../src/modules/files";
import { createLocalStorage } from "../../src/modules/files/storage/local";
import { createS3Storage } from "../../src/modules/files/storage/s3";
import { startS3, type TestS3 } from "../helpers/s3";

/**
 * One contract, two drivers (SPEC §4.7): the local disk driver on a temporary
 * directory and the S3 driver against s3rver, a real S3 HTTP endpoint on
 * loopback, with checksums only when required and path-style addressing.
 */

const MB = 1024 * 1024;

/** A stream of `total` pseudo-random bytes in uneven chunks, with no length known up front (like a multipart upload). */
function randomStream(total: number, seed: string, failAfter?: number): { stream: Readable; sha256: Promise<string> } {
  const hash = crypto.createHash("sha256");
  let sent = 0;
  let block = crypto.createHash("sha256").update(seed).digest();
  let resolveHash!: (h: string) => void;
  const sha256 = new Promise<string>((r) => (resolveHash = r));
  const stream = new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) {
        this.destroy(new Error("client went away"));
        return;
      }
      if (sent >= total) {
        resolveHash(hash.digest("hex"));
        this.push(null);
        return;
      }
      const size = Math.min(total - sent, 50_000 + (sent % 7) * 10_000);
      const chunk = Buffer.alloc(size);
      for (let at = 0; at < size; at += 32) {
        block = crypto.createHash("sha256").update(block).digest();
        block.copy(chunk, at, 0, Math.min(32, size - at));
      }
      hash.update(chunk);
      sent += size;
      this.push(chunk);
    },
  });
  return { stream, sha256 };
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

async function keys(storage: FileStorage, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of storage.list(prefix)) out.push(o.key);
  return out.sort();
}

const notFoundError = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ code: "NOT_FOUND" });

let s3: TestS3;
let tmp: string;
beforeAll(async () => {
  s3 = await startS3();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tf-storage-"));
});
afterAll(async () => {
  await s3.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const s3Config = (env: Record<string, string> = {}) => parseEnv({ ...s3.env, ...env });

const drivers: Array<[string, () => FileStorage]> = [
  ["local", () => createLocalStorage(fs.mkdtempSync(path.join(tmp, "root-")))],
  ["s3", () => createS3Storage(s3Config())],
];

describe.each(drivers)("storage driver contract: %s", (driver, make) => {
  let storage: FileStorage;
  let ws: string;
  beforeEach(() => {
    storage = make();
    ws = crypto.randomUUID();
  });

  it("streams an upload of unknown length (several parts) and gives the same bytes back", async () => {
    expect(storage.driver).toBe(driver);
    const key = `${ws}/${crypto.randomUUID()}`;
    const { stream, sha256 } = randomStream(12 * MB + 12345, key); // three 5 MB parts on S3
    await storage.put(key, stream, { contentType: "application/octet-stream" });
    const back = await sha256Of(await storage.get(key));
    expect(back).toEqual({ sha256: await sha256, size: 12 * MB + 12345 });
  });

  it("a missing object is NOT_FOUND; delete removes and is idempotent", async () => {
    const key = `${ws}/${crypto.randomUUID()}`;
    await notFoundError(storage.get(key));
    await storage.put(key, Readable.from([Buffer.from("hello")]), { contentType: "text/plain" });
    expect((await sha256Of(await storage.get(key))).size).toBe(5);
    await storage.delete(key);
    await notFoundError(storage.get(key));
    await expect(storage.delete(key)).resolves.toBeUndefined();
    const err = await storage.get(key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
  });

  it("lists the objects under a prefix only, with their modification time", async () => {
    const other = crypto.randomUUID();
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const before = Date.now() - 5000;
    for (const key of [`${ws}/${a}`, `${ws}/${b}`, `${other}/${a}`, `thumbnails/${ws}/${a}.webp`]) {
      await storage.put(key, Readable.from([Buffer.from(key)]), { contentType: "application/octet-stream" });
    }
    expect(await keys(storage, `${ws}/`)).toEqual([`${ws}/${a}`, `${ws}/${b}`].sort());
    expect(await keys(storage, `thumbnails/${ws}/`)).toEqual([`thumbnails/${ws}/${a}.webp`]);
    expect(await keys(storage, `${crypto.randomUUID()}/`)).toEqual([]);
    // The empty prefix is the whole store (the orphan sweep walks it).
    expect(await keys(storage, "")).toEqual(expect.arrayContaining([`${ws}/${a}`, `${ws}/${b}`, `${other}/${a}`, `thumbnails/${ws}/${a}.webp`]));
    for await (const o of storage.list(`${ws}/`)) {
      expect(o.modifiedAt.getTime()).toBeGreaterThan(before);
      expect(o.modifiedAt.getTime()).toBeLessThan(Date.now() + 5000);
    }
  });

  it("a failed put (the body errors mid-stream) leaves nothing under the key", async () => {
    const key = `${ws}/${crypto.randomUUID()}`;
    const { stream } = randomStream(12 * MB, key, 7 * MB); // fails after the first S3 part went up
    await expect(storage.put(key, stream, { contentType: "application/octet-stream" })).rejects.toThrow(/client went away/);
    await notFoundError(storage.get(key));
    expect(await keys(storage, `${ws}/`)).toEqual([]);
  });

  it("refuses keys that are not ours (user file names, traversal)", async () => {
    for (const bad of ["../etc/passwd", `${ws}/../x`, "Report.PDF", "/abs", `${ws}//x`, "café.png"]) {
      await expect(storage.put(bad, Readable.from([Buffer.from("x")]), { contentType: "text/plain" })).rejects.toThrow(/Invalid storage key/);
    }
  });

  it("check() passes on a working store", async () => {
    await expect(storage.check()).resolves.toBeUndefined();
  });
});

describe("S3 driver specifics", () => {
  it("a presigned GET is downloadable by a plain fetch, with the requested disposition and type", async () => {
    const storage = createS3Storage(s3Config());
    const key = `${crypto.randomUUID()}/${crypto.randomUUID()}`;
    const bytes = crypto.randomBytes(70_000);
    await storage.put(key, Readable.from([bytes]), { contentType: "application/octet-stream" });
    const disposition = contentDisposition("Größe – résumé.pdf", { type: "inline" });
    const url = await storage.presignedGetUrl(key, { contentDisposition: disposition, contentType: "application/pdf" }, 60);
    expect(url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/`));
    expect(url).toContain("X-Amz-Expires=60");
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    // ASCII on the wire: the legacy fallback loses its accents, the RFC 5987 name keeps them.
    expect(res.headers.get("content-disposition")).toBe(`inline; filename="Gr??e ? r?sum?.pdf"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%E2%80%93%20r%C3%A9sum%C3%A9.pdf`);
    expect(contentDisposition.parse(res.headers.get("content-disposition")!).parameters.filename).toBe("Größe – résumé.pdf");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("with S3_PROXY_DOWNLOADS there is no presigned URL (downloads stream through the server)", async () => {
    const storage = createS3Storage(s3Config({ S3_PROXY_DOWNLOADS: "true" }));
    expect(await storage.presignedGetUrl(`${crypto.randomUUID()}/x`, { contentDisposition: "attachment", contentType: "text/plain" }, 60)).toBeUndefined();
  });

  it("check() names a missing bucket and a dead endpoint", async () => {
    await expect(createS3Storage(s3Config({ S3_BUCKET: "no-such-bucket" })).check()).rejects.toThrow(/S3 bucket no-such-bucket at http:\/\/127\.0\.0\.1:\d+ does not exist; check S3_ENDPOINT, S3_BUCKET/);
    const dead = `http://127.0.0.1:${41000 + Math.floor(Math.random() * 8000)}`;
    await expect(createS3Storage(s3Config({ S3_ENDPOINT: dead })).check()).rejects.toThrow(new RegExp(`S3 bucket ${s3.bucket} at ${dead} is unreachable \\(.*ECONNREFUSED.*\\); check S3_ENDPOINT`));
  });

  it("presigned GET of the local driver is undefined (local files stream through the server)", async () => {
    const storage = createLocalStorage(fs.mkdtempSync(path.join(tmp, "root-")));
    expect(await storage.presignedGetUrl(`${crypto.randomUUID()}/x`, { contentDisposition: "attachment", contentType: "text/plain" }, 60)).toBeUndefined();
  });
});

describe("local driver specifics", () => {
  it("check() names an upload directory that cannot be written", async () => {
    const file = path.join(tmp, `not-a-dir-${crypto.randomUUID()}`);
    fs.writeFileSync(file, "x");
    await expect(createLocalStorage(path.join(file, "uploads")).check()).rejects.toThrow(/Upload directory .*not-a-dir-.* is not writable \((ENOTDIR|EEXIST)\); check DATA_DIR/);
  });

  it("writes to a temporary name and renames, so a reader never sees half a file", async () => {
    const root = fs.mkdtempSync(path.join(tmp, "root-"));
    const storage = createLocalStorage(root);
    const ws = crypto.randomUUID();
    const key = `${ws}/${crypto.randomUUID()}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const body = Readable.from(
      (async function* () {
        yield Buffer.alloc(1000, 1);
        await gate;
        yield Buffer.alloc(1000, 2);
      })(),
    );
    const put = storage.put(key, body, { contentType: "application/octet-stream" });
    await new Promise((r) => setTimeout(r, 50));
    await notFoundError(storage.get(key)); // still being written: not there yet
    expect(fs.readdirSync(path.join(root, ws)).every((n) => n.endsWith(".part"))).toBe(true);
    release();
    await put;
    expect((await sha256Of(await storage.get(key))).size).toBe(2000);
    expect(fs.readdirSync(path.join(root, ws))).toEqual([key.split("/")[1]]);
  });
});
