/**
 * Splits a document's text into passages of about 800–1200 characters, cut at
 * paragraph breaks, else sentence ends, else whitespace, so a search hit and a
 * citation show a readable piece. Offsets are into the full text: `text.slice(start, end)`
 * is the passage (leading and trailing whitespace left out of the range).
 */
export interface Passage {
  ordinal: number;
  start: number;
  end: number;
  text: string;
}

export const PASSAGE_MIN = 800;
export const PASSAGE_MAX = 1200;

/** The best cut in text[from, to): the last paragraph break, else sentence end, else space after `min`. */
function cutPoint(text: string, from: number, min: number, max: number): number {
  const window = text.slice(from, max);
  const lastMatch = (re: RegExp) => {
    let at = -1;
    for (const m of window.matchAll(re)) if (m.index + m[0].length >= min - from) at = m.index + m[0].length;
    return at;
  };
  for (const re of [/\n\s*\n/g, /[.!?…]["')\]]?\s+/g, /\s+/g]) {
    const at = lastMatch(re);
    if (at > 0) return from + at;
  }
  return max; // one long word: cut hard
}

export function splitPassages(text: string, min = PASSAGE_MIN, max = PASSAGE_MAX): Passage[] {
  const passages: Passage[] = [];
  let pos = 0;
  while (pos < text.length) {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
    if (pos >= text.length) break;
    const end = text.length - pos <= max ? text.length : cutPoint(text, pos, pos + min, pos + max);
    let trimmed = end;
    while (trimmed > pos && /\s/.test(text[trimmed - 1]!)) trimmed--;
    passages.push({ ordinal: passages.length, start: pos, end: trimmed, text: text.slice(pos, trimmed) });
    pos = end;
  }
  return passages;
}
