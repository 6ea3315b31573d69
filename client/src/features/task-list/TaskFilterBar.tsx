import { Search, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { Input } from "../../components/ui/Input";
import { useDebouncedValue } from "../../lib/use-debounced-value";
import { useMe } from "../../lib/session";
import { useMembers } from "../members/members.api";
import { TASK_PRIORITIES, TASK_PRIORITY_LABEL, TASK_STATUS_LABEL, useLabels } from "../tasks/tasks.api";
import { DueRangeFilter, MultiSelectFilter, SingleSelectFilter, type FilterOption } from "./filter-controls";
import { countFilters, LIST_STATUSES, type ListView, type ParamChanges } from "./list-view";
import { PriorityIcon } from "./task-display";
import { useSprintOptions } from "./task-list.api";

const STATUS_OPTIONS: FilterOption[] = LIST_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABEL[s] }));
const PRIORITY_OPTIONS: FilterOption[] = [...TASK_PRIORITIES].reverse().map((p) => ({ value: p, label: TASK_PRIORITY_LABEL[p], icon: <PriorityIcon priority={p} /> }));
const SPRINT_STATE = { ACTIVE: "active", PLANNED: "planned", COMPLETED: "completed" } as const;

/** Search box and filter buttons of the list view; every change goes to the URL. */
export function TaskFilterBar({
  workspaceId,
  projectId,
  view,
  update,
  clearFilters,
}: {
  workspaceId: string;
  projectId: string;
  view: ListView;
  update: (changes: ParamChanges) => void;
  clearFilters: () => void;
}) {
  const me = useMe().data?.user;
  const members = useMembers(workspaceId, { page: 1, perPage: 100, q: "" }).data?.data ?? [];
  const labels = useLabels(workspaceId).data ?? [];
  const sprints = useSprintOptions(projectId).data ?? [];

  const assigneeOptions: FilterOption[] = members.map((m) => ({
    value: m.userId,
    label: m.userId === me?.id ? `${m.name} (you)` : m.name,
    icon: <Avatar name={m.name} seed={m.userId} size="sm" className="size-5! text-[9px]!" />,
  }));
  const labelOptions: FilterOption[] = labels.map((l) => ({
    value: l.id,
    label: l.name,
    icon: <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: l.color }} aria-hidden />,
  }));
  const sprintOptions: FilterOption[] = [
    { value: "none", label: "Backlog (no sprint)" },
    ...sprints.map((s) => ({ value: s.id, label: `${s.name} (${SPRINT_STATE[s.status]})` })),
  ];

  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox value={view.q} onSearch={(q) => update({ q })} />
      <MultiSelectFilter name="Status" options={STATUS_OPTIONS} selected={view.statuses} onChange={(s) => update({ status: s.join(",") })} />
      <SingleSelectFilter name="Assignee" anyLabel="Any assignee" options={assigneeOptions} value={view.assignee} onChange={(v) => update({ assignee: v })} />
      <SingleSelectFilter name="Priority" anyLabel="Any priority" options={PRIORITY_OPTIONS} value={view.priority} onChange={(v) => update({ priority: v })} />
      <SingleSelectFilter name="Label" anyLabel="Any label" options={labelOptions} value={view.label} onChange={(v) => update({ label: v })} />
      <SingleSelectFilter name="Sprint" anyLabel="Any sprint" options={sprintOptions} value={view.sprint} onChange={(v) => update({ sprint: v })} />
      <DueRangeFilter from={view.dueFrom} to={view.dueTo} onChange={({ from, to }) => update({ dueFrom: from, dueTo: to })} />
      {countFilters(view) > 0 ? (
        <button
          type="button"
          onClick={clearFilters}
          className="inline-flex h-8 items-center gap-1 rounded-lg px-2 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          <X className="size-4" aria-hidden />
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

/**
 * Typing filters after a short pause (one request per pause, not per key).
 * The box follows the URL too, so "Clear filters" and the back button empty it.
 */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text.trim(), 300);
  // The last query this box put in the URL, to tell its own echo from a change made elsewhere.
  const pushed = useRef(value);

  useEffect(() => {
    if (debounced === value) return;
    pushed.current = debounced;
    onSearch(debounced);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the debounced text changes
  }, [debounced]);

  useEffect(() => {
    if (value === pushed.current) return;
    pushed.current = value;
    setText(value);
  }, [value]);

  return (
    <div className="relative w-full sm:w-52">
      <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
      <Input
        type="search"
        aria-label="Search tasks"
        placeholder="Search tasks…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={200}
        className="h-8! pl-9"
      />
    </div>
  );
}
