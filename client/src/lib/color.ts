/** WCAG relative luminance of a `#rgb` / `#rrggbb` colour (null when it is not one). */
function luminance(hex: string): number | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const INK = "#18181b"; // zinc-900

/**
 * The text colour readable on a user-chosen background (an artist's or project's
 * colour): white when it reaches 4.5:1 on it, else near-black, which then always does.
 */
export function textColorOn(background: string): string {
  const l = luminance(background);
  if (l === null) return INK;
  return 1.05 / (l + 0.05) >= 4.5 ? "#ffffff" : INK;
}
