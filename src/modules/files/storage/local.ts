import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { notFound } from "../../../lib/errors";
import { assertStorageKey } from "./keys";
import type { FileStorage, PutOptions } from "./storage";

/**
 * Attachments on local disk under `root` (DATA_DIR/uploads). A file is written
 * to a temporary name beside its key and renamed when complete, so a reader
 * never sees half a file and a failed upload leaves nothing under the key.
 */
export function createLocalStorage(root: string): FileStorage {
  const fileOf = (key: string) => path.join(root, assertStorageKey(key));
  return {
    driver: "local",

    async put(key: string, body: Readable, _options: PutOptions) {
      const target = fileOf(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${crypto.randomBytes(6).toString("hex")}.part`;
      try {
        await pipeline(body, fs.createWriteStream(temporary, { flags: "wx" }));
        await fs.promises.rename(temporary, target);
      } catch (err) {
        await fs.promises.rm(temporary, { force: true });
        throw err;
      }
    },

    async get(key: string) {
      const file = fileOf(key);
      try {
        const handle = await fs.promises.open(file, "r");
        return handle.createReadStream();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") throw notFound("File");
        throw err;
      }
    },

    async delete(key: string) {
      await fs.promises.rm(fileOf(key), { force: true });
    },

    async *list(prefix: string) {
      const base = path.join(root, prefix);
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(base, { withFileTypes: true, recursive: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
        throw err;
      }
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const full = path.join(entry.parentPath, entry.name);
        const stat = await fs.promises.stat(full).catch(() => undefined);
        if (stat) yield { key: path.relative(root, full).split(path.sep).join("/"), modifiedAt: stat.mtime };
      }
    },

    async presignedGetUrl() {
      return undefined; // local files always stream through the server
    },

    async check() {
      try {
        await fs.promises.mkdir(root, { recursive: true });
        const probe = path.join(root, `.ready-${crypto.randomBytes(4).toString("hex")}`);
        await fs.promises.writeFile(probe, "");
        await fs.promises.rm(probe, { force: true });
      } catch (err) {
        throw new Error(`Upload directory ${root} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check DATA_DIR and its permissions`, { cause: err });
      }
    },
  };
}
