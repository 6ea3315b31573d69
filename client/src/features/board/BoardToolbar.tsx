import { Plus, Search } from "lucide-react";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Input } from "../../components/ui/Input";
import { Spinner } from "../../components/ui/Spinner";
import type { Member } from "../../lib/types";
import { SingleSelectFilter, type FilterOption } from "../task-list/filter-controls";
import { isFiltered, NO_FILTER, type BoardFilter } from "./board-model";

interface Props {
  filter: BoardFilter;
  onFilterChange: (filter: BoardFilter) => void;
  members: Member[];
  meId: string | undefined;
  /** Cards shown, and on the board in all. */
  shown: number;
  total: number;
  refreshing: boolean;
  /** Absent for viewers. */
  onNewTask?: () => void;
}

/** Filter by text and assignee, the count, and "New task" (`c`). (`/` is the app-wide search.) */
export function BoardToolbar({ filter, onFilterChange, members, meId, shown, total, refreshing, onNewTask }: Props) {
  const assignees: FilterOption[] = [
    { value: "none", label: "Unassigned" },
    ...[...members]
      // Me first: "my cards" is the filter people reach for most.
      .sort((a, b) => Number(b.userId === meId) - Number(a.userId === meId) || a.name.localeCompare(b.name))
      .map((m) => ({
        value: m.userId,
        label: m.userId === meId ? `${m.name} (you)` : m.name,
        icon: <Avatar name={m.name} seed={m.userId} size="sm" className="size-5! text-[9px]!" />,
      })),
  ];

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="relative w-full sm:w-64">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
        <Input
          type="search"
          aria-label="Filter tasks"
          placeholder="Filter by title or key…"
          value={filter.q}
          onChange={(e) => onFilterChange({ ...filter, q: e.target.value })}
          onKeyDown={(e) => e.key === "Escape" && filter.q && onFilterChange({ ...filter, q: "" })}
          className="h-8 pl-9"
        />
      </div>
      <SingleSelectFilter name="Assignee" anyLabel="Anyone" options={assignees} value={filter.assignee} onChange={(assignee) => onFilterChange({ ...filter, assignee })} />
      {isFiltered(filter) ? (
        <Button variant="ghost" size="sm" onClick={() => onFilterChange(NO_FILTER)}>
          Clear filters
        </Button>
      ) : null}
      <span className="text-sm text-zinc-500" aria-live="polite">
        {isFiltered(filter) ? `${shown} of ${total} tasks` : `${total} ${total === 1 ? "task" : "tasks"}`}
      </span>
      {refreshing ? <Spinner className="size-4 text-zinc-400" label="Refreshing" /> : null}
      {onNewTask ? (
        <Button size="sm" className="ml-auto" icon={<Plus className="size-4" aria-hidden />} onClick={onNewTask} aria-keyshortcuts="c">
          New task
          <kbd className="hidden rounded bg-indigo-500 px-1.5 font-sans text-[11px] text-indigo-100 sm:inline" aria-hidden>
            C
          </kbd>
        </Button>
      ) : null}
    </div>
  );
}
