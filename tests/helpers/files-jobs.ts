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
import type { AnyDomainEvent } from "../../src/events/bus";
import { createTestApp, type TestApp, type TestUser } from "./app";
import { createTeam, type Team } from "./team";

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

export interface FilesJobsWorld {
  t: TestApp;
  team: Team;
  task: { projectId: string; taskId: string };
  /** Every event published so far. */
  events: AnyDomainEvent[];
}

/**
 * A test file's setup for the files jobs: the app on its own DATA_DIR with
 * `env` (on Redis, BullMQ, when asked), a team and a project with a task; every published event recorded.
 * Registers beforeAll/afterAll; the returned object is filled in beforeAll.
 */
export function filesJobsWorld(env: Record<string, string> | (() => Record<string, string>), name: string, key: string, options: { redis?: boolean } = {}): FilesJobsWorld {
  const world = { events: [] as AnyDomainEvent[] } as FilesJobsWorld;
  const dataDir = ownDataDir();
  beforeAll(async () => {
    world.t = await createTestApp({ env: { ...(typeof env === "function" ? env() : env), DATA_DIR: dataDir }, redis: options.redis });
    world.team = await createTeam(world.t.app, name);
    world.task = await projectWithTask(world.t.app, world.team.owner, world.team.workspaceId, key);
    world.t.ctx.events.subscribe("test", (e) => void world.events.push(e));
  });
  afterAll(async () => {
    await world.t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return world;
}
