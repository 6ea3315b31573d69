import zlib from "node:zlib";
import sharp from "sharp";
import { afterUpload, thumbnailJob } from "../../src/modules/files/files.jobs";
import { thumbnailKey } from "../../src/modules/files/storage";
import { eventually } from "../helpers/eventually";
import { bytesOf, filesJobsWorld, seedAttachment } from "../helpers/files-jobs";

/** Thumbnails (SPEC §4.7): made by a job with sharp, EXIF orientation applied, metadata stripped, bombs refused. */

// No CLAMAV_HOST: uploads are SKIPPED, thumbnails come at once.
const world = filesJobsWorld({}, "Thumbnails", "THB");

const image = (bytes: Buffer, mimeType: string, extra: { scanStatus?: "SKIPPED" | "PENDING" | "CLEAN" } = {}) =>
  seedAttachment(world.t.ctx, { workspaceId: world.team.workspaceId, entityId: world.task.taskId, projectId: world.task.projectId, uploaderId: world.team.member.id, bytes, mimeType, fileName: "photo", thumbnail: "PENDING", ...extra });
const row = (id: string) => world.t.ctx.db.attachment.findUniqueOrThrow({ where: { id } });
const run = (attachmentId: string) => thumbnailJob(world.t.ctx).perform({ attachmentId }, { attempt: 1, jobId: "x" });

/** Left half red, right half blue: after a 90° turn the halves are on top and bottom. */
async function halves(width: number, height: number) {
  const red = await sharp({ create: { width: width / 2, height, channels: 3, background: "#ff0000" } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: "#0000ff" } }).composite([{ input: red, left: 0, top: 0 }]);
}

/**
 * A valid 1-bit greyscale PNG of width × height, all black: a few KB on disk,
 * width × height bytes once decoded (a decompression bomb's shape).
 */
function blackPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc(height * (1 + Math.ceil(width / 8))); // each row: filter 0, then the pixels
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

describe("thumbnails (files.thumbnail)", () => {
  it("a JPEG with EXIF orientation 6 comes out turned upright, 480 px at most, as WebP without any metadata", async () => {
    const jpeg = await (await halves(1200, 800)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const stored = await sharp(jpeg).metadata();
    expect({ width: stored.width, height: stored.height, orientation: stored.orientation, exif: Boolean(stored.exif) }).toEqual({ width: 1200, height: 800, orientation: 6, exif: true });

    const a = await image(jpeg, "image/jpeg");
    expect(await run(a.id)).toBe("ready");
    const done = await row(a.id);
    expect(done).toMatchObject({ thumbnail: "READY", thumbnailKey: thumbnailKey(world.team.workspaceId, a.id), width: 800, height: 1200 }); // the original as seen, upright

    const thumb = await bytesOf(await world.t.ctx.storage.get(done.thumbnailKey!));
    const meta = await sharp(thumb).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "webp", width: 320, height: 480 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    // Orientation 6 = turn 90° clockwise: the left (red) half is now on top, the right (blue) half at the bottom.
    const { data, info } = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [top, bottom] = [at(160, 40), at(160, 440)];
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);

    await world.t.ctx.events.drain();
    const updated = world.events.filter((e) => e.type === "attachment.updated" && (e.data as { id: string }).id === a.id);
    expect(updated).toHaveLength(1);
    expect(updated[0].rooms).toEqual([`project:${world.task.projectId}`, `task:${world.task.taskId}`]);
  });

  it("small images are not enlarged; PNG, GIF, WebP and TIFF all get one", async () => {
    for (const [format, mimeType] of [["png", "image/png"], ["gif", "image/gif"], ["webp", "image/webp"], ["tiff", "image/tiff"]] as const) {
      const bytes = await sharp({ create: { width: 100, height: 50, channels: 3, background: "#22aa22" } }).toFormat(format).toBuffer();
      const a = await image(bytes, mimeType);
      expect(await run(a.id)).toBe("ready");
      const done = await row(a.id);
      expect({ format, width: done.width, height: done.height }).toEqual({ format, width: 100, height: 50 });
      const meta = await sharp(await bytesOf(await world.t.ctx.storage.get(done.thumbnailKey!))).metadata();
      expect({ format, width: meta.width, height: meta.height, type: meta.format }).toEqual({ format, width: 100, height: 50, type: "webp" });
    }
  });

  it("a corrupt image and a decompression bomb end FAILED at once (the job does not throw: no retry storm)", async () => {
    const corrupt = Buffer.concat([(await sharp({ create: { width: 300, height: 300, channels: 3, background: "#000" } }).png().toBuffer()).subarray(0, 120), Buffer.alloc(500, 7)]);
    // 64 MP: over our 50 MP limit, under sharp's own default (268 MP), so only MAX_INPUT_PIXELS refuses it.
    const bomb = blackPng(8000, 8000);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await sharp(bomb).metadata()).toMatchObject({ width: 8000, height: 8000 });
    for (const bytes of [corrupt, bomb]) {
      const a = await image(bytes, "image/png");
      const started = Date.now();
      expect(await run(a.id)).toBe("failed");
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await row(a.id)).toMatchObject({ thumbnail: "FAILED", thumbnailKey: null, width: null, height: null });
      await expect(world.t.ctx.storage.get(thumbnailKey(world.team.workspaceId, a.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("waits for the scan: nothing while PENDING; idempotent once decided", async () => {
    const bytes = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#fff" } }).png().toBuffer();
    const pending = await image(bytes, "image/png", { scanStatus: "PENDING" });
    expect(await run(pending.id)).toBe("skipped");
    expect((await row(pending.id)).thumbnail).toBe("PENDING");

    const a = await image(bytes, "image/png");
    expect(await run(a.id)).toBe("ready");
    const before = await row(a.id);
    expect(await run(a.id)).toBe("skipped");
    expect(await row(a.id)).toEqual(before);
  });

  it("afterUpload without a scanner queues the thumbnail of images only", async () => {
    const pngBytes = await sharp({ create: { width: 20, height: 30, channels: 4, background: "#ff000080" } }).png().toBuffer();
    const img = await image(pngBytes, "image/png");
    const pdf = await seedAttachment(world.t.ctx, { workspaceId: world.team.workspaceId, entityId: world.task.taskId, projectId: world.task.projectId, bytes: Buffer.from("%PDF-1.4\n"), mimeType: "application/pdf", thumbnail: "NONE" });
    await afterUpload(world.t.ctx, [img.id, pdf.id]);
    await eventually(async () => (await row(img.id)).thumbnail === "READY", { what: "the queued thumbnail" });
    expect(await row(img.id)).toMatchObject({ width: 20, height: 30 });
    expect((await row(pdf.id)).thumbnail).toBe("NONE");
  });
});
