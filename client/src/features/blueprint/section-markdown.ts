import type { BlueprintSection } from "./blueprint.api";

/**
 * The section's Markdown as SYSTEM_BLUEPRINT.md will hold it, from the answers
 * being typed (the server's blueprint.document.ts writes the same), so the
 * preview follows the keyboard rather than the last save.
 */
export function sectionPreview(section: BlueprintSection, answers: Record<string, string>): string {
  const out: string[] = [`### ${section.number} ${section.title}`, ""];
  let group: string | undefined;
  let any = false;
  for (const q of section.questions) {
    const answer = answers[q.key]?.trim();
    if (!answer) continue;
    if (q.group && q.group !== group) {
      group = q.group;
      out.push(`#### ${group}`, "");
    }
    out.push(`**${q.text}**`, "", answer, "");
    any = true;
  }
  if (section.notes.trim()) {
    out.push("#### Accepted recommendations", "", section.notes.trim(), "");
    any = true;
  }
  const open = section.questions.filter((q) => !answers[q.key]?.trim());
  if (!any) out.push("> **To do:** this section has not been answered yet.");
  else if (open.length) out.push(`> **To do:** ${open.length} question${open.length === 1 ? "" : "s"} still open: ${open.map((q) => q.text).join(" · ")}`);
  return out.join("\n");
}
