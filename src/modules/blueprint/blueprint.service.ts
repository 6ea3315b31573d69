import type { AssistantThread, BlueprintRecommendationSet, BlueprintSection, Prisma, WorkspaceRole } from "../../generated/prisma/client";
import { enforce, roleDenies } from "../../access/permissions";
import { inTransaction, type Emitter } from "../../events/unit-of-work";
import type { AppContext } from "../../http/context";
import { AppError, conflict, notFound } from "../../lib/errors";
import { createArtifact, MAX_ARTIFACT_CHARS, reviseArtifactContent } from "../artifacts";
import { loadProject } from "../projects";
import { BLUEPRINT_TITLE, blueprintMarkdown, type SectionState } from "./blueprint.document";
import { findPhase, findSection, type GuidePhase } from "./blueprint.guide";
import { canReadBlueprint, canWriteBlueprint } from "./blueprint.policy";
import { itemsOf, presentBlueprint, presentProgress, presentRecommendationSet, presentSection, stateOf, type ArtifactRef } from "./blueprint.presenter";
import { MAX_NOTES_CHARS, type AcceptInput, type SaveSectionInput, type StoredRecommendation } from "./blueprint.schema";

/**
 * The Blueprint wizard (SPEC §4.6 Blueprint mode, seed 000) on a blueprint
 * thread: the answers per section (blueprint_sections) and the thread's
 * SYSTEM_BLUEPRINT.md artifact, rewritten from them on every save in the same
 * transaction (so each change is an artifact version with its diff and exports).
 */

type Tx = Prisma.TransactionClient;

/** A blueprint thread the caller may read; 404 for threads they cannot see, 409 for a chat thread. */
export async function loadBlueprintThread(ctx: AppContext, userId: string, threadId: string): Promise<{ thread: AssistantThread; role: WorkspaceRole; projectName: string }> {
  const thread = await ctx.db.assistantThread.findUnique({ where: { id: threadId } });
  if (!thread) throw notFound("Thread");
  const { project, role } = await loadProject(ctx, userId, thread.projectId).catch(() => {
    throw notFound("Thread");
  });
  enforce(canReadBlueprint(role), roleDenies(role, "reading assistant threads"));
  if (thread.mode !== "blueprint") {
    throw conflict('This is a chat thread: the Blueprint wizard works on blueprint threads only. Start one with POST /projects/:id/threads {"mode": "blueprint"}.');
  }
  return { thread, role, projectName: project.name };
}

export const mayWrite = (role: WorkspaceRole) => enforce(canWriteBlueprint(role), roleDenies(role, "using the assistant"));

async function sectionRows(db: Pick<Tx, "blueprintSection">, threadId: string): Promise<Map<string, BlueprintSection>> {
  const rows = await db.blueprintSection.findMany({ where: { threadId } });
  return new Map(rows.map((r) => [r.sectionKey, r]));
}

/** The thread's blueprint artifact: the first one of type blueprint linked to it. */
async function blueprintArtifact(db: Pick<Tx, "artifact">, threadId: string): Promise<ArtifactRef | null> {
  return db.artifact.findFirst({ where: { threadId, type: "blueprint" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, version: true, title: true } });
}

export async function getBlueprint(ctx: AppContext, userId: string, threadId: string) {
  const { thread } = await loadBlueprintThread(ctx, userId, threadId);
  const [rows, artifact, sets] = await Promise.all([sectionRows(ctx.db, thread.id), blueprintArtifact(ctx.db, thread.id), ctx.db.blueprintRecommendationSet.findMany({ where: { threadId: thread.id } })]);
  return presentBlueprint(thread, rows, artifact, new Map(sets.map((s) => [s.phaseKey, s])));
}

const invalid = (field: string, message: string, summary: string) => new AppError("VALIDATION_ERROR", summary, [{ field, message }]);

/**
 * One write of the wizard, serialised per thread (an advisory lock): the
 * section row changed by `change`, then SYSTEM_BLUEPRINT.md rewritten from all
 * rows — created on the first write, a new version when its text changed.
 */
async function writeSection(ctx: AppContext, userId: string, thread: AssistantThread, projectName: string, sectionKey: string, change: (row: BlueprintSection | undefined) => SectionState, before?: (tx: Tx) => Promise<void>) {
  const ref = findSection(sectionKey)!;
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockThread(tx, thread.id);
    await before?.(tx);
    const rows = await sectionRows(tx, thread.id);
    const next = change(rows.get(sectionKey));
    const data = { answers: next.answers as Prisma.InputJsonValue, notes: next.notes, updatedById: userId };
    const row = await tx.blueprintSection.upsert({
      where: { threadId_sectionKey: { threadId: thread.id, sectionKey } },
      create: { threadId: thread.id, sectionKey, ...data },
      update: { ...data, version: { increment: 1 } },
    });
    rows.set(sectionKey, row);
    const markdown = blueprintMarkdown(projectName, new Map([...rows].map(([k, r]) => [k, stateOf(r)])));
    if (markdown.length > MAX_ARTIFACT_CHARS) throw invalid("answers", `makes SYSTEM_BLUEPRINT.md longer than ${MAX_ARTIFACT_CHARS} characters`, "The blueprint would be too long; shorten some answers. Nothing was saved.");
    const artifact = await writeDocument(tx, emit, userId, thread, markdown);
    return { section: presentSection(ref.phase, ref.section, row), artifact, progress: presentProgress(rows) };
  });
}

/** Serialises the wizard's writes on one thread (sections and stored recommendations). */
const lockThread = (tx: Tx, threadId: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`blueprint:${threadId}`}, 0))`;

/** Takes one recommendation out of the phase's stored set; 404 when it is not (or no longer) there. */
async function removeStored(tx: Tx, threadId: string, phaseKey: string, recommendationId: string): Promise<BlueprintRecommendationSet> {
  const set = await tx.blueprintRecommendationSet.findUnique({ where: { threadId_phaseKey: { threadId, phaseKey } } });
  const items = set ? itemsOf(set) : [];
  if (!set || !items.some((r) => r.id === recommendationId)) throw notFound("Recommendation");
  return tx.blueprintRecommendationSet.update({ where: { id: set.id }, data: { items: items.filter((r) => r.id !== recommendationId) as unknown as Prisma.InputJsonValue } });
}

/** Replaces the phase's stored recommendations with a new answer of the provider. */
export async function storeRecommendations(ctx: AppContext, threadId: string, phase: GuidePhase, made: { items: StoredRecommendation[]; fingerprint: string; provider: string; model: string; fallback: boolean; repaired: boolean }) {
  return inTransaction(ctx, async ({ tx }) => {
    await lockThread(tx, threadId);
    const data = { items: made.items as unknown as Prisma.InputJsonValue, answersFingerprint: made.fingerprint, provider: made.provider, model: made.model, fallback: made.fallback, repaired: made.repaired, madeAt: new Date() };
    const set = await tx.blueprintRecommendationSet.upsert({ where: { threadId_phaseKey: { threadId, phaseKey: phase.key } }, create: { threadId, phaseKey: phase.key, ...data }, update: data });
    return presentRecommendationSet(phase, set, await sectionRows(tx, threadId));
  });
}

/** Dismisses a stored recommendation; answers the phase's remaining set. */
export async function dismissRecommendation(ctx: AppContext, userId: string, threadId: string, phaseKey: string, recommendationId: string) {
  const { thread, role } = await loadBlueprintThread(ctx, userId, threadId);
  const phase = phaseOf(phaseKey);
  mayWrite(role);
  return inTransaction(ctx, async ({ tx }) => {
    await lockThread(tx, thread.id);
    const set = await removeStored(tx, thread.id, phase.key, recommendationId);
    return presentRecommendationSet(phase, set, await sectionRows(tx, thread.id));
  });
}

async function writeDocument(tx: Tx, emit: Emitter["emit"], userId: string, thread: AssistantThread, markdown: string): Promise<ArtifactRef> {
  const existing = await blueprintArtifact(tx, thread.id);
  const revised = existing ? await reviseArtifactContent(tx, emit, userId, existing.id, markdown) : null;
  const a = revised ?? (await createArtifact(tx, { workspaceId: thread.workspaceId, projectId: thread.projectId, threadId: thread.id, type: "blueprint", title: BLUEPRINT_TITLE, content: markdown, createdBy: userId }, emit));
  return { id: a.id, version: a.version, title: a.title };
}

/** Saves a section's answers (they replace the section's answers; empty texts are dropped). Unknown question keys are 400, a stale `version` 409. */
export async function saveSection(ctx: AppContext, userId: string, threadId: string, sectionKey: string, input: SaveSectionInput) {
  const { thread, role, projectName } = await loadBlueprintThread(ctx, userId, threadId);
  const ref = findSection(sectionKey);
  if (!ref) throw notFound(`Section "${sectionKey}" of the blueprint guide`);
  mayWrite(role);
  const known = new Set(ref.section.questions.map((q) => q.key));
  const unknown = Object.keys(input.answers).find((k) => !known.has(k));
  if (unknown !== undefined) throw invalid(`answers.${unknown}`, `is not a question of section ${ref.section.number} (${[...known].join(", ")})`, `Section ${ref.section.number} has no question "${unknown}"; nothing was saved.`);
  const answers = Object.fromEntries(Object.entries(input.answers).filter(([, v]) => v.trim() !== ""));
  return writeSection(ctx, userId, thread, projectName, sectionKey, (row) => {
    if (input.version !== undefined && (row?.version ?? 0) !== input.version) {
      throw conflict(`Section ${ref.section.number} was saved elsewhere meanwhile (version ${row?.version ?? 0}, you sent ${input.version}); reload it.`, undefined, { current: presentSection(ref.phase, ref.section, row) });
    }
    return { answers, notes: row ? stateOf(row).notes : "" };
  });
}

/** The phase of the path, 404 when the guide has none of that key. */
export function phaseOf(phaseKey: string): GuidePhase {
  const phase = findPhase(phaseKey);
  if (!phase) throw notFound(`Phase "${phaseKey}" of the blueprint guide`);
  return phase;
}

/** Appends an accepted (possibly edited) recommendation to the section's text, which the document shows under the answers. */
export async function acceptRecommendation(ctx: AppContext, userId: string, threadId: string, phaseKey: string, input: AcceptInput) {
  const { thread, role, projectName } = await loadBlueprintThread(ctx, userId, threadId);
  const phase = phaseOf(phaseKey);
  mayWrite(role);
  if (!phase.sections.some((s) => s.key === input.sectionKey)) {
    throw invalid("sectionKey", `is not a section of phase ${phase.number} (${phase.sections.map((s) => s.key).join(", ")})`, `Phase ${phase.number} has no section "${input.sectionKey}"; nothing was saved.`);
  }
  return writeSection(ctx, userId, thread, projectName, input.sectionKey, (row) => {
    const state = row ? stateOf(row) : { answers: {}, notes: "" };
    const notes = state.notes.trim() ? `${state.notes.trimEnd()}\n\n${input.text}` : input.text;
    if (notes.length > MAX_NOTES_CHARS) throw invalid("text", `would make the section's accepted text longer than ${MAX_NOTES_CHARS} characters`, "The section holds too much accepted text already; nothing was saved.");
    return { answers: state.answers, notes };
  }, input.recommendationId ? async (tx) => void (await removeStored(tx, thread.id, phase.key, input.recommendationId!)) : undefined);
}

/** All answers so far, for the recommendations prompt. */
export async function answersFor(ctx: AppContext, threadId: string): Promise<Map<string, SectionState>> {
  const rows = await sectionRows(ctx.db, threadId);
  return new Map([...rows].map(([k, r]) => [k, stateOf(r)]));
}
