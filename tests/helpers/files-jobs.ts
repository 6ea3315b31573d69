import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { Express } from "express";
import request from "supertest";
import type { AttachmentEntity, AttachmentScan, AttachmentThumbnail } from "../../src/generated/prisma/client";
import type { AppContext } from "../../src/http/context";
import { fileKey } from "../../src/modules/files/storage";
import type { TestUser } from "./app";

/** A DATA_DIR of the test file's own, so its stored objects (and orphan sweeps) meet no other test's. */
export const ownDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "tf-files-jobs-"));

export interface SeedAttachment {
  workspaceId: string;
  entityType?: AttachmentEntity;
  entityId: string;
  projectId?: string | null;
  uploaderId?: string | null;
  bytes: Buffer;
  mimeType: string;
  fileName?: string;
  scanStatus?: AttachmentScan;
  thumbnail?: AttachmentThumbnail;
}

/**
 * An attachment as the upload service leaves it: the bytes stored under
 * `fileKey`, then the row (jobs are not queued: tests call them or `afterUpload`).
 */
export async function seedAttachment(ctx: AppContext, s: SeedAttachment) {
  const id = crypto.randomUUID();
  const storageKey = fileKey(s.workspaceId, id);
  await ctx.storage.put(storageKey, Readable.from([s.bytes]), { contentType: s.mimeType });
  return ctx.db.attachment.create({
    data: {
      id,
      workspaceId: s.workspaceId,
      entityType: s.entityType ?? "TASK",
      entityId: s.entityId,
      projectId: s.projectId ?? null,
      uploaderId: s.uploaderId ?? null,
      fileName: s.fileName ?? "file.bin",
      mimeType: s.mimeType,
      size: BigInt(s.bytes.length),
      sha256: crypto.createHash("sha256").update(s.bytes).digest("hex"),
      storageKey,
      scanStatus: s.scanStatus ?? "SKIPPED",
      thumbnail: s.thumbnail ?? "NONE",
    },
  });
}

/** A project with one task, through the API; their ids. */
export async function projectWithTask(app: Express, owner: TestUser, workspaceId: string, key = "FIL"): Promise<{ projectId: string; taskId: string }> {
  const project = await request(app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: `Files ${key}`, key });
  if (project.status !== 201) throw new Error(`create project: ${project.status} ${JSON.stringify(project.body)}`);
  const task = await request(app).post(`/api/v1/projects/${project.body.data.id}/tasks`).set(owner.auth).send({ title: "Has attachments" });
  if (task.status !== 201) throw new Error(`create task: ${task.status} ${JSON.stringify(task.body)}`);
  return { projectId: project.body.data.id, taskId: task.body.data.id };
}

/** All of a stream's bytes. */
export async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}
