import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The parts of s3rver (no type definitions) the tests use. */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as S3rverClass;

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The environment a test config needs to use this server as STORAGE_DRIVER=s3. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const randomPort = () => 41000 + Math.floor(Math.random() * 8000);

/**
 * A real S3 HTTP endpoint on loopback (s3rver, data in its own temporary
 * directory) with `bucket` created. s3rver accepts the access key S3RVER.
 */
export async function startS3(bucket = "teamflow-test"): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "tf-s3rver-"));
  for (let tries = 0; ; tries++) {
    const port = randomPort();
    const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: bucket }] });
    try {
      await server.run();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EADDRINUSE" && tries < 20) continue;
      throw err;
    }
    const endpoint = `http://127.0.0.1:${port}`;
    return {
      endpoint,
      bucket,
      env: {
        STORAGE_DRIVER: "s3",
        S3_ENDPOINT: endpoint,
        S3_BUCKET: bucket,
        S3_REGION: "us-east-1",
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
        S3_FORCE_PATH_STYLE: "true",
      },
      async close() {
        await server.close();
        fs.rmSync(directory, { recursive: true, force: true });
      },
    };
  }
}
