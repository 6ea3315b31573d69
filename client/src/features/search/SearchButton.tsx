import { Search } from "lucide-react";
import { IconButton } from "../../components/ui/Button";
import { openSearch } from "./open-search";

/** Opens the workspace search; for the header. `compact` is the icon-only phone variant. */
export function SearchButton({ compact = false }: { compact?: boolean }) {
  if (compact) {
    return (
      <IconButton label="Search" onClick={openSearch}>
        <Search className="size-5" aria-hidden />
      </IconButton>
    );
  }
  return (
    <button
      type="button"
      onClick={openSearch}
      aria-keyshortcuts="/"
      className="inline-flex h-9 w-56 items-center gap-2 rounded-lg bg-zinc-100 px-3 text-sm text-zinc-500 ring-1 ring-inset ring-zinc-200 transition-colors hover:bg-zinc-200/70 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <Search className="size-4" aria-hidden />
      <span className="flex-1 text-left">Search…</span>
      <kbd className="rounded border border-zinc-300 bg-white px-1.5 font-sans text-xs text-zinc-500">/</kbd>
    </button>
  );
}
