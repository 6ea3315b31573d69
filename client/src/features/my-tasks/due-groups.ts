import type { Task } from "../tasks/tasks.api";
import { addDays, dayOf, dueState, today } from "../task-list/due-dates";

/** Sections of My tasks, in the order they are shown. */
const GROUPS = [
  { id: "overdue", label: "Overdue" },
  // Closed tasks whose day has passed: not overdue any more, just earlier.
  { id: "earlier", label: "Earlier" },
  { id: "today", label: "Today" },
  { id: "tomorrow", label: "Tomorrow" },
  { id: "week", label: "Next 7 days" },
  { id: "later", label: "Later" },
  { id: "none", label: "No due date" },
] as const;

export type DueGroupId = (typeof GROUPS)[number]["id"];

export function dueGroup(task: Pick<Task, "dueDate" | "status">, now = new Date()): DueGroupId {
  if (!task.dueDate) return "none";
  if (dueState(task, now) === "overdue") return "overdue";
  const day = dayOf(new Date(task.dueDate));
  const current = today();
  if (day < current) return "earlier";
  if (day === current) return "today";
  if (day === addDays(current, 1)) return "tomorrow";
  if (day <= addDays(current, 7)) return "week";
  return "later";
}

/** Tasks split into due-date sections; empty sections are left out, order within one is kept. */
export function groupByDue(tasks: Task[], now = new Date()) {
  return GROUPS.map((g) => ({ ...g, tasks: tasks.filter((t) => dueGroup(t, now) === g.id) })).filter((g) => g.tasks.length > 0);
}
