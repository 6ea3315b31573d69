import type { Request, Response } from "express";
import type { Document, Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake } from "../../http/pagination";
import { enforce, roleDenies } from "../../access/permissions";
import { inTransaction } from "../../events/unit-of-work";
import { AppError, notFound } from "../../lib/errors";
import { loadKeyring, open, seal, unpackSealed, type Keyring } from "../../lib/encryption";
import { escapeLike } from "../../lib/zod";
import { loadProject } from "../projects";
import { assertWorkspaceRoom, configuredLimits, receiveUpload, tooLarge } from "../files";
import { logger } from "../../lib/logger";
import { DOCUMENT_TYPES } from "./extract";
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
      sourceStorageKey: null,
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
    // It counts against the workspace's storage quota like an uploaded document (SPEC §4.7).
    await assertWorkspaceRoom(tx, project.workspaceId, limits, size, input.name);
    const doc = await tx.document.create({ data: { workspaceId: project.workspaceId, projectId, name: input.name, mimeType: /\.(md|markdown)$/i.test(input.name) ? "text/markdown" : "text/plain", size, createdById: userId } });
    const ready = await storeText(ctx, tx, doc, content, null);
    emitDocument(emit, "document.created", userId, ready.workspaceId, documentEventOf(ready));
    emitDocument(emit, "document.ready", userId, ready.workspaceId, documentEventOf(ready));
    return presentDocument(ready);
  });
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * A multipart upload through the files pipeline (`receiveUpload`): streamed to storage, never
 * whole in memory; the size limit (413), the documents' type allow-list decided on the bytes
 * (text and Markdown as UTF-8, PDF, DOCX: 415), the workspace quota (documents count in it) and
 * the upload rate limit (the route's) are the attachments' own.
 *
 * Encryption at rest: the pipeline seals the stream with AES-256-GCM (the documents' keyring)
 * before it reaches storage, so the stored object is ciphertext only; its IV and tag are kept in
 * `source` and the key id in `sourceKeyId`. The extraction job decrypts it, writes the encrypted
 * text and the passages, then deletes the object (failed extractions too): no plaintext is ever
 * at rest, and no ciphertext of the upload stays once the text is extracted.
 */
export async function uploadDocument(ctx: AppContext, req: Request, res: Response, userId: string, projectId: string, enqueue: (documentId: string) => Promise<unknown>) {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canCreateDocument(role), roleDenies(role, "adding documents"));
  const limits = configuredLimits(ctx);
  const { rows } = await receiveUpload<Document>(ctx, req, res, {
    uploaderId: userId,
    maxFiles: 1,
    noFileMessage: 'No file: send one file in a part named "file"',
    seal: keyring(ctx),
    types: { allowed: DOCUMENT_TYPES, refusal: (name, type) => `${name}: documents must be text (.txt), Markdown (.md), PDF or Word (.docx), not ${type}` },
    // Documents have no per-item limit (an empty scope and no entity cap): the file limit and the workspace quota apply.
    resolveTarget: async () => ({ workspaceId: project.workspaceId, entityType: "PROJECT", entityId: projectId, projectId, taskId: null, limits: { ...limits, entityBytes: MAX_SAFE }, entityScope: { id: { in: [] } } }),
    insertRows: async ({ tx, emit }, files) =>
      Promise.all(
        files.map(async (f) => {
          const doc = await tx.document.create({
            data: { id: f.id, workspaceId: project.workspaceId, projectId, name: f.fileName, mimeType: f.mimeType, size: f.size, createdById: userId, source: bytes(Buffer.concat([f.sealed!.iv, f.sealed!.authTag])), sourceKeyId: f.sealed!.keyId, sourceStorageKey: f.key },
          });
          emitDocument(emit, "document.created", userId, doc.workspaceId, documentEventOf(doc));
          return doc;
        }),
      ),
  });
  const presented = presentDocument(rows[0]!);
  await enqueue(presented.id);
  return presented;
}

/** The decrypted text of a ready document. */
export function decryptContent(ctx: AppContext, doc: Document): string | null {
  if (!doc.contentCiphertext || !doc.contentIv || !doc.contentTag || !doc.contentKeyId) return null;
  return open(keyring(ctx), { keyId: doc.contentKeyId, iv: Buffer.from(doc.contentIv), authTag: Buffer.from(doc.contentTag), ciphertext: Buffer.from(doc.contentCiphertext) }).toString("utf8");
}

/** The uploaded bytes waiting for extraction: sealed in the row (older uploads), or sealed in file storage (iv ‖ tag in the row). */
export async function decryptSource(ctx: AppContext, doc: Document): Promise<Buffer | null> {
  if (!doc.source || !doc.sourceKeyId) return null;
  const packed = Buffer.from(doc.source);
  if (!doc.sourceStorageKey) return open(keyring(ctx), unpackSealed(doc.sourceKeyId, packed));
  const chunks: Buffer[] = [];
  for await (const chunk of await ctx.storage.get(doc.sourceStorageKey)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return open(keyring(ctx), { keyId: doc.sourceKeyId, iv: packed.subarray(0, 12), authTag: packed.subarray(12, 28), ciphertext: Buffer.concat(chunks) });
}

/** Removes a document's stored upload (after extraction or deletion); a failure is left to the orphan sweep. */
export async function removeSource(ctx: AppContext, storageKey: string | null): Promise<void> {
  if (!storageKey) return;
  await ctx.storage.delete(storageKey).catch((err: Error) => logger.warn("documents: the stored upload could not be removed (the orphan sweep will)", { key: storageKey, err: err.message }));
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
  await removeSource(ctx, doc.sourceStorageKey);
}
