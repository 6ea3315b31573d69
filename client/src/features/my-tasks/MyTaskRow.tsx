import { Link } from "react-router-dom";
import { cn } from "../../lib/cn";
import type { Task } from "../tasks/tasks.api";
import { Checkbox } from "../task-list/Checkbox";
import { DueDate, PriorityLabel, RelativeTime, StatusBadge } from "../task-list/task-display";

/** One line of My tasks: done checkbox, title (opens the drawer), where it lives, due day. */
export function MyTaskRow({
  task,
  href,
  canComplete,
  onOpen,
  onDoneChange,
}: {
  task: Task;
  /** Link that opens the task drawer. */
  href: string;
  /** False for project tasks a viewer may only read. */
  canComplete: boolean;
  onOpen: () => void;
  onDoneChange: (done: boolean) => void;
}) {
  const done = task.status === "DONE";
  const inProgress = task.status !== "TODO" && !done;
  return (
    <li data-testid="my-task" onClick={onOpen} className="group flex cursor-pointer items-center gap-3 px-4 py-2.5 hover:bg-zinc-50">
      <Checkbox
        round
        checked={done}
        disabled={!canComplete}
        onCheckedChange={onDoneChange}
        label={done ? `Mark “${task.title}” as not done` : `Mark “${task.title}” as done`}
      />
      <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-1">
        <Link
          to={href}
          onClick={(e) => e.stopPropagation()}
          className={cn("min-w-0 truncate text-sm hover:underline", done ? "text-zinc-400 line-through" : "font-medium text-zinc-900")}
          title={task.title}
        >
          {task.title}
        </Link>
        {task.key ? (
          <span className="shrink-0 rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] font-medium text-zinc-600" title="Project task">
            {task.key}
          </span>
        ) : null}
        {inProgress ? <StatusBadge status={task.status} /> : null}
        {task.priority === "HIGH" || task.priority === "CRITICAL" ? <PriorityLabel priority={task.priority} iconOnly /> : null}
      </div>
      <div className="flex shrink-0 items-center gap-3">
        {done && task.completedAt ? (
          <span className="hidden text-xs text-zinc-400 sm:inline">
            Done <RelativeTime iso={task.completedAt} className="" />
          </span>
        ) : null}
        <DueDate task={task} />
      </div>
    </li>
  );
}
