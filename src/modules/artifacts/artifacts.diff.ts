import { createTwoFilesPatch, structuredPatch } from "diff";

/** Line diff between two versions' contents: hunks the UI draws, and the same as a unified-diff text. */
export interface VersionText {
  version: number;
  title: string;
  content: string;
}

type LineKind = "added" | "removed" | "context";
const KIND: Record<string, LineKind> = { "+": "added", "-": "removed", " ": "context" };

/** `diff` compares lines ending in "\n"; a missing final newline would show a change that is not one. */
const withFinalNewline = (s: string) => (s === "" || s.endsWith("\n") ? s : `${s}\n`);

export function diffVersions(from: VersionText, to: VersionText) {
  const oldText = withFinalNewline(from.content);
  const newText = withFinalNewline(to.content);
  const oldName = `v${from.version}`;
  const newName = `v${to.version}`;
  const patch = structuredPatch(oldName, newName, oldText, newText, undefined, undefined, { context: 3 });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((h) => ({
    oldStart: h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newStart,
    newLines: h.newLines,
    // "\ No newline at end of file" markers cannot occur (withFinalNewline), but are skipped anyway.
    lines: h.lines
      .filter((l) => KIND[l[0]])
      .map((l) => {
        const kind = KIND[l[0]];
        if (kind === "added") added++;
        if (kind === "removed") removed++;
        return { kind, text: l.slice(1) };
      }),
  }));
  return {
    from: from.version,
    to: to.version,
    fromTitle: from.title,
    toTitle: to.title,
    added,
    removed,
    hunks,
    unified: createTwoFilesPatch(oldName, newName, oldText, newText, from.title, to.title, { context: 3 }),
  };
}
