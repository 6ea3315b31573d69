import { Flame } from "lucide-react";
import { Avatar } from "../../components/ui/Avatar";
import { Badge } from "../../components/ui/Badge";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import { TASK_PRIORITY_LABEL, TASK_STATUS_LABEL, type LabelRef, type Task, type TaskPriority, type TaskStatus, type UserRef } from "../tasks/tasks.api";
import { dayOf, dueState, formatDay } from "./due-dates";

// Small read-only pieces showing one attribute of a task; shared by the list
// view and My tasks so a status or a due date looks the same everywhere.

const STATUS_TONE = {
  TODO: "neutral",
  IN_PROGRESS: "sky",
  IN_REVIEW: "indigo",
  BLOCKED: "red",
  DONE: "green",
  ARCHIVED: "neutral",
} as const;

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]} className="whitespace-nowrap">
      {TASK_STATUS_LABEL[status]}
    </Badge>
  );
}

/** Signal bars (1–3 lit) for low to high; a red flame for critical. */
export function PriorityIcon({ priority }: { priority: TaskPriority }) {
  if (priority === "CRITICAL") return <Flame className="size-4 shrink-0 text-red-600" aria-hidden />;
  const lit = priority === "LOW" ? 1 : priority === "MEDIUM" ? 2 : 3;
  return (
    <svg viewBox="0 0 16 16" className={cn("size-4 shrink-0", priority === "HIGH" ? "text-amber-600" : "text-zinc-600")} aria-hidden>
      {[0, 1, 2].map((i) => (
        <rect key={i} x={2 + i * 4.5} y={10 - i * 3.5} width="3" height={4 + i * 3.5} rx="1" fill="currentColor" opacity={i < lit ? 1 : 0.2} />
      ))}
    </svg>
  );
}

export function PriorityLabel({ priority, iconOnly = false }: { priority: TaskPriority; iconOnly?: boolean }) {
  const label = TASK_PRIORITY_LABEL[priority];
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap text-sm text-zinc-700" title={iconOnly ? `${label} priority` : undefined}>
      <PriorityIcon priority={priority} />
      {iconOnly ? <span className="sr-only">{label} priority</span> : label}
    </span>
  );
}

export function AssigneeAvatars({ assignees, max = 3 }: { assignees: UserRef[]; max?: number }) {
  if (assignees.length === 0) return <span className="text-sm text-zinc-300">—</span>;
  const shown = assignees.slice(0, max);
  const names = assignees.map((a) => a.name).join(", ");
  return (
    <span className="flex items-center -space-x-1.5" title={names}>
      {shown.map((a) => (
        <Avatar key={a.id} name={a.name} seed={a.id} size="sm" className="ring-2 ring-white" />
      ))}
      {assignees.length > max ? (
        <span className="inline-flex size-7 items-center justify-center rounded-full bg-zinc-100 text-[11px] font-medium text-zinc-600 ring-2 ring-white">
          +{assignees.length - max}
        </span>
      ) : null}
      <span className="sr-only">{names}</span>
    </span>
  );
}

export function LabelChip({ label }: { label: LabelRef }) {
  return (
    <span className="inline-flex max-w-32 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-inset ring-zinc-200">
      <span className="size-2 shrink-0 rounded-full" style={{ backgroundColor: label.color }} aria-hidden />
      <span className="truncate">{label.name}</span>
    </span>
  );
}

export function LabelChips({ labels, max = 2 }: { labels: LabelRef[]; max?: number }) {
  if (labels.length === 0) return <span className="text-sm text-zinc-300">—</span>;
  return (
    <span className="flex items-center gap-1" title={labels.map((l) => l.name).join(", ")}>
      {labels.slice(0, max).map((l) => (
        <LabelChip key={l.id} label={l} />
      ))}
      {labels.length > max ? <span className="text-xs text-zinc-500">+{labels.length - max}</span> : null}
    </span>
  );
}

/** The due day, red when overdue and amber when due today (muted once the task is closed). */
export function DueDate({ task, className }: { task: Pick<Task, "dueDate" | "status">; className?: string }) {
  if (!task.dueDate) return <span className={cn("text-sm text-zinc-300", className)}>—</span>;
  const closed = task.status === "DONE" || task.status === "ARCHIVED";
  const state = closed ? "closed" : dueState(task);
  return (
    <time
      dateTime={task.dueDate}
      title={`Due ${formatDateTime(task.dueDate)}${state === "overdue" ? " (overdue)" : ""}`}
      className={cn(
        "whitespace-nowrap text-sm",
        state === "overdue" && "font-medium text-red-600",
        state === "today" && "font-medium text-amber-700",
        state === "upcoming" && "text-zinc-600",
        state === "closed" && "text-zinc-400",
        className,
      )}
    >
      {formatDay(dayOf(new Date(task.dueDate)))}
      {state === "overdue" ? <span className="sr-only"> (overdue)</span> : null}
    </time>
  );
}

const narrow = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "narrow" });

/** "5m ago", "3h ago", "yesterday", "12d ago"; the exact time on hover. */
export function RelativeTime({ iso, className = "text-sm text-zinc-500" }: { iso: string; className?: string }) {
  const diff = new Date(iso).getTime() - Date.now();
  const abs = Math.abs(diff);
  const [unit, ms]: [Intl.RelativeTimeFormatUnit, number] =
    abs >= 86_400_000 * 30 ? ["month", 86_400_000 * 30] : abs >= 86_400_000 ? ["day", 86_400_000] : abs >= 3_600_000 ? ["hour", 3_600_000] : ["minute", 60_000];
  const text = abs < 60_000 ? "just now" : narrow.format(Math.round(diff / ms), unit);
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={cn("whitespace-nowrap", className)}>
      {text}
    </time>
  );
}
