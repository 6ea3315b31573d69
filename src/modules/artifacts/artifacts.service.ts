import type { Artifact, ArtifactType, Prisma } from "../../generated/prisma/client";
import type { Db } from "../../db/client";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { AppError, notFound } from "../../lib/errors";
import { escapeLike } from "../../lib/zod";
import { enforce, roleDenies } from "../../access/permissions";
import { updateVersioned, versionRequired } from "../../db/versioned";
import { inTransaction, type Emitter } from "../../events/unit-of-work";
import { loadProject } from "../projects";
import { emitArtifact } from "./artifacts.events";
import { canCreateArtifact, canDeleteArtifact, canReadArtifacts, canUpdateArtifact } from "./artifacts.policy";
import { presentArtifact, presentArtifactSummary, presentVersion, presentVersionSummary, type PresentedArtifact } from "./artifacts.presenter";
import type { CreateArtifactInput, ListArtifactsQuery, UpdateArtifactInput } from "./artifacts.schema";

/**
 * Artifacts: Markdown documents of a project (user stories, requirements, the
 * blueprint…), most made by the assistant in a thread. The row holds the
 * current title/content/version; every write also stores that state as an
 * artifact_versions row in the same transaction, so the history is complete.
 */

type Tx = Prisma.TransactionClient;

export interface NewArtifact {
  workspaceId: string;
  projectId: string;
  threadId?: string | null;
  type: ArtifactType;
  title: string;
  content: string;
  createdBy: string | null;
  sourceMessageId?: string | null;
}

const inOneTransaction = <T>(db: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> => ("$transaction" in db ? (db as Db).$transaction(work) : work(db));

/**
 * Creates an artifact and its version 1. Takes a transaction (the assistant's
 * `create_artifact` tool calls it inside its own) or the client (then it opens one).
 * It checks nothing: callers have checked that the project is the caller's and
 * validated type/title/content (`createArtifactBody`). With `emit` (a unit of
 * work's), `artifact.created` goes to the project room after the commit.
 */
export async function createArtifact(db: Db | Tx, input: NewArtifact, emit?: Emitter["emit"]): Promise<PresentedArtifact> {
  return inOneTransaction(db, async (tx) => {
    const a = await tx.artifact.create({
      data: {
        workspaceId: input.workspaceId,
        projectId: input.projectId,
        threadId: input.threadId ?? null,
        type: input.type,
        title: input.title,
        content: input.content,
        createdById: input.createdBy,
        sourceMessageId: input.sourceMessageId ?? null,
      },
    });
    await tx.artifactVersion.create({ data: { artifactId: a.id, version: a.version, title: a.title, content: a.content, editedById: input.createdBy, createdAt: a.createdAt } });
    if (emit) emitArtifact(emit, "artifact.created", input.createdBy, a.workspaceId, presentArtifactSummary(a));
    return presentArtifact(a);
  });
}

export interface ArtifactFilter extends Partial<Page> {
  workspaceId: string;
  projectId?: string;
  threadId?: string;
  type?: ArtifactType;
  q?: string;
}

/** Artifacts of a workspace, newest change first, narrowed to a project, thread, type or title. The caller has checked access. */
export async function listArtifacts(db: Db | Tx, filter: ArtifactFilter) {
  const where: Prisma.ArtifactWhereInput = {
    workspaceId: filter.workspaceId,
    ...(filter.projectId ? { projectId: filter.projectId } : {}),
    ...(filter.threadId ? { threadId: filter.threadId } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.q ? { title: { contains: escapeLike(filter.q), mode: "insensitive" } } : {}),
  };
  const page = { page: filter.page ?? 1, perPage: filter.perPage ?? 100 };
  const [total, rows] = await Promise.all([
    db.artifact.count({ where }),
    db.artifact.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], ...skipTake(page) }),
  ]);
  return { total, rows: rows.map(presentArtifactSummary) };
}

/** An artifact the caller may see (a member of its workspace); 404 otherwise, whatever the reason. */
async function loadArtifact(ctx: AppContext, userId: string, id: string): Promise<{ artifact: Artifact; role: Awaited<ReturnType<typeof loadProject>>["role"] }> {
  const artifact = await ctx.db.artifact.findUnique({ where: { id } });
  if (!artifact) throw notFound("Artifact");
  const { role } = await loadProject(ctx, userId, artifact.projectId).catch(() => {
    throw notFound("Artifact");
  });
  enforce(canReadArtifacts(role), roleDenies(role, "reading artifacts"));
  return { artifact, role };
}

export async function listProjectArtifacts(ctx: AppContext, userId: string, projectId: string, query: ListArtifactsQuery) {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canReadArtifacts(role), roleDenies(role, "reading artifacts"));
  return listArtifacts(ctx.db, { ...query, workspaceId: project.workspaceId, projectId });
}

export async function createProjectArtifact(ctx: AppContext, userId: string, projectId: string, input: CreateArtifactInput): Promise<PresentedArtifact> {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canCreateArtifact(role), roleDenies(role, "creating artifacts"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    // A thread of another project (or none at all) is refused: the link must lead back here.
    if (input.threadId && !(await tx.assistantThread.findFirst({ where: { id: input.threadId, projectId }, select: { id: true } }))) {
      throw new AppError("VALIDATION_ERROR", "The thread is not one of this project's assistant threads", [{ field: "threadId", message: "is not a thread of this project" }]);
    }
    return createArtifact(tx, { ...input, workspaceId: project.workspaceId, projectId, createdBy: userId }, emit);
  });
}

export async function getArtifact(ctx: AppContext, userId: string, id: string): Promise<PresentedArtifact> {
  return presentArtifact((await loadArtifact(ctx, userId, id)).artifact);
}

/** The row with its version claimed (409 when stale), then the new state stored as the next version. */
async function writeVersion(tx: Tx, emit: Emitter["emit"], userId: string, current: Artifact, input: UpdateArtifactInput & { version: number }): Promise<PresentedArtifact> {
  await updateVersioned({
    resource: "artifact",
    expected: input.version,
    claim: (version) =>
      tx.artifact.updateMany({ where: { id: current.id, ...version }, data: { title: input.title, content: input.content, type: input.type, version: { increment: 1 } } }),
    current: async () => presentArtifact(await tx.artifact.findUniqueOrThrow({ where: { id: current.id } })),
  });
  const next = await tx.artifact.findUniqueOrThrow({ where: { id: current.id } });
  await tx.artifactVersion.create({ data: { artifactId: next.id, version: next.version, title: next.title, content: next.content, editedById: userId, createdAt: next.updatedAt } });
  emitArtifact(emit, "artifact.updated", userId, next.workspaceId, presentArtifactSummary(next));
  return presentArtifact(next);
}

/** Title, content or type; `version` (body or If-Match) is required so that two editors never overwrite each other silently. */
export async function updateArtifact(ctx: AppContext, userId: string, id: string, input: UpdateArtifactInput): Promise<PresentedArtifact> {
  const { artifact, role } = await loadArtifact(ctx, userId, id);
  enforce(canUpdateArtifact(role), roleDenies(role, "editing artifacts"));
  const version = versionRequired(input.version, "artifact");
  return inTransaction(ctx, ({ tx, emit }) => writeVersion(tx, emit, userId, artifact, { ...input, version }));
}

export async function deleteArtifact(ctx: AppContext, userId: string, id: string): Promise<void> {
  const { artifact, role } = await loadArtifact(ctx, userId, id);
  enforce(canDeleteArtifact(role), roleDenies(role, "deleting artifacts"));
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.artifact.deleteMany({ where: { id: artifact.id } });
    emit({ type: "artifact.deleted", workspaceId: artifact.workspaceId, actorId: userId, data: { id: artifact.id, projectId: artifact.projectId }, rooms: [`project:${artifact.projectId}`] });
  });
}

export async function listVersions(ctx: AppContext, userId: string, id: string, page: Page) {
  const { artifact } = await loadArtifact(ctx, userId, id);
  const where = { artifactId: artifact.id };
  const [total, rows] = await Promise.all([
    ctx.db.artifactVersion.count({ where }),
    ctx.db.artifactVersion.findMany({ where, orderBy: { version: "desc" }, omit: { content: true }, ...skipTake(page) }),
  ]);
  return { total, rows: rows.map(presentVersionSummary) };
}

async function findVersion(ctx: AppContext, artifactId: string, version: number | string) {
  const n = typeof version === "number" ? version : /^[1-9]\d{0,8}$/.test(version) ? Number(version) : null;
  const v = n === null ? null : await ctx.db.artifactVersion.findUnique({ where: { artifactId_version: { artifactId, version: n } } });
  if (!v) throw notFound(`Version ${version} of this artifact`);
  return v;
}

export async function getVersion(ctx: AppContext, userId: string, id: string, version: string) {
  const { artifact } = await loadArtifact(ctx, userId, id);
  return presentVersion(await findVersion(ctx, artifact.id, version));
}

/** Two versions of an artifact the caller may read, for the diff. */
export async function loadVersionPair(ctx: AppContext, userId: string, id: string, from: number, to: number) {
  const { artifact } = await loadArtifact(ctx, userId, id);
  const [a, b] = await Promise.all([findVersion(ctx, artifact.id, from), findVersion(ctx, artifact.id, to)]);
  return { from: a, to: b };
}

/**
 * A new version of an artifact's content, written inside the caller's
 * transaction (the blueprint wizard rewrites SYSTEM_BLUEPRINT.md from its
 * answers). It checks nothing and claims no version: the caller has checked
 * access and serialises its writers. `null` when the artifact is gone (deleted by a user).
 */
export async function reviseArtifactContent(tx: Tx, emit: Emitter["emit"], userId: string, artifactId: string, content: string): Promise<PresentedArtifact | null> {
  const current = await tx.artifact.findUnique({ where: { id: artifactId } });
  if (!current) return null;
  if (current.content === content) return presentArtifact(current);
  return writeVersion(tx, emit, userId, current, { content, version: current.version });
}
