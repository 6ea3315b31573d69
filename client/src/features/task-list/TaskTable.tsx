import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { cn } from "../../lib/cn";
import type { Task, TaskSort } from "../tasks/tasks.api";
import { Checkbox } from "./Checkbox";
import { DEFAULT_SORT } from "./list-view";
import { AssigneeAvatars, DueDate, LabelChips, PriorityLabel, RelativeTime, StatusBadge } from "./task-display";

/**
 * Sortable columns and the orders a click steps through (the server sorts).
 * After the last one the list returns to board order.
 */
const SORT_STEPS = {
  key: ["number", "-number"],
  priority: ["-priority", "priority"],
  due: ["dueDate", "-dueDate"],
  updated: ["-updatedAt"],
} satisfies Record<string, TaskSort[]>;
type SortColumn = keyof typeof SORT_STEPS;

function nextSort(column: SortColumn, current: TaskSort): TaskSort {
  const steps: TaskSort[] = SORT_STEPS[column];
  const at = steps.indexOf(current);
  if (at === -1) return steps[0]!;
  return steps[at + 1] ?? DEFAULT_SORT;
}

/** `?task=<id>` added to the current params: the project layout opens the drawer. */
export function useTaskHref() {
  const [params] = useSearchParams();
  return (taskId: string) => {
    const next = new URLSearchParams(params);
    next.set("task", taskId);
    return `?${next.toString()}`;
  };
}

interface TaskTableProps {
  tasks: Task[];
  sort: TaskSort;
  onSort: (sort: TaskSort) => void;
  /** Null when the viewer may not change tasks (no checkboxes then). */
  selection: { selected: ReadonlySet<string>; onToggle: (id: string, on: boolean) => void; onTogglePage: (on: boolean) => void } | null;
  onOpen: (taskId: string) => void;
}

export function TaskTable({ tasks, sort, onSort, selection, onOpen }: TaskTableProps) {
  const taskHref = useTaskHref();
  const selectedOnPage = selection ? tasks.filter((t) => selection.selected.has(t.id)).length : 0;
  const pageState = selectedOnPage === 0 ? false : selectedOnPage === tasks.length ? true : "indeterminate";

  const sortHeader = (column: SortColumn, label: string, className?: string) => (
    <SortHeader label={label} steps={SORT_STEPS[column]} sort={sort} onClick={() => onSort(nextSort(column, sort))} className={className} />
  );

  return (
    // A minimum width keeps titles readable on a phone; the card scrolls sideways then.
    <table className="w-full min-w-[56rem] border-separate border-spacing-0 text-left text-sm">
      <thead className="text-xs font-medium text-zinc-500">
        <tr className="[&>th]:sticky [&>th]:top-0 [&>th]:border-b [&>th]:border-zinc-200 [&>th]:bg-zinc-50 [&>th]:px-3 [&>th]:py-2 [&>th]:font-medium">
          {selection ? (
            <th scope="col" className="w-10 pl-4!">
              <Checkbox checked={pageState} onCheckedChange={selection.onTogglePage} label="Select all tasks on this page" />
            </th>
          ) : null}
          {sortHeader("key", "Key", "w-20")}
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          {sortHeader("priority", "Priority")}
          <th scope="col">Assignees</th>
          <th scope="col">Labels</th>
          {sortHeader("due", "Due")}
          <th scope="col" className="text-right" title="Story points">
            Points
          </th>
          {sortHeader("updated", "Updated")}
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => {
          const selected = selection?.selected.has(task.id) ?? false;
          return (
            <tr
              key={task.id}
              data-testid="task-row"
              onClick={() => onOpen(task.id)}
              className={cn(
                "group cursor-pointer [&>td]:border-b [&>td]:border-zinc-100 [&>td]:px-3 [&>td]:py-2",
                selected ? "bg-indigo-50/60" : "hover:bg-zinc-50",
              )}
            >
              {selection ? (
                // A click beside the small box selects too, rather than opening the task.
                <td
                  className="pl-4!"
                  onClick={(e) => {
                    e.stopPropagation();
                    selection.onToggle(task.id, !selected);
                  }}
                >
                  <Checkbox checked={selected} onCheckedChange={(on) => selection.onToggle(task.id, on)} label={`Select ${task.key ?? task.title}`} />
                </td>
              ) : null}
              <td className="whitespace-nowrap font-mono text-xs text-zinc-500">{task.key}</td>
              {/* Takes the spare width and truncates (max-w-0 lets the cell shrink below its text). */}
              <td className="w-full max-w-0">
                <Link
                  to={taskHref(task.id)}
                  onClick={(e) => e.stopPropagation()}
                  className="block truncate font-medium text-zinc-900 hover:text-indigo-700 hover:underline"
                  title={task.title}
                >
                  {task.title}
                </Link>
              </td>
              <td>
                <StatusBadge status={task.status} />
              </td>
              <td>
                <PriorityLabel priority={task.priority} />
              </td>
              <td>
                <AssigneeAvatars assignees={task.assignees} />
              </td>
              <td>
                <LabelChips labels={task.labels} />
              </td>
              <td>
                <DueDate task={task} />
              </td>
              <td className="text-right tabular-nums text-zinc-700">{task.storyPoints ?? <span className="text-zinc-300">—</span>}</td>
              <td>
                <RelativeTime iso={task.updatedAt} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SortHeader({ label, steps, sort, onClick, className }: { label: string; steps: TaskSort[]; sort: TaskSort; onClick: () => void; className?: string }) {
  const active = steps.includes(sort);
  const descending = sort.startsWith("-");
  let icon: ReactNode = <ChevronsUpDown className="size-3.5 opacity-0 group-hover/sort:opacity-60" aria-hidden />;
  if (active) icon = descending ? <ArrowDown className="size-3.5" aria-hidden /> : <ArrowUp className="size-3.5" aria-hidden />;
  return (
    <th scope="col" aria-sort={active ? (descending ? "descending" : "ascending") : undefined} className={className}>
      <button
        type="button"
        onClick={onClick}
        className={cn(
          "group/sort -mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-zinc-200/60 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-600",
          active && "text-zinc-900",
        )}
      >
        {label}
        {icon}
      </button>
    </th>
  );
}
