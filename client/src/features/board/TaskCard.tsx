import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { CalendarDays, ListTree } from "lucide-react";
import type { KeyboardEvent } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import { dayOf, dueState, formatDay } from "../task-list/due-dates";
import { LabelChip, PriorityLabel } from "../task-list/task-display";
import type { Task } from "../tasks/tasks.api";

const MAX_LABELS = 3;
const MAX_AVATARS = 3;

/** A card as it looks on the board, in the drag overlay, or as the placeholder left behind while dragging. */
export function TaskCardBody({ task }: { task: Task }) {
  const hasFooter = task.dueDate || task.subtaskCount > 0 || task.storyPoints || task.assignees.length > 0;
  return (
    <>
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono text-[11px] font-medium text-zinc-500">{task.key}</span>
        <PriorityLabel priority={task.priority} iconOnly />
      </div>
      <p className="mt-1 line-clamp-3 text-sm font-medium break-words text-zinc-900">{task.title}</p>
      {task.labels.length > 0 ? (
        <div className="mt-2 flex flex-wrap gap-1">
          {task.labels.slice(0, MAX_LABELS).map((label) => (
            <LabelChip key={label.id} label={label} />
          ))}
          {task.labels.length > MAX_LABELS ? (
            <span className="text-xs text-zinc-500" title={task.labels.map((l) => l.name).join(", ")}>
              +{task.labels.length - MAX_LABELS}
            </span>
          ) : null}
        </div>
      ) : null}
      {hasFooter ? (
        <div className="mt-2.5 flex items-center gap-2 text-xs text-zinc-500">
          <DueChip task={task} />
          {task.subtaskCount > 0 ? (
            <span className="inline-flex items-center gap-1" title={`${task.subtaskCount} subtask${task.subtaskCount === 1 ? "" : "s"}`}>
              <ListTree className="size-3.5" aria-hidden />
              {task.subtaskCount}
              <span className="sr-only"> subtask{task.subtaskCount === 1 ? "" : "s"}</span>
            </span>
          ) : null}
          {task.storyPoints ? (
            <span className="inline-flex h-5 min-w-5 items-center justify-center rounded bg-zinc-100 px-1 font-medium text-zinc-600" title={`${task.storyPoints} story points`}>
              {task.storyPoints}
              <span className="sr-only"> story points</span>
            </span>
          ) : null}
          <Assignees task={task} />
        </div>
      ) : null}
    </>
  );
}

function DueChip({ task }: { task: Task }) {
  if (!task.dueDate) return null;
  const state = dueState(task);
  return (
    <time
      dateTime={task.dueDate}
      title={`Due ${formatDateTime(task.dueDate)}${state === "overdue" ? " (overdue)" : ""}`}
      data-due={state}
      className={cn(
        "inline-flex items-center gap-1 rounded px-1 py-0.5",
        state === "overdue" && "bg-red-50 font-medium text-red-700",
        state === "today" && "bg-amber-50 font-medium text-amber-800",
      )}
    >
      <CalendarDays className="size-3.5" aria-hidden />
      <span className="sr-only">Due </span>
      {formatDay(dayOf(new Date(task.dueDate)))}
      {state === "overdue" ? <span className="sr-only"> (overdue)</span> : null}
    </time>
  );
}

function Assignees({ task }: { task: Task }) {
  if (task.assignees.length === 0) return null;
  const names = task.assignees.map((a) => a.name).join(", ");
  const extra = task.assignees.length - MAX_AVATARS;
  return (
    <span className="ml-auto flex -space-x-1.5" title={names}>
      {task.assignees.slice(0, MAX_AVATARS).map((a) => (
        // Smaller than the kit's smallest avatar: "!" wins over its size classes.
        <Avatar key={a.id} name={a.name} seed={a.id} size="sm" className="size-6! text-[10px]! ring-2 ring-white" />
      ))}
      {extra > 0 ? (
        <span className="inline-flex size-6 items-center justify-center rounded-full bg-zinc-100 text-[10px] font-semibold text-zinc-600 ring-2 ring-white">+{extra}</span>
      ) : null}
      <span className="sr-only">Assigned to {names}</span>
    </span>
  );
}

const cardClasses =
  "block w-full select-none rounded-lg p-3 text-left transition-shadow " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

/**
 * A card in a column: drag it (when `canEdit`), click it or press Enter to
 * open it. Space picks it up for a keyboard move.
 */
export function SortableTaskCard({ task, canEdit, onOpen }: { task: Task; canEdit: boolean; onOpen: (task: Task) => void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: task.id,
    disabled: !canEdit,
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Enter" && !isDragging) {
      event.preventDefault();
      onOpen(task);
      return;
    }
    listeners?.onKeyDown?.(event);
  };

  return (
    <li>
      <div
        ref={setNodeRef}
        data-testid="task-card"
        data-task-id={task.id}
        style={{ transform: CSS.Translate.toString(transform), transition }}
        {...attributes}
        {...(canEdit ? listeners : {})}
        aria-roledescription={canEdit ? "draggable task" : "task"}
        onKeyDown={onKeyDown}
        onClick={() => onOpen(task)}
        className={cn(
          cardClasses,
          canEdit ? "cursor-grab active:cursor-grabbing" : "cursor-pointer",
          isDragging
            ? // Where the card will land: a dashed outline of the same size.
              "bg-indigo-50/60 opacity-60 outline-2 outline-dashed outline-indigo-300"
            : "bg-white shadow-xs ring-1 ring-zinc-200 hover:shadow-sm hover:ring-zinc-300",
        )}
      >
        <TaskCardBody task={task} />
      </div>
    </li>
  );
}

/** The card under the pointer while dragging (rendered by DragOverlay). */
export function DraggedTaskCard({ task }: { task: Task }) {
  return (
    <div className={cn(cardClasses, "rotate-[1.5deg] cursor-grabbing bg-white shadow-lg ring-1 ring-indigo-300")}>
      <TaskCardBody task={task} />
    </div>
  );
}
