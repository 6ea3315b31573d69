/** Placeholder while this page is being built. */
export function SprintsPage() {
  return <p className="text-sm text-zinc-500">SprintsPage is being built.</p>;
}
