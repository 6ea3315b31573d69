/**
 * Search headlines come as HTML: the text escaped by the server, with `<b>` and
 * `</b>` around matches. Rather than injecting HTML, they are split into plain
 * text parts (React escapes them again on render), so nothing but the marker
 * can ever become markup.
 */
export interface HeadlinePart {
  text: string;
  match: boolean;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);

export function headlineParts(html: string): HeadlinePart[] {
  const parts: HeadlinePart[] = [];
  let match = false;
  for (const token of html.split(/(<\/?b>)/)) {
    if (token === "<b>") match = true;
    else if (token === "</b>") match = false;
    else if (token) parts.push({ text: decode(token), match });
  }
  return parts;
}

/** The parts before and after a character offset of their joined text. */
export function splitParts(parts: HeadlinePart[], offset: number): [HeadlinePart[], HeadlinePart[]] {
  const before: HeadlinePart[] = [];
  const after: HeadlinePart[] = [];
  let seen = 0;
  for (const part of parts) {
    const cut = Math.max(0, Math.min(part.text.length, offset - seen));
    if (cut > 0) before.push({ ...part, text: part.text.slice(0, cut) });
    if (cut < part.text.length) after.push({ ...part, text: part.text.slice(cut) });
    seen += part.text.length;
  }
  return [before, after];
}

/**
 * A task headline is a fragment of "title — description" (see the search
 * module). Returns the title with the matched words marked, and the snippet
 * of the description (without the part of the title the fragment starts with).
 */
export function taskHeadline(title: string, parts: HeadlinePart[]): { title: HeadlinePart[]; snippet: HeadlinePart[] } {
  const plain = parts.map((p) => p.text).join("");
  const separator = plain.indexOf(SEPARATOR);
  const head = separator === -1 ? plain.trimEnd().replace(/\s*—$/, "") : plain.slice(0, separator);
  const startsInTitle = head.length > 0 && title.endsWith(head);
  const snippet = !startsInTitle ? parts : separator === -1 ? [] : splitParts(parts, separator + SEPARATOR.length)[1];
  const words = new Set(parts.filter((p) => p.match).map((p) => p.text.toLowerCase()));
  return { title: markWords(title, words), snippet };
}

const SEPARATOR = " — ";

/** `text` split so that whole-word occurrences of `words` (lower case) are marked. */
function markWords(text: string, words: Set<string>): HeadlinePart[] {
  if (words.size === 0) return [{ text, match: false }];
  const parts: HeadlinePart[] = [];
  for (const token of text.split(/([\p{L}\p{N}_]+)/u)) {
    if (!token) continue;
    const match = words.has(token.toLowerCase());
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += token;
    else parts.push({ text: token, match });
  }
  return parts;
}
