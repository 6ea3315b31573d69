import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { Plus } from "lucide-react";
import { IconButton } from "../../components/ui/Button";
import { cn } from "../../lib/cn";
import { TASK_STATUS_LABEL, type Task } from "../tasks/tasks.api";
import type { BoardStatus } from "./board-model";
import { QuickAddTask } from "./QuickAddTask";
import { SortableTaskCard } from "./TaskCard";

export const STATUS_DOT: Record<BoardStatus, string> = {
  TODO: "bg-zinc-400",
  IN_PROGRESS: "bg-sky-500",
  IN_REVIEW: "bg-indigo-500",
  BLOCKED: "bg-red-500",
  DONE: "bg-emerald-500",
};

interface Props {
  projectId: string;
  status: BoardStatus;
  tasks: Task[];
  /** Cards in this column before filtering, when a filter is on (shown as "3 / 7"). */
  total: number | null;
  canEdit: boolean;
  /** The dragged card is over this column. */
  highlighted: boolean;
  onOpenTask: (task: Task) => void;
  onNewTask: (status: BoardStatus) => void;
  onCreated: (task: Task) => void;
}

/** One status column: header with count, its cards (a sortable list and drop target), quick add. */
export function BoardColumn({ projectId, status, tasks, total, canEdit, highlighted, onOpenTask, onNewTask, onCreated }: Props) {
  const label = TASK_STATUS_LABEL[status];
  // The list itself is a drop target too, so an empty column takes cards.
  const { setNodeRef } = useDroppable({ id: status });
  const filtered = total !== null && total !== tasks.length;

  return (
    <section
      aria-label={label}
      data-status={status}
      className={cn(
        "flex w-72 shrink-0 flex-col rounded-xl ring-1 transition-colors",
        highlighted ? "bg-indigo-50 ring-indigo-200" : "bg-zinc-100/80 ring-zinc-200/70",
      )}
    >
      <header className="flex h-11 items-center gap-2 pl-3 pr-1.5">
        <span className={cn("size-2.5 rounded-full", STATUS_DOT[status])} aria-hidden />
        <h2 className="text-sm font-semibold text-zinc-800">{label}</h2>
        <span className="rounded-full bg-white px-1.5 text-xs font-medium tabular-nums text-zinc-500 ring-1 ring-zinc-200" data-testid="column-count" data-count={tasks.length}>
          <span aria-hidden>{filtered ? `${tasks.length} / ${total}` : tasks.length}</span>
          <span className="sr-only">{filtered ? `${tasks.length} of ${total} tasks shown` : `${tasks.length} tasks`}</span>
        </span>
        {canEdit ? (
          <IconButton label={`New task in ${label}`} className="ml-auto size-8" onClick={() => onNewTask(status)}>
            <Plus className="size-4" aria-hidden />
          </IconButton>
        ) : null}
      </header>
      <SortableContext id={status} items={tasks.map((t) => t.id)} strategy={verticalListSortingStrategy}>
        <ol ref={setNodeRef} className="flex min-h-10 flex-1 flex-col gap-2 px-2 pb-2" aria-label={`${label} tasks`}>
          {tasks.map((task) => (
            <SortableTaskCard key={task.id} task={task} canEdit={canEdit} onOpen={onOpenTask} />
          ))}
          {tasks.length === 0 ? (
            <li className="flex flex-1 items-center justify-center rounded-lg border border-dashed border-zinc-300 px-3 py-6 text-center text-xs text-zinc-400">
              {filtered ? "No matching tasks" : canEdit ? "Drop tasks here" : "No tasks"}
            </li>
          ) : null}
        </ol>
      </SortableContext>
      {canEdit ? (
        <div className="px-2 pb-2">
          <QuickAddTask projectId={projectId} status={status} onCreated={onCreated} />
        </div>
      ) : null}
    </section>
  );
}
