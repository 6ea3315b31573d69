import * as RadixDialog from "@radix-ui/react-dialog";
import { Search } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { Spinner } from "../../components/ui/Spinner";
import { useShortcut } from "../../lib/shortcuts";
import { useDebouncedValue } from "../../lib/use-debounced-value";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { useOpenSearchRequests } from "./open-search";
import { useProjects } from "../projects/projects.api";
import { useWorkspaceSearch } from "./search.api";
import { itemDomId, searchItems, SearchResults, type SearchItem } from "./SearchResults";

/**
 * Workspace search: `/` (or Ctrl/⌘+K, or the header button) opens it anywhere
 * in the workspace. Results come grouped (projects, tasks, comments); ↑/↓ move,
 * Enter opens. The query survives closing, so reopening shows the same results.
 */
export function SearchDialog() {
  const workspace = useCurrentWorkspace();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const q = useDebouncedValue(text.trim(), 200);

  useShortcut("/", () => setOpen(true));
  useModK(() => setOpen(true));
  useOpenSearchRequests(() => setOpen(true));

  const go = (item: SearchItem) => {
    setOpen(false);
    navigate(targetOf(item, workspace.id, location));
  };

  return (
    <RadixDialog.Root open={open} onOpenChange={setOpen}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 backdrop-blur-[1px] data-[state=open]:animate-[fade-in_150ms_ease-out]" />
        <RadixDialog.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-[10vh] z-50 flex max-h-[80dvh] w-[calc(100vw-2rem)] max-w-2xl -translate-x-1/2 flex-col overflow-hidden rounded-xl bg-white shadow-2xl ring-1 ring-zinc-900/10 focus:outline-none data-[state=open]:animate-[dialog-in_150ms_ease-out]"
        >
          <RadixDialog.Title className="sr-only">Search {workspace.name}</RadixDialog.Title>
          <SearchPanel workspaceId={workspace.id} text={text} onText={setText} q={q} onPick={go} />
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

function SearchPanel({ workspaceId, text, onText, q, onPick }: { workspaceId: string; text: string; onText: (t: string) => void; q: string; onPick: (item: SearchItem) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const search = useWorkspaceSearch(workspaceId, q);
  const projects = useProjects(workspaceId, { page: 1, perPage: 5, q });
  const items = searchItems(projects.data?.data ?? [], q ? (search.data?.data ?? []) : []);

  // The highlighted row; back to the first one whenever the query changes.
  const [cursor, setCursor] = useState({ q, index: 0 });
  const active = items.length === 0 ? -1 : cursor.q === q ? Math.min(cursor.index, items.length - 1) : 0;
  const move = (delta: number) => items.length && setCursor({ q, index: (active + delta + items.length) % items.length });

  // Reopened with the previous query: select it so typing replaces it.
  useEffect(() => input.current?.select(), []);

  return (
    <>
      <div className="flex items-center gap-3 border-b border-zinc-200 px-4">
        <Search className="size-5 shrink-0 text-zinc-400" aria-hidden />
        <input
          ref={input}
          autoFocus
          role="combobox"
          aria-label="Search tasks, comments and projects"
          aria-expanded={items.length > 0}
          aria-controls="search-results"
          aria-activedescendant={active >= 0 ? itemDomId(active) : undefined}
          aria-autocomplete="list"
          placeholder="Search tasks, comments and projects…"
          value={text}
          maxLength={200}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              move(e.key === "ArrowDown" ? 1 : -1);
            } else if (e.key === "Enter" && !e.nativeEvent.isComposing) {
              e.preventDefault();
              if (active >= 0) onPick(items[active]!);
            }
          }}
          className="h-14 min-w-0 flex-1 border-0 bg-transparent text-base text-zinc-900 placeholder:text-zinc-400 focus:outline-none"
        />
        {text.trim() !== q || (q && search.isFetching) ? <Spinner className="size-4 text-zinc-400" label="Searching" /> : null}
        <kbd className="hidden rounded border border-zinc-200 bg-zinc-50 px-1.5 font-sans text-xs text-zinc-500 sm:inline">Esc</kbd>
      </div>
      <SearchResults
        q={q}
        items={items}
        active={active}
        onHover={(index) => setCursor({ q, index })}
        onPick={onPick}
        search={search}
      />
    </>
  );
}

/** Ctrl+K / ⌘K, the usual command-palette key, next to `/`. */
function useModK(onOpen: () => void) {
  const latest = useRef(onOpen);
  useEffect(() => {
    latest.current = onOpen;
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== "k" || !(e.metaKey || e.ctrlKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}

/**
 * Where a result leads. A task opens in the drawer: over the page being shown
 * when the task belongs there (its project's tab, or My tasks for a personal
 * task), keeping that page's filters; otherwise over its project's board.
 */
function targetOf(item: SearchItem, workspaceId: string, here: { pathname: string; search: string }): string {
  const base = `/w/${workspaceId}`;
  if (item.kind === "project") return `${base}/projects/${item.project.id}/board`;
  const { id, projectId } = item.hit.task;
  const home = projectId ? new RegExp(`^${base}/projects/${projectId}/(board|list|sprints)$`) : new RegExp(`^${base}/my-tasks$`);
  if (home.test(here.pathname)) {
    const params = new URLSearchParams(here.search);
    params.set("task", id);
    return `${here.pathname}?${params.toString()}`;
  }
  return projectId ? `${base}/projects/${projectId}/board?task=${id}` : `${base}/my-tasks?task=${id}`;
}
