import type { UseQueryResult } from "@tanstack/react-query";
import { FolderKanban, ListTodo, MessageSquare, SearchX, type LucideIcon } from "lucide-react";
import { useEffect, type ReactNode } from "react";
import { Button } from "../../components/ui/Button";
import { errorMessage, type Paged } from "../../lib/api";
import { cn } from "../../lib/cn";
import type { Project } from "../projects/projects.api";
import { StatusBadge } from "../task-list/task-display";
import { headlineParts, taskHeadline, type HeadlinePart } from "./headline";
import type { SearchHit } from "./search.api";

export type SearchItem = { kind: "project"; key: string; project: Project } | { kind: "task" | "comment"; key: string; hit: SearchHit };

/** Results in the order they are shown and walked with the arrow keys: tasks, comments, then projects. */
export function searchItems(projects: Project[], hits: SearchHit[]): SearchItem[] {
  return [
    ...hits.filter((h) => h.type === "task").map((hit): SearchItem => ({ kind: "task", key: `task:${hit.task.id}`, hit })),
    ...hits.filter((h) => h.type === "comment").map((hit): SearchItem => ({ kind: "comment", key: `comment:${hit.commentId}`, hit })),
    ...projects.map((project): SearchItem => ({ kind: "project", key: `project:${project.id}`, project })),
  ];
}

export const itemDomId = (index: number) => `search-item-${index}`;

const GROUPS: { kind: SearchItem["kind"]; label: string; emptyQueryLabel?: string }[] = [
  { kind: "task", label: "Tasks" },
  { kind: "comment", label: "Comments" },
  { kind: "project", label: "Projects", emptyQueryLabel: "Jump to a project" },
];

export function SearchResults({
  q,
  items,
  active,
  onHover,
  onPick,
  search,
}: {
  q: string;
  items: SearchItem[];
  active: number;
  onHover: (index: number) => void;
  onPick: (item: SearchItem) => void;
  search: UseQueryResult<Paged<SearchHit>>;
}) {
  useEffect(() => {
    if (active >= 0) document.getElementById(itemDomId(active))?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const hits = q ? items.filter((i) => i.kind !== "project").length : 0;
  const total = search.data?.meta?.total ?? 0;
  const indexed = items.map((item, index) => ({ item, index }));

  return (
    <>
      <div id="search-results" role="listbox" aria-label="Search results" className="min-h-0 flex-1 overflow-y-auto p-2 empty:hidden">
        {GROUPS.map((group) => {
          const rows = indexed.filter(({ item }) => item.kind === group.kind);
          if (rows.length === 0) return null;
          return (
            <div key={group.kind} role="group" aria-labelledby={`search-group-${group.kind}`} className="pb-1">
              <div id={`search-group-${group.kind}`} className="px-3 pb-1 pt-2 text-xs font-medium text-zinc-500">
                {!q && group.emptyQueryLabel ? group.emptyQueryLabel : group.label}
              </div>
              {rows.map(({ item, index }) => (
                <div
                  key={item.key}
                  id={itemDomId(index)}
                  role="option"
                  aria-selected={index === active}
                  onMouseMove={() => index !== active && onHover(index)}
                  onClick={() => onPick(item)}
                  className="flex cursor-pointer items-start gap-3 rounded-lg px-3 py-2 aria-selected:bg-indigo-50"
                >
                  <ResultContent item={item} />
                </div>
              ))}
            </div>
          );
        })}
      </div>
      <SearchStatus q={q} search={search} nothingFound={q !== "" && items.length === 0} />
      <footer className="flex flex-wrap items-center gap-x-4 gap-y-1 border-t border-zinc-100 bg-zinc-50/70 px-4 py-2 text-xs text-zinc-500">
        <span>
          <Kbd>↑</Kbd> <Kbd>↓</Kbd> to move
        </span>
        <span>
          <Kbd>↵</Kbd> to open
        </span>
        <span>
          <Kbd>Esc</Kbd> to close
        </span>
        {q && total > hits ? (
          <span className="ml-auto">
            Best {hits} of {total} matches; add words to narrow down
          </span>
        ) : null}
      </footer>
    </>
  );
}

/** What to say when there is no list to show: a tip, searching, nothing found, or a failure. */
function SearchStatus({ q, search, nothingFound }: { q: string; search: UseQueryResult<Paged<SearchHit>>; nothingFound: boolean }) {
  if (q && search.isError) {
    return (
      <div role="alert" className="flex flex-col items-center gap-3 px-6 py-8 text-center text-sm">
        <p className="text-zinc-700">Search failed: {errorMessage(search.error)}</p>
        <Button variant="secondary" size="sm" onClick={() => void search.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (!q) {
    return (
      <p className="px-6 py-6 text-center text-sm text-zinc-500">
        Search task titles, descriptions and comments. Use <span className="font-mono text-zinc-700">"quotes"</span> for a phrase and{" "}
        <span className="font-mono text-zinc-700">-word</span> to leave a word out.
      </p>
    );
  }
  if (search.isPending) return <p className="px-6 py-8 text-center text-sm text-zinc-500">Searching…</p>;
  if (nothingFound && !search.isFetching) {
    return (
      <div className="flex flex-col items-center px-6 py-8 text-center">
        <SearchX className="mb-2 size-6 text-zinc-400" aria-hidden />
        <p className="text-sm font-medium text-zinc-900">No results for “{q}”</p>
        <p className="mt-1 text-sm text-zinc-500">Try other words, or fewer of them.</p>
      </div>
    );
  }
  return null;
}

function ResultContent({ item }: { item: SearchItem }) {
  if (item.kind === "project") {
    const p = item.project;
    return (
      <Row icon={FolderKanban} aside={<span className="font-mono text-xs text-zinc-500">{p.key}</span>}>
        <span className="flex items-center gap-2 font-medium text-zinc-900">
          <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: p.color }} aria-hidden />
          <span className="truncate">{p.name}</span>
        </span>
      </Row>
    );
  }
  const { hit } = item;
  const parts = headlineParts(hit.headline);
  const key = hit.task.key ? <span className="shrink-0 font-mono text-xs text-zinc-500">{hit.task.key}</span> : <span className="shrink-0 text-xs text-zinc-500">Personal</span>;
  if (item.kind === "comment") {
    return (
      <Row icon={MessageSquare} aside={<StatusBadge status={hit.task.status} />}>
        <span className="flex items-baseline gap-2 text-zinc-700">
          <span className="shrink-0 text-xs text-zinc-500">Comment on</span>
          {key}
          <span className="truncate font-medium text-zinc-900">{hit.task.title}</span>
        </span>
        <Highlighted parts={parts} className="line-clamp-2 text-zinc-600" />
      </Row>
    );
  }
  const { title, snippet } = taskHeadline(hit.task.title, parts);
  return (
    <Row icon={ListTodo} aside={<StatusBadge status={hit.task.status} />}>
      <span className="flex items-baseline gap-2">
        {key}
        <Highlighted parts={title} className="truncate font-medium text-zinc-900" />
      </span>
      {snippet.some((p) => p.text.trim()) ? <Highlighted parts={snippet} className="line-clamp-1 text-zinc-500" /> : null}
    </Row>
  );
}

function Row({ icon: Icon, aside, children }: { icon: LucideIcon; aside?: ReactNode; children: ReactNode }) {
  return (
    <>
      <Icon className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-hidden />
      <div className="flex min-w-0 flex-1 flex-col gap-0.5 text-sm">{children}</div>
      {aside ? <div className="shrink-0">{aside}</div> : null}
    </>
  );
}

function Highlighted({ parts, className }: { parts: HeadlinePart[]; className?: string }) {
  return (
    <span className={cn("min-w-0", className)}>
      {parts.map((part, i) =>
        part.match ? (
          <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-inherit">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  );
}

function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="rounded border border-zinc-200 bg-white px-1 font-sans text-[11px] text-zinc-600">{children}</kbd>;
}
