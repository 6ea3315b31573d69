import type { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Config } from "../../../config/env";
import { notFound } from "../../../lib/errors";
import { assertStorageKey } from "./keys";
import type { DownloadPresentation, FileStorage, PutOptions } from "./storage";

/**
 * Stores echo `response-content-disposition` in whatever encoding they like
 * (s3rver sends UTF-8 bytes, clients read headers as Latin-1), so the header
 * of a presigned download is kept ASCII: the RFC 5987 `filename*=UTF-8''…`
 * carries the real name, and only the legacy `filename="…"` fallback loses its
 * accents.
 */
const asciiHeader = (value: string) => value.replace(/[^\x20-\x7e]/g, "?");

/**
 * Any S3-compatible store (AWS, MinIO, R2, Ceph). Checksums only when the
 * operation requires them: SDK ≥ 3.729 adds CRC32 checksums by default, which
 * R2 and other non-AWS stores refuse (RECIPES).
 */
export function createS3Storage(config: Config): FileStorage {
  const bucket = config.S3_BUCKET!;
  const client = new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    credentials: config.S3_ACCESS_KEY_ID ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY! } : undefined,
  });
  const proxy = config.S3_PROXY_DOWNLOADS;

  return {
    driver: "s3",

    async put(key: string, body: Readable, options: PutOptions) {
      // Multipart upload from a stream of unknown length: parts of 5 MB, never the whole file in memory.
      // A failed upload is aborted (leavePartsOnError: false), so no object and no parts stay behind.
      const upload = new Upload({ client, params: { Bucket: bucket, Key: assertStorageKey(key), Body: body, ContentType: options.contentType }, queueSize: 2, partSize: 5 * 1024 * 1024, leavePartsOnError: false });
      let bodyError: Error | undefined;
      body.once("error", (err) => (bodyError = err));
      try {
        await upload.done();
      } catch (err) {
        // When the body failed (the client went away), say so, not what the abort that followed answered.
        throw bodyError ?? err;
      }
    },

    async get(key: string) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: assertStorageKey(key) }));
        return out.Body as Readable;
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === "NoSuchKey") throw notFound("File");
        throw err;
      }
    },

    async delete(key: string) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: assertStorageKey(key) }));
    },

    async *list(prefix: string) {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          if (object.Key) yield { key: object.Key, modifiedAt: object.LastModified ?? new Date(0) };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },

    async presignedGetUrl(key: string, presentation: DownloadPresentation, expiresInSeconds: number) {
      if (proxy) return undefined;
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: assertStorageKey(key),
        ResponseContentDisposition: asciiHeader(presentation.contentDisposition),
        ResponseContentType: presentation.contentType,
      });
      return getSignedUrl(client, command, { expiresIn: expiresInSeconds });
    },

    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const why = status === 404 ? "does not exist" : status === 403 ? "refuses these credentials" : `is unreachable (${(err as Error).name}: ${(err as Error).message})`;
        throw new Error(`S3 bucket ${bucket} at ${config.S3_ENDPOINT ?? "AWS"} ${why}; check S3_ENDPOINT, S3_BUCKET and the S3 credentials`, { cause: err });
      }
    },
  };
}
