import type { Request, Response } from "express";
import multer, { MulterError } from "multer";
import type { Document, Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake } from "../../http/pagination";
import { enforce, roleDenies } from "../../access/permissions";
import { inTransaction } from "../../events/unit-of-work";
import { AppError, notFound } from "../../lib/errors";
import { loadKeyring, open, packSealed, seal, unpackSealed, type Keyring } from "../../lib/encryption";
import { escapeLike } from "../../lib/zod";
import { loadProject } from "../projects";
import { cleanFileName, configuredLimits, decideFileType, tooLarge } from "../files";
import { DOCUMENT_TYPES, TEXT_TYPES } from "./extract";
import { emitDocument } from "./documents.events";
import { splitPassages } from "./passages";
import { canCreateDocument, canDeleteDocument } from "./documents.policy";
import { documentEventOf, presentDocument, presentPassage } from "./documents.presenter";
import type { CreateDocumentInput, ListDocumentsQuery } from "./documents.schema";

/** A project's documents for the assistant: stored encrypted, split into passages, searched with PostgreSQL full text. */

type Tx = Prisma.TransactionClient;

const keyrings = new WeakMap<object, Keyring>();
/** The keyring of this configuration, loaded (or generated, embedded mode) once. */
export function keyring(ctx: Pick<AppContext, "config">): Keyring {
  let ring = keyrings.get(ctx.config);
  if (!ring) keyrings.set(ctx.config, (ring = loadKeyring(ctx.config)));
  return ring;
}

/** A document the caller may see (a member of its project's workspace); 404 otherwise. */
async function loadDocument(ctx: AppContext, userId: string, id: string) {
  const doc = await ctx.db.document.findUnique({ where: { id } });
  if (!doc) throw notFound("Document");
  const { role } = await loadProject(ctx, userId, doc.projectId).catch(() => {
    throw notFound("Document");
  });
  return { doc, role };
}

export async function listDocuments(ctx: AppContext, userId: string, projectId: string, query: ListDocumentsQuery) {
  await loadProject(ctx, userId, projectId);
  const where: Prisma.DocumentWhereInput = { projectId, ...(query.status ? { status: query.status } : {}), ...(query.q ? { name: { contains: escapeLike(query.q), mode: "insensitive" } } : {}) };
  const [rows, total] = await Promise.all([ctx.db.document.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...skipTake(query) }), ctx.db.document.count({ where })]);
  return { items: rows.map(presentDocument), total };
}

/** Prisma wants a Uint8Array over a plain ArrayBuffer. */
const bytes = (b: Buffer) => new Uint8Array(b);

/** Writes the extracted text (encrypted) and its passages in one go, and marks the document ready. */
export async function storeText(ctx: AppContext, tx: Tx, doc: Document, text: string, pageCount: number | null): Promise<Document> {
  const sealed = seal(keyring(ctx), text);
  await tx.documentPassage.deleteMany({ where: { documentId: doc.id } });
  const passages = splitPassages(text);
  await tx.documentPassage.createMany({ data: passages.map((p) => ({ documentId: doc.id, workspaceId: doc.workspaceId, projectId: doc.projectId, ordinal: p.ordinal, start: p.start, end: p.end, text: p.text })) });
  return tx.document.update({
    where: { id: doc.id },
    data: {
      status: "ready",
      progress: 100,
      errorDetail: null,
      pageCount,
      charCount: text.length,
      contentIv: bytes(sealed.iv),
      contentTag: bytes(sealed.authTag),
      contentCiphertext: bytes(sealed.ciphertext),
      contentKeyId: sealed.keyId,
      source: null,
      sourceKeyId: null,
      version: { increment: 1 },
    },
  });
}

/** JSON `{name, content}`: no extraction needed, so the document is ready in the same request. */
export async function createFromText(ctx: AppContext, userId: string, projectId: string, input: CreateDocumentInput) {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canCreateDocument(role), roleDenies(role, "adding documents"));
  const limits = configuredLimits(ctx);
  const size = Buffer.byteLength(input.content);
  if (size > limits.fileBytes) throw tooLarge("file", limits.fileBytes, input.name);
  if (input.content.length > ctx.config.DOCUMENT_MAX_CHARS) throw new AppError("VALIDATION_ERROR", `The content is longer than ${ctx.config.DOCUMENT_MAX_CHARS} characters`, [{ field: "content", message: `must be at most ${ctx.config.DOCUMENT_MAX_CHARS} characters` }]);
  const content = input.content; // stored as sent: what is read back is what was written
  return inTransaction(ctx, async ({ tx, emit }) => {
    const doc = await tx.document.create({ data: { workspaceId: project.workspaceId, projectId, name: input.name, mimeType: /\.(md|markdown)$/i.test(input.name) ? "text/markdown" : "text/plain", size, createdById: userId } });
    const ready = await storeText(ctx, tx, doc, content, null);
    emitDocument(emit, "document.created", userId, ready.workspaceId, documentEventOf(ready));
    emitDocument(emit, "document.ready", userId, ready.workspaceId, documentEventOf(ready));
    return presentDocument(ready);
  });
}

const invalid = (message: string) => new AppError("VALIDATION_ERROR", message, [{ field: "file", message }]);

/** Reads the one `file` part into memory (bounded by UPLOAD_MAX_FILE_MB: extraction needs the whole file anyway). */
function readOneFile(req: Request, res: Response, maxBytes: number): Promise<Express.Multer.File> {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 5 } }).single("file");
  return new Promise((resolve, reject) => {
    parse(req, res, (err: unknown) => {
      if (err instanceof MulterError) {
        if (err.code === "LIMIT_FILE_SIZE") return reject(tooLarge("file", maxBytes, cleanFileName(err.field)));
        if (err.code === "LIMIT_FILE_COUNT" || err.code === "LIMIT_UNEXPECTED_FILE") return reject(invalid(`Send exactly one file, in a part named "file"`));
        return reject(invalid(`The multipart body is not acceptable (${err.message})`));
      }
      if (err) return reject(invalid(`The multipart body is malformed or was interrupted (${(err as Error).message}); nothing was stored`));
      if (!req.file) return reject(invalid('No file: send one file in a part named "file"'));
      resolve(req.file);
    });
  });
}

/** A multipart upload: type decided on the bytes, stored encrypted, extraction queued. */
export async function uploadDocument(ctx: AppContext, req: Request, res: Response, userId: string, projectId: string, enqueue: (documentId: string) => Promise<unknown>) {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canCreateDocument(role), roleDenies(role, "adding documents"));
  const file = await readOneFile(req, res, configuredLimits(ctx).fileBytes);
  const name = cleanFileName(file.originalname);
  if (file.size === 0) throw invalid(`${name} is empty`);
  const mimeType = await documentType(name, file.buffer);
  const sealed = seal(keyring(ctx), file.buffer);
  const presented = await inTransaction(ctx, async ({ tx, emit }) => {
    const doc = await tx.document.create({ data: { workspaceId: project.workspaceId, projectId, name, mimeType, size: file.size, createdById: userId, source: bytes(packSealed(sealed)), sourceKeyId: sealed.keyId } });
    emitDocument(emit, "document.created", userId, doc.workspaceId, documentEventOf(doc));
    return presentDocument(doc);
  });
  await enqueue(presented.id);
  return presented;
}

/** The files pipeline's type check on the bytes, narrowed to what can be extracted. */
async function documentType(name: string, bytes: Buffer): Promise<string> {
  const refuse = (message: string) => new AppError("UNSUPPORTED_MEDIA_TYPE", message, [{ field: "file", message }]);
  const decided = await decideFileType(name, bytes.subarray(0, 4100)).catch((err: Error) => {
    throw err instanceof AppError ? err : refuse(err.message);
  });
  if (!DOCUMENT_TYPES.includes(decided.mimeType)) throw refuse(`${name}: documents must be text (.txt), Markdown (.md), PDF or Word (.docx), not ${decided.mimeType}`);
  if (TEXT_TYPES.includes(decided.mimeType) && !isUtf8(bytes)) throw refuse(`${name} is not UTF-8 text`);
  return decided.mimeType;
}

const isUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** The decrypted text of a ready document. */
export function decryptContent(ctx: AppContext, doc: Document): string | null {
  if (!doc.contentCiphertext || !doc.contentIv || !doc.contentTag || !doc.contentKeyId) return null;
  return open(keyring(ctx), { keyId: doc.contentKeyId, iv: Buffer.from(doc.contentIv), authTag: Buffer.from(doc.contentTag), ciphertext: Buffer.from(doc.contentCiphertext) }).toString("utf8");
}

/** The uploaded bytes waiting for extraction. */
export function decryptSource(ctx: AppContext, doc: Document): Buffer | null {
  if (!doc.source || !doc.sourceKeyId) return null;
  return open(keyring(ctx), unpackSealed(doc.sourceKeyId, Buffer.from(doc.source)));
}

export async function getDocument(ctx: AppContext, userId: string, id: string) {
  const { doc } = await loadDocument(ctx, userId, id);
  const passages = await ctx.db.documentPassage.findMany({ where: { documentId: id }, orderBy: { ordinal: "asc" }, select: { id: true, ordinal: true, start: true, end: true, text: true } });
  return { ...presentDocument(doc), content: decryptContent(ctx, doc), passages: passages.map(presentPassage) };
}

export async function deleteDocument(ctx: AppContext, userId: string, id: string): Promise<void> {
  const { doc, role } = await loadDocument(ctx, userId, id);
  enforce(canDeleteDocument(role, doc, userId), roleDenies(role, "deleting other people's documents"));
  await inTransaction(ctx, async ({ tx, emit }) => {
    // Passages go with it (ON DELETE CASCADE).
    await tx.document.deleteMany({ where: { id } });
    emit({ type: "document.deleted", workspaceId: doc.workspaceId, actorId: userId, data: { id, projectId: doc.projectId }, rooms: [`project:${doc.projectId}`] });
  });
}
