import type { BlueprintRecommendationSet, BlueprintSection } from "../../generated/prisma/client";
import { BLUEPRINT_GUIDE, type GuidePhase, type GuideSection } from "./blueprint.guide";
import { answeredCount, answersFingerprint, sectionMarkdown, sectionStatus, type SectionState } from "./blueprint.document";
import type { StoredRecommendation } from "./blueprint.schema";

export interface ArtifactRef {
  id: string;
  version: number;
  title: string;
}

/** A row as the document uses it; answers are stored as a JSON object of strings. */
export function stateOf(row: Pick<BlueprintSection, "answers" | "notes">): SectionState {
  const raw = (row.answers ?? {}) as Record<string, unknown>;
  const answers = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"));
  return { answers, notes: row.notes };
}

export function presentSection(phase: GuidePhase, section: GuideSection, row: BlueprintSection | undefined) {
  const state = row ? stateOf(row) : undefined;
  return {
    key: section.key,
    number: section.number,
    title: section.title,
    ...(section.intro ? { intro: section.intro } : {}),
    phaseKey: phase.key,
    questions: section.questions.map((q) => ({ ...q })),
    answers: state?.answers ?? {},
    notes: state?.notes ?? "",
    version: row?.version ?? 0,
    status: sectionStatus(section, state),
    answered: answeredCount(section, state),
    total: section.questions.length,
    markdown: sectionMarkdown(section, state),
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** The stored items of a set (a JSON array written by the service). */
export const itemsOf = (set: Pick<BlueprintRecommendationSet, "items">): StoredRecommendation[] => (Array.isArray(set.items) ? (set.items as unknown as StoredRecommendation[]) : []);

const statesOf = (rows: ReadonlyMap<string, BlueprintSection>) => new Map([...rows].map(([k, r]) => [k, stateOf(r)]));

/** A phase's stored recommendations, stale when the answers they were made from changed since. */
export function presentRecommendationSet(phase: GuidePhase, set: BlueprintRecommendationSet, rows: ReadonlyMap<string, BlueprintSection>) {
  return {
    phaseKey: set.phaseKey,
    recommendations: itemsOf(set),
    provider: set.provider,
    model: set.model,
    fallback: set.fallback,
    repaired: set.repaired,
    madeAt: set.madeAt.toISOString(),
    stale: set.answersFingerprint !== answersFingerprint(phase, statesOf(rows)),
  };
}

export function presentProgress(rows: ReadonlyMap<string, BlueprintSection>) {
  const sections = BLUEPRINT_GUIDE.flatMap((p) => p.sections);
  let answered = 0;
  let sectionsComplete = 0;
  for (const s of sections) {
    const row = rows.get(s.key);
    const state = row ? stateOf(row) : undefined;
    answered += answeredCount(s, state);
    if (sectionStatus(s, state) === "complete") sectionsComplete++;
  }
  return { answered, total: sections.reduce((n, s) => n + s.questions.length, 0), sectionsComplete, sectionsTotal: sections.length };
}

export function presentBlueprint(thread: { id: string; projectId: string; title: string }, rows: ReadonlyMap<string, BlueprintSection>, artifact: ArtifactRef | null, sets: ReadonlyMap<string, BlueprintRecommendationSet>) {
  return {
    threadId: thread.id,
    projectId: thread.projectId,
    title: thread.title,
    artifact,
    progress: presentProgress(rows),
    phases: BLUEPRINT_GUIDE.map((phase) => {
      const sections = phase.sections.map((s) => presentSection(phase, s, rows.get(s.key)));
      const answered = sections.reduce((n, s) => n + s.answered, 0);
      const total = sections.reduce((n, s) => n + s.total, 0);
      const status = sections.every((s) => s.status === "complete") ? "complete" : sections.every((s) => s.status === "todo") ? "todo" : "partial";
      const set = sets.get(phase.key);
      const recommendations = set && itemsOf(set).length > 0 ? presentRecommendationSet(phase, set, rows) : null;
      return { key: phase.key, number: phase.number, title: phase.title, goal: phase.goal, duration: phase.duration, recommends: phase.recommends, status: status as "todo" | "partial" | "complete", answered, total, sections, recommendations };
    }),
  };
}

export type PresentedBlueprint = ReturnType<typeof presentBlueprint>;
