import path from "node:path";
import { parseEnv } from "../../src/config/env";
import { createStorage } from "../../src/modules/files";

/** Storage and scanner configuration is validated at start: a bad value stops the server with a message naming it. */
describe("storage and scanner configuration", () => {
  it("defaults: local disk under DATA_DIR/uploads, no scanner, 5-minute download links", () => {
    const c = parseEnv({ DATA_DIR: "/tmp/tf-config-test" });
    expect(c.STORAGE_DRIVER).toBe("local");
    expect(c.CLAMAV_HOST).toBeUndefined();
    expect(c.CLAMAV_PORT).toBe(3310);
    expect(c.DOWNLOAD_URL_TTL_SECONDS).toBe(300);
    expect(c.S3_FORCE_PATH_STYLE).toBe(false);
    expect(createStorage(c).driver).toBe("local");
    expect(path.isAbsolute(c.DATA_DIR)).toBe(true);
  });

  it("STORAGE_DRIVER=s3 needs S3_BUCKET; credentials come in pairs; the endpoint must be a URL", () => {
    expect(() => parseEnv({ STORAGE_DRIVER: "s3" })).toThrow(/S3_BUCKET: required when STORAGE_DRIVER=s3/);
    expect(() => parseEnv({ STORAGE_DRIVER: "s3", S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k" })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither/);
    expect(() => parseEnv({ STORAGE_DRIVER: "s3", S3_BUCKET: "b", S3_ENDPOINT: "minio:9000" })).toThrow(/S3_ENDPOINT/);
    expect(() => parseEnv({ STORAGE_DRIVER: "gcs" })).toThrow(/STORAGE_DRIVER/);
    const c = parseEnv({ STORAGE_DRIVER: "s3", S3_BUCKET: "b", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "true", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" });
    expect(c.S3_FORCE_PATH_STYLE).toBe(true);
    expect(createStorage(c).driver).toBe("s3");
  });

  it("refuses a bad clamd port or timeout", () => {
    expect(() => parseEnv({ CLAMAV_HOST: "clamd", CLAMAV_PORT: "70000" })).toThrow(/CLAMAV_PORT/);
    expect(() => parseEnv({ CLAMAV_HOST: "clamd", CLAMAV_TIMEOUT_MS: "5" })).toThrow(/CLAMAV_TIMEOUT_MS/);
    expect(parseEnv({ CLAMAV_HOST: "clamd", CLAMAV_TIMEOUT_MS: "2000" }).CLAMAV_TIMEOUT_MS).toBe(2000);
  });
});
