/** Placeholder while this page is being built. */
export function MyTasksPage() {
  return <p className="text-sm text-zinc-500">MyTasksPage is being built.</p>;
}
