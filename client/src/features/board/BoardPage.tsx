/** Placeholder while this page is being built. */
export function BoardPage() {
  return <p className="text-sm text-zinc-500">BoardPage is being built.</p>;
}
