/** Only same-origin paths are allowed as a post-sign-in destination. */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (next.startsWith("/sign-in") || next.startsWith("/register")) return fallback;
  return next;
}

export function withNext(path: string, next: string | null | undefined): string {
  const target = safeNext(next, "");
  return target ? `${path}?next=${encodeURIComponent(target)}` : path;
}
