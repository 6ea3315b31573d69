import { createHash } from "node:crypto";
import { BLUEPRINT_GUIDE, type GuidePhase, type GuideSection } from "./blueprint.guide";

/** What a section holds: the answers by question key (non-empty only) and the accepted recommendations. */
export interface SectionState {
  answers: Record<string, string>;
  notes: string;
}

export type SectionStatus = "todo" | "partial" | "complete";

export const BLUEPRINT_TITLE = "SYSTEM_BLUEPRINT.md";

export function answeredCount(section: GuideSection, state: SectionState | undefined): number {
  return section.questions.filter((q) => state?.answers[q.key]?.trim()).length;
}

export function sectionStatus(section: GuideSection, state: SectionState | undefined): SectionStatus {
  const answered = answeredCount(section, state);
  if (answered === 0 && !state?.notes.trim()) return "todo";
  return answered === section.questions.length ? "complete" : "partial";
}

/** One section's Markdown: its heading, each answered question with its answer, the accepted recommendations; a to-do line when empty. */
export function sectionMarkdown(section: GuideSection, state: SectionState | undefined): string {
  const out: string[] = [`### ${section.number} ${section.title}`, ""];
  let group: string | undefined;
  let any = false;
  for (const question of section.questions) {
    const answer = state?.answers[question.key]?.trim();
    if (!answer) continue;
    if (question.group && question.group !== group) {
      group = question.group;
      out.push(`#### ${group}`, "");
    }
    out.push(`**${question.text}**`, "", answer, "");
    any = true;
  }
  const notes = state?.notes.trim();
  if (notes) {
    out.push("#### Accepted recommendations", "", notes, "");
    any = true;
  }
  if (!any) out.push("> **To do:** this section has not been answered yet.", "");
  else if (answeredCount(section, state) < section.questions.length) {
    const open = section.questions.filter((q) => !state?.answers[q.key]?.trim()).map((q) => q.text);
    out.push(`> **To do:** ${open.length} question${open.length === 1 ? "" : "s"} still open: ${open.join(" · ")}`, "");
  }
  return out.join("\n");
}

/**
 * SYSTEM_BLUEPRINT.md from the answers, phase by phase and section by section
 * in the guide's order. Deterministic: the same answers give the same text
 * (no dates), so a save that changes nothing makes no new version.
 */
export function blueprintMarkdown(projectName: string, states: ReadonlyMap<string, SectionState>): string {
  const sections = BLUEPRINT_GUIDE.flatMap((p) => p.sections);
  const done = sections.filter((s) => sectionStatus(s, states.get(s.key)) === "complete").length;
  const out: string[] = [
    `# System Blueprint: ${projectName.replace(/[\r\n]+/g, " ")}`,
    "",
    `_Written by the TeamFlow Blueprint wizard from the answers to its questions. ${done} of ${sections.length} sections complete._`,
    "",
  ];
  for (const phase of BLUEPRINT_GUIDE) {
    out.push(`## Phase ${phase.number}: ${phase.title}`, "", `_Goal: ${phase.goal}._`, "");
    for (const section of phase.sections) out.push(sectionMarkdown(section, states.get(section.key)));
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

/**
 * A hash of the answers recommendations for `phase` are made from (its own and
 * the earlier phases'), to tell when stored ones are stale. Accepted text is
 * left out: accepting one recommendation does not make the others stale.
 */
export function answersFingerprint(phase: GuidePhase, states: ReadonlyMap<string, SectionState>): string {
  const sections = BLUEPRINT_GUIDE.filter((p) => p.number <= phase.number).flatMap((p) => p.sections);
  const data = sections.map((s) => [s.key, Object.entries(states.get(s.key)?.answers ?? {}).sort(([a], [b]) => a.localeCompare(b))]);
  return createHash("sha256").update(JSON.stringify(data)).digest("hex");
}
