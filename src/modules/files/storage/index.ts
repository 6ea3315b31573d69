import path from "node:path";
import type { Config } from "../../../config/env";
import { createLocalStorage } from "./local";
import { createS3Storage } from "./s3";
import type { FileStorage } from "./storage";

export type { DownloadPresentation, FileStorage, PutOptions } from "./storage";
export { fileKey, thumbnailKey } from "./keys";

/** The configured driver (STORAGE_DRIVER): local disk under DATA_DIR/uploads, or S3. */
export function createStorage(config: Config): FileStorage {
  if (config.STORAGE_DRIVER === "s3") return createS3Storage(config);
  return createLocalStorage(path.join(config.DATA_DIR, "uploads"));
}
