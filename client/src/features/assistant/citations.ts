import { renderMarkdown } from "../task-detail/markdown";

/**
 * Citations in answers. The model is told (server generation.ts, tools.ts)
 * to cite a passage by the `ref` number its search_documents call gave it, in
 * square brackets: `[1]`, or several `[1, 3]`; refs go on across the searches
 * of one answer, so each number names one passage of that message's tool
 * results. Known numbers become links to the passage in its document; an
 * unknown number (the model made it up, or the search failed) stays plain text.
 */

export interface ToolCall {
  id: string;
  name: string;
  arguments?: unknown;
  result?: unknown;
  error?: string;
}

export interface CitedPassage {
  ref: number;
  passageId: string;
  documentId: string;
  documentName: string;
  text: string;
}

const isPassage = (p: unknown): p is CitedPassage => {
  const x = p as Partial<CitedPassage> | null;
  return !!x && typeof x.ref === "number" && typeof x.passageId === "string" && typeof x.documentId === "string" && typeof x.documentName === "string";
};

/** The passages a search_documents result lists (none for anything else). */
export function passagesOf(call: ToolCall): CitedPassage[] {
  if (call.name !== "search_documents" || call.error) return [];
  const passages = (call.result as { passages?: unknown } | undefined)?.passages;
  return Array.isArray(passages) ? passages.filter(isPassage) : [];
}

/** ref → passage over every search of one message (the first passage with a number wins). */
export function citationMap(calls: readonly ToolCall[]): Map<number, CitedPassage> {
  const map = new Map<number, CitedPassage>();
  for (const call of calls) for (const p of passagesOf(call)) if (!map.has(p.ref)) map.set(p.ref, p);
  return map;
}

export const passageHref = (projectBase: string, p: Pick<CitedPassage, "documentId" | "passageId">) =>
  `${projectBase}/documents/${encodeURIComponent(p.documentId)}?passage=${encodeURIComponent(p.passageId)}`;

const CITATION = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
const SKIP = new Set(["CODE", "PRE", "A"]);

/** One text node's citations as links; `null` when it has none to link. */
function linkText(doc: Document, text: string, map: Map<number, CitedPassage>, projectBase: string): DocumentFragment | null {
  let last = 0;
  let linked = false;
  const out = doc.createDocumentFragment();
  for (const m of text.matchAll(CITATION)) {
    const numbers = m[1]!.split(",").map((n) => Number(n.trim()));
    if (!numbers.some((n) => map.has(n))) continue;
    linked = true;
    out.append(text.slice(last, m.index));
    out.append("[");
    numbers.forEach((n, i) => {
      if (i) out.append(", ");
      const p = map.get(n);
      if (!p) return void out.append(String(n));
      const a = doc.createElement("a");
      a.href = passageHref(projectBase, p);
      a.textContent = String(n);
      a.dataset.citation = String(n);
      a.title = `${p.documentName}: ${p.text.slice(0, 120)}`;
      a.setAttribute("aria-label", `Source ${n}: ${p.documentName}`);
      a.className = "citation";
      out.append(a);
    });
    out.append("]");
    last = m.index + m[0].length;
  }
  if (!linked) return null;
  out.append(text.slice(last));
  return out;
}

/** The answer's markdown as sanitised HTML with its citations linked. */
export function renderAnswer(source: string, calls: readonly ToolCall[], projectBase: string): string {
  const html = renderMarkdown(source);
  const map = citationMap(calls);
  if (!map.size) return html;
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    let skip = false;
    for (let el = n.parentElement; el && el !== doc.body; el = el.parentElement) if (SKIP.has(el.tagName)) skip = true;
    if (!skip) nodes.push(n as Text);
  }
  for (const node of nodes) {
    const fragment = linkText(doc, node.data, map, projectBase);
    if (fragment) node.replaceWith(fragment);
  }
  return doc.body.innerHTML;
}
