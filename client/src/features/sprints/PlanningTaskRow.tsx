import { Link, useSearchParams } from "react-router-dom";
import { Avatar } from "../../components/ui/Avatar";
import { Badge } from "../../components/ui/Badge";
import { NativeSelect } from "../../components/ui/Input";
import { cn } from "../../lib/cn";
import { TASK_STATUS_LABEL, type Task, type TaskStatus } from "../tasks/tasks.api";
import type { Sprint } from "./sprints.api";

const STATUS_TONE: Record<TaskStatus, "neutral" | "sky" | "indigo" | "red" | "green"> = {
  TODO: "neutral",
  IN_PROGRESS: "sky",
  IN_REVIEW: "indigo",
  BLOCKED: "red",
  DONE: "green",
  ARCHIVED: "neutral",
};

/** `?task=<id>` added to the current search: the layout opens the task drawer. */
function useTaskHref(taskId: string): string {
  const [search] = useSearchParams();
  const next = new URLSearchParams(search);
  next.set("task", taskId);
  return `?${next.toString()}`;
}

interface Props {
  task: Task;
  /** Sprints the task can go into (planned and active). */
  targets: Sprint[];
  /** Absent for viewers: they see where tasks are but cannot move them. */
  onMove?: (sprintId: string | null) => void;
  moving?: boolean;
}

/** One task in the planner: key, title (opens the drawer), status, points, assignees and where it is planned. */
export function PlanningTaskRow({ task, targets, onMove, moving }: Props) {
  const href = useTaskHref(task.id);
  const label = task.key ?? task.title;
  return (
    <li data-testid="planning-task" className="flex items-center gap-3 px-4 py-2.5">
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-baseline gap-2">
          <span className="shrink-0 font-mono text-xs text-zinc-500">{task.key}</span>
          <Link
            to={href}
            className={cn("min-w-0 truncate text-sm font-medium text-zinc-900 hover:text-indigo-700 hover:underline", task.status === "DONE" && "text-zinc-500")}
            title={task.title}
          >
            {task.title}
          </Link>
        </div>
        <div className="mt-1 flex items-center gap-2">
          <Badge tone={STATUS_TONE[task.status]} className="whitespace-nowrap">
            {TASK_STATUS_LABEL[task.status]}
          </Badge>
          <span
            className="inline-flex min-w-6 justify-center rounded-full bg-zinc-100 px-1.5 py-0.5 text-xs font-medium tabular-nums text-zinc-600"
            title={task.storyPoints === null ? "Not estimated" : `${task.storyPoints} story points`}
          >
            {task.storyPoints ?? "–"}
          </span>
          {task.assignees.length ? (
            <span role="img" className="flex -space-x-1.5" aria-label={`Assigned to ${task.assignees.map((a) => a.name).join(", ")}`}>
              {task.assignees.slice(0, 3).map((a) => (
                <Avatar key={a.id} name={a.name} seed={a.id} size="sm" className="ring-2 ring-white" />
              ))}
            </span>
          ) : null}
        </div>
      </div>
      {onMove ? (
        <NativeSelect
          aria-label={`Sprint for ${label}`}
          className="h-8 w-32 shrink-0 py-1 text-xs sm:w-40"
          value={task.sprintId ?? ""}
          disabled={moving}
          onChange={(e) => onMove(e.target.value || null)}
        >
          <option value="">Backlog</option>
          {targets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.status === "ACTIVE" ? `${s.name} (active)` : s.name}
            </option>
          ))}
        </NativeSelect>
      ) : null}
    </li>
  );
}
