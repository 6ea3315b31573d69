import type { Root } from "mdast";

/**
 * The one Markdown syntax tree every export is made from (CommonMark + GFM:
 * tables, strikethrough, task lists, autolinks). unified and remark are
 * ESM-only: loaded with import() like file-type (jest compiles them, see ESM_ONLY).
 */
async function processor() {
  const [{ unified }, { default: remarkParse }, { default: remarkGfm }, { default: remarkStringify }] = await Promise.all([
    import("unified"),
    import("remark-parse"),
    import("remark-gfm"),
    import("remark-stringify"),
  ]);
  return unified().use(remarkParse).use(remarkGfm).use(remarkStringify, { bullet: "-", emphasis: "*", strong: "*", fence: "`", rule: "-", listItemIndent: "one" });
}

export async function parseMarkdown(markdown: string): Promise<Root> {
  const p = await processor();
  return p.runSync(p.parse(markdown)) as Root;
}

/** The tree written back as Markdown: the source, normalised (one bullet style, fenced code, GFM tables aligned). */
export async function toMarkdown(tree: Root): Promise<string> {
  const p = await processor();
  return p.stringify(tree);
}
