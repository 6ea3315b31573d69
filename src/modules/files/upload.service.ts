import crypto from "node:crypto";
import { Readable } from "node:stream";
import type { Request, Response } from "express";
import multer, { MulterError, type StorageEngine } from "multer";
import type { Attachment, AttachmentEntity, Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { inTransaction, type UnitOfWork } from "../../events/unit-of-work";
import { AppError } from "../../lib/errors";
import type { Keyring } from "../../lib/encryption";
import { logger } from "../../lib/logger";
import { decideType, hasThumbnail, SNIFF_BYTES, TypeRefusal, Utf8Check } from "./file-types";
import { afterUpload } from "./files.jobs";
import { fileKey } from "./storage";

/**
 * The upload service (SPEC §4.7), one for every module: a multipart request is
 * streamed file by file to the storage driver, never whole in memory. Per file
 * only the first bytes are held, to decide the type; the rest flows through a
 * counter (the per-file, per-entity and per-workspace limits, mid-stream) and
 * SHA-256 on its way to `ctx.storage.put`. The rows are written in one
 * transaction, serialised per workspace, that checks the quotas again; any
 * failure removes every file the request stored (all or nothing).
 *
 * It knows nothing of tasks or comments: the caller names the target (where
 * the files go, who may, which limits) from the text fields sent before the
 * first file, and adds what belongs to its entity inside the transaction.
 */

export interface UploadLimits {
  fileBytes: number;
  /** All the attachments of the entity together (`entityScope`). */
  entityBytes: number;
  workspaceBytes: number;
}

export interface UploadTarget {
  workspaceId: string;
  entityType: AttachmentEntity;
  entityId: string;
  projectId: string | null;
  /** The task whose screen shows the files (a task's or a comment's attachments), for events. */
  taskId: string | null;
  limits: UploadLimits;
  /** The attachments that count against `limits.entityBytes`; default: this entity's own. */
  entityScope?: Prisma.AttachmentWhereInput;
}

/** A file on its way to the rows: where it is stored and what was decided about it. */
export interface StoredUpload {
  /** Position in the request. */
  index: number;
  id: string;
  key: string;
  fileName: string;
  mimeType: string;
  /** Bytes received (the plaintext's size when sealed). */
  size: number;
  /** Of the bytes received (the plaintext when sealed). */
  sha256: string;
  /** With `UploadSpec.seal`: the stored object is the AES-256-GCM ciphertext; its key id, IV and tag. */
  sealed?: { keyId: string; iv: Buffer; authTag: Buffer };
}

export interface UploadSpec<R = Attachment> {
  uploaderId: string;
  /**
   * From the text fields sent before the first file part (all of them when no
   * file came): validates them, checks that the caller may attach there
   * (throwing 400/403/404 before any byte is stored) and names the target.
   */
  resolveTarget(fields: Record<string, unknown>): Promise<UploadTarget>;
  /** Inside the transaction that inserts the rows: the entity's activity entries and events. */
  onCommit?(unit: UnitOfWork, rows: R[], target: UploadTarget): Promise<void>;
  /** Files per request (default 10). */
  maxFiles?: number;
  /**
   * Narrows the type allow-list (decided on the bytes as always): a MIME type outside `allowed`
   * is refused with 415 and `refusal(fileName, mimeType)` as the message.
   */
  types?: { allowed: readonly string[]; refusal(fileName: string, mimeType: string): string };
  /** Encrypt at rest: the bytes are streamed through AES-256-GCM with this keyring's current key; storage never sees the plaintext. */
  seal?: Keyring;
  /**
   * Rows other than attachments (the AI documents): inserted instead of the attachment rows, in
   * the same transaction (serialised per workspace, quotas checked again). Without it no scan or
   * thumbnail is scheduled: the module owns what it stored.
   */
  insertRows?(unit: UnitOfWork, files: StoredUpload[], target: UploadTarget): Promise<R[]>;
  /** The 400 when no file part came (default: the attachments' wording). */
  noFileMessage?: string;
}

const MB = 1024 * 1024;

/** The limits of the configuration, in bytes. */
export function configuredLimits(ctx: AppContext): UploadLimits {
  const c = ctx.config;
  return { fileBytes: Math.floor(c.UPLOAD_MAX_FILE_MB * MB), entityBytes: Math.floor(c.UPLOAD_MAX_ENTITY_MB * MB), workspaceBytes: Math.floor(c.UPLOAD_WORKSPACE_QUOTA_MB * MB) };
}

/** "10 MB", "5 GB", "10.2 KB": a limit in words. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [[1024 * MB, "GB"], [MB, "MB"], [1024, "KB"]];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  }
  return `${bytes} bytes`;
}

const MAX_NAME_BYTES = 255;

/**
 * A user's file name made harmless, Unicode kept: no directory parts (`../../etc/passwd` → `passwd`),
 * no control or bidirectional-override characters, at most 255 bytes of UTF-8 (the extension kept).
 */
export function cleanFileName(raw: string | undefined): string {
  let name = (raw ?? "").normalize("NFC");
  name = name.split(/[/\\]/).pop() ?? "";
  // Control characters (C0, DEL, C1) and bidirectional overrides (they can disguise an extension).
  name = name.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, "").trim();
  if (name === "." || name === ".." || !name.replace(/\./g, "")) name = "";
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
    let stem = [...name.slice(0, name.length - ext.length)];
    while (Buffer.byteLength(stem.join("") + ext) > MAX_NAME_BYTES) stem = stem.slice(0, -1);
    name = stem.join("") + ext;
  }
  return name || "file";
}

export function tooLarge(kind: keyof typeof LIMIT_WORDS, bytes: number, fileName: string): AppError {
  const message =
    kind === "file" ? `${fileName} is larger than the ${formatBytes(bytes)} limit per file` : kind === "entity" ? `${fileName} does not fit: the attachments here would exceed the ${formatBytes(bytes)} limit` : `${fileName} does not fit: the workspace's ${formatBytes(bytes)} storage quota would be exceeded`;
  return new AppError("PAYLOAD_TOO_LARGE", message, [{ field: "file", message: LIMIT_WORDS[kind](bytes) }], { limit: { kind, bytes } });
}
const LIMIT_WORDS = {
  file: (b: number) => `is larger than the ${formatBytes(b)} limit per file`,
  entity: (b: number) => `exceeds the ${formatBytes(b)} limit for the attachments of one item`,
  workspace: (b: number) => `exceeds the workspace's ${formatBytes(b)} storage quota`,
};

const invalid = (message: string, field = "file") => new AppError("VALIDATION_ERROR", message, [{ field, message }]);

/** Multipart problems (multer, busboy, the client) → the 400 that says what happened. */
function uploadError(err: unknown, maxFiles: number): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof MulterError) {
    const field = err.field ?? "file";
    switch (err.code) {
      case "LIMIT_FILE_COUNT":
        return invalid(`At most ${maxFiles} files per upload`);
      case "LIMIT_UNEXPECTED_FILE":
        return invalid(`Unexpected file part "${field}"; send files in parts named "file"`, field);
      case "LIMIT_FIELD_VALUE":
        return invalid("A text field of the upload is too long", field);
      default:
        return invalid(`The multipart body is not acceptable (${err.message})`, field);
    }
  }
  const message = (err as Error)?.message ?? String(err);
  if (/unexpected end of (form|file)/i.test(message)) return invalid("The upload ended before its last part (truncated multipart body); nothing was stored");
  if (/boundary|malformed|multipart/i.test(message)) return invalid(`The multipart body is malformed (${message}); nothing was stored`);
  if (/request (aborted|closed)|aborted|ECONNRESET/i.test(message)) return invalid("The upload was interrupted before it ended; nothing was stored");
  return err;
}

/**
 * Sums of what is stored: the entity's (scope) and the workspace's (infected files are deleted:
 * they do not count). The workspace's quota holds its attachments and its AI documents (their
 * uploaded size: the encrypted text and source they keep are about that size).
 */
async function usage(db: Pick<Prisma.TransactionClient, "attachment" | "document">, target: UploadTarget): Promise<{ entity: number; workspace: number }> {
  const [entity, workspace] = await Promise.all([
    db.attachment.aggregate({ where: { ...LIVE, ...(target.entityScope ?? { entityType: target.entityType, entityId: target.entityId }) }, _sum: { size: true } }),
    workspaceUsage(db, target.workspaceId),
  ]);
  return { entity: Number(entity._sum.size ?? 0n), workspace };
}

const LIVE = { scanStatus: { not: "INFECTED" as const } };

async function workspaceUsage(db: Pick<Prisma.TransactionClient, "attachment" | "document">, workspaceId: string): Promise<number> {
  const [attachments, documents] = await Promise.all([
    db.attachment.aggregate({ where: { ...LIVE, workspaceId }, _sum: { size: true } }),
    db.document.aggregate({ where: { workspaceId }, _sum: { size: true } }),
  ]);
  return Number(attachments._sum.size ?? 0n) + (documents._sum.size ?? 0);
}

/** What is stored in a workspace changes one transaction at a time, so its quota is checked against what is really there. */
const lockWorkspaceStorage = (tx: Prisma.TransactionClient, workspaceId: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`attachments:${workspaceId}`}, 0))`;

/**
 * For what is stored without an upload (a document created from JSON text): waits for the
 * workspace's uploads (the same lock as `commit`) and refuses `bytes` more past its quota.
 */
export async function assertWorkspaceRoom(tx: Prisma.TransactionClient, workspaceId: string, limits: UploadLimits, bytes: number, fileName: string): Promise<void> {
  await lockWorkspaceStorage(tx, workspaceId);
  if ((await workspaceUsage(tx, workspaceId)) + bytes > limits.workspaceBytes) throw tooLarge("workspace", limits.workspaceBytes, fileName);
}

type StoredFile = StoredUpload;

/** The bytes of the multipart framing around files, allowed when the Content-Length is compared with a quota. */
const FRAMING_SLACK = 4096;

class UploadSession<R> {
  private target?: Promise<UploadTarget>;
  private used?: { entity: number; workspace: number };
  /** Bytes of this request's files so far (against the entity's and the workspace's room). */
  private received = 0;
  private parts = 0;
  private readonly files: StoredFile[] = [];
  /** Every key a put was started for (removed on failure, whether or not it completed). */
  private readonly keys = new Set<string>();
  private readonly puts = new Set<Promise<unknown>>();
  private readonly sources = new Set<Readable>();
  private failure?: unknown;
  private failEarly?: (err: unknown) => void;
  readonly maxFiles: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly req: Request,
    private readonly res: Response,
    private readonly spec: UploadSpec<R>,
  ) {
    this.maxFiles = spec.maxFiles ?? 10;
  }

  private resolveTarget(): Promise<UploadTarget> {
    this.target ??= (async () => {
      const target = await this.spec.resolveTarget({ ...(this.req.body as Record<string, unknown>) });
      this.used = await usage(this.ctx.db, target);
      // Before any byte: a quota already full, or a request that cannot fit (its Content-Length as a hint).
      const hint = Math.max(0, Number(this.req.headers["content-length"] ?? 0) - FRAMING_SLACK);
      const { entityBytes, workspaceBytes } = target.limits;
      if (this.used.workspace >= workspaceBytes || this.used.workspace + hint > workspaceBytes) throw tooLarge("workspace", workspaceBytes, "The upload");
      if (this.used.entity >= entityBytes || this.used.entity + hint > entityBytes) throw tooLarge("entity", entityBytes, "The upload");
      return target;
    })();
    return this.target;
  }

  private fail(err: unknown): unknown {
    this.failure ??= err;
    this.failEarly?.(this.failure);
    return this.failure;
  }

  /** One file part: type from its first bytes, then streamed to storage through the counter and the hash. */
  private async handleFile(file: Express.Multer.File): Promise<StoredFile> {
    if (this.failure) throw this.failure;
    this.sources.add(file.stream);
    const index = this.parts++;
    if (file.fieldname !== "file") throw invalid(`Unexpected file part "${file.fieldname}"; send files in parts named "file"`, file.fieldname);
    const target = await this.resolveTarget();
    const fileName = cleanFileName(file.originalname);
    const { limits } = target;
    const used = this.used!;

    const chunks = file.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const headParts: Buffer[] = [];
    let headLength = 0;
    let ended = false;
    while (headLength < SNIFF_BYTES) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      headParts.push(next.value);
      headLength += next.value.length;
    }
    const head = Buffer.concat(headParts);
    if (!head.length) throw invalid(`${fileName} is empty`);
    const type = await decideType(fileName, head.subarray(0, SNIFF_BYTES)).catch((err) => {
      throw err instanceof TypeRefusal ? new AppError("UNSUPPORTED_MEDIA_TYPE", err.message, [{ field: "file", message: err.message }]) : err;
    });
    if (this.spec.types && !this.spec.types.allowed.includes(type.mimeType)) {
      const message = this.spec.types.refusal(fileName, type.mimeType);
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", message, [{ field: "file", message }]);
    }

    const hash = crypto.createHash("sha256");
    const utf8 = type.text ? new Utf8Check() : undefined;
    const notText = () => this.fail(new AppError("UNSUPPORTED_MEDIA_TYPE", `${fileName} is not UTF-8 text; text files must be UTF-8`, [{ field: "file", message: "is not valid UTF-8" }]));
    let size = 0;
    const count = (chunk: Buffer) => {
      size += chunk.length;
      this.received += chunk.length;
      if (size > limits.fileBytes) throw this.fail(tooLarge("file", limits.fileBytes, fileName));
      if (used.entity + this.received > limits.entityBytes) throw this.fail(tooLarge("entity", limits.entityBytes, fileName));
      if (used.workspace + this.received > limits.workspaceBytes) throw this.fail(tooLarge("workspace", limits.workspaceBytes, fileName));
      if (utf8 && !utf8.push(chunk)) throw notText();
      hash.update(chunk);
    };
    async function* body(): AsyncGenerator<Buffer> {
      count(head);
      yield head;
      while (!ended) {
        const next = await chunks.next();
        if (next.done) break;
        count(next.value);
        yield next.value;
      }
      if (utf8 && !utf8.end()) throw notText();
    }

    const id = crypto.randomUUID();
    const key = fileKey(target.workspaceId, id);
    this.keys.add(key);
    // Sealed: the counter and the hash see the plaintext, storage the ciphertext only (the tag is known at the end).
    const ring = this.spec.seal;
    const iv = crypto.randomBytes(12);
    const cipher = ring ? crypto.createCipheriv("aes-256-gcm", ring.current.key, iv) : null;
    async function* sealed(): AsyncGenerator<Buffer> {
      for await (const chunk of body()) {
        const out = cipher!.update(chunk);
        if (out.length) yield out;
      }
      const last = cipher!.final();
      if (last.length) yield last;
    }
    const put = this.ctx.storage.put(key, Readable.from(cipher ? sealed() : body(), { objectMode: false }), { contentType: cipher ? "application/octet-stream" : type.mimeType });
    this.puts.add(put);
    try {
      await put;
    } catch (err) {
      throw this.failure ?? err;
    } finally {
      this.puts.delete(put);
      this.sources.delete(file.stream);
    }
    const stored: StoredFile = { index, id, key, fileName, mimeType: type.mimeType, size, sha256: hash.digest("hex"), ...(cipher && ring ? { sealed: { keyId: ring.current.id, iv, authTag: cipher.getAuthTag() } } : {}) };
    this.files.push(stored);
    return stored;
  }

  /** Reads the whole multipart body; rejects at the first refusal, without waiting for the rest of the body. */
  receive(): Promise<void> {
    const engine: StorageEngine = {
      _handleFile: (_req, file, cb) => {
        this.handleFile(file).then(
          (stored) => cb(null, { path: stored.key, size: stored.size }),
          (err) => cb(this.fail(err) as Error),
        );
      },
      _removeFile: (_req, file, cb) => {
        this.ctx.storage.delete(file.path).then(() => cb(null), cb);
      },
    };
    const middleware = multer({
      storage: engine,
      defParamCharset: "utf8",
      limits: { files: this.maxFiles, fields: 20, fieldNameSize: 100, fieldSize: 10_000, parts: this.maxFiles + 20, headerPairs: 100 },
    }).any();
    return new Promise<void>((resolve, reject) => {
      this.failEarly = reject;
      middleware(this.req, this.res, (err?: unknown) => (err ? reject(this.fail(err)) : resolve()));
    });
  }

  /** The rows, in one transaction serialised per workspace that checks the quotas against what is stored now. */
  async commit(): Promise<{ target: UploadTarget; rows: R[] }> {
    const target = await this.resolveTarget();
    this.files.sort((a, b) => a.index - b.index);
    if (!this.files.length) throw invalid(this.spec.noFileMessage ?? 'No file: send one or more parts named "file" (after the entityType and entityId fields)');
    const total = this.files.reduce((sum, f) => sum + f.size, 0);
    const scanning = Boolean(this.ctx.config.CLAMAV_HOST);
    const rows = await inTransaction(this.ctx, async (unit) => {
      await lockWorkspaceStorage(unit.tx, target.workspaceId);
      const now = await usage(unit.tx, target);
      const last = this.files[this.files.length - 1].fileName;
      if (now.entity + total > target.limits.entityBytes) throw tooLarge("entity", target.limits.entityBytes, last);
      if (now.workspace + total > target.limits.workspaceBytes) throw tooLarge("workspace", target.limits.workspaceBytes, last);
      if (this.spec.insertRows) {
        const own = await this.spec.insertRows(unit, this.files, target);
        await this.spec.onCommit?.(unit, own, target);
        return own;
      }
      // One millisecond apart, in the order sent: "newest first" lists the last file of an upload first, always.
      const at = this.ctx.now().getTime();
      const inserted = await unit.tx.attachment.createManyAndReturn({
        data: this.files.map((f, i) => ({
          createdAt: new Date(at + i),
          id: f.id,
          workspaceId: target.workspaceId,
          entityType: target.entityType,
          entityId: target.entityId,
          projectId: target.projectId,
          uploaderId: this.spec.uploaderId,
          fileName: f.fileName,
          mimeType: f.mimeType,
          size: BigInt(f.size),
          sha256: f.sha256,
          storageKey: f.key,
          scanStatus: scanning ? ("PENDING" as const) : ("SKIPPED" as const),
          thumbnail: hasThumbnail(f.mimeType) ? ("PENDING" as const) : ("NONE" as const),
        })),
      });
      const byId = new Map(inserted.map((r) => [r.id, r]));
      const ordered = this.files.map((f) => byId.get(f.id)!) as unknown as R[];
      await this.spec.onCommit?.(unit, ordered, target);
      return ordered;
    });
    return { target, rows };
  }

  /** Removes every file this request stored or started to store. */
  async discard(): Promise<void> {
    for (const source of this.sources) source.destroy();
    await Promise.allSettled([...this.puts]);
    const results = await Promise.allSettled([...this.keys].map((key) => this.ctx.storage.delete(key)));
    for (const r of results) if (r.status === "rejected") logger.warn("upload: a partial file could not be removed (the orphan sweep will)", { err: (r.reason as Error)?.message });
  }
}

/**
 * After a refusal answered while the client is still sending: keep reading
 * (and discarding) the body so the client reads the answer instead of a
 * connection reset, and cut the connection if it goes on for too long. (No
 * `Connection: close`: Node would close the socket with the body unread, and
 * the kernel's reset can reach the client before it has read the answer.)
 */
function drainAfterError(req: Request, res: Response) {
  if (req.readableEnded || req.destroyed) return;
  req.on("data", () => {});
  req.resume();
  res.once("finish", () => {
    if (req.readableEnded) return;
    const timer = setTimeout(() => req.socket?.destroy(), 15_000);
    timer.unref();
    req.once("end", () => clearTimeout(timer));
    req.once("close", () => clearTimeout(timer));
  });
}

/**
 * Receives a multipart upload for the target `spec.resolveTarget` names and
 * commits it; answers with the committed rows. Every refusal leaves nothing
 * stored. `afterUpload` (scan, thumbnail) runs once the rows are committed.
 */
export async function receiveUpload<R = Attachment>(ctx: AppContext, req: Request, res: Response, spec: UploadSpec<R>): Promise<{ target: UploadTarget; rows: R[] }> {
  if (!req.is("multipart/form-data")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the files as multipart/form-data: the fields entityType and entityId, then one or more parts named \"file\"");
  }
  const session = new UploadSession(ctx, req, res, spec);
  let committed: { target: UploadTarget; rows: R[] };
  try {
    await session.receive();
    committed = await session.commit();
  } catch (err) {
    await session.discard();
    drainAfterError(req, res);
    throw uploadError(err, session.maxFiles);
  }
  if (spec.insertRows) return committed;
  const ids = (committed.rows as unknown as Attachment[]).map((r) => r.id);
  try {
    await afterUpload(ctx, ids);
  } catch (err) {
    logger.error("upload: scheduling the scan or thumbnail failed", { err: (err as Error).message, ids });
  }
  return committed;
}
