/** Placeholder while this page is being built. */
export function TaskListPage() {
  return <p className="text-sm text-zinc-500">TaskListPage is being built.</p>;
}
