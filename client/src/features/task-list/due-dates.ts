// Due dates are instants on the wire (ISO 8601 UTC). People think in days, so
// the screens work in calendar days of the browser's timezone: a day picked in
// a date field means "by the end of that day", and a day range filter covers
// whole days.

/** "2026-05-01" → that day at 00:00 local time. */
function localDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y!, m! - 1, d!);
}

/** True for "YYYY-MM-DD" naming a real calendar day. */
export function isDay(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = localDay(value);
  return dayOf(date) === value;
}

/** The local calendar day of a date, as "YYYY-MM-DD". */
export function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(day: string, days: number): string {
  const date = localDay(day);
  date.setDate(date.getDate() + days);
  return dayOf(date);
}

export function today(): string {
  return dayOf(new Date());
}

/** Start of the day (local), as the API's ISO instant. */
export function startOfDayIso(day: string): string {
  return localDay(day).toISOString();
}

/** The last millisecond of the day (local): what "due on this day" means. */
export function endOfDayIso(day: string): string {
  const date = localDay(day);
  date.setHours(23, 59, 59, 999);
  return date.toISOString();
}

const sameYear = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const otherYear = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", year: "numeric" });

/** "Today", "Tomorrow", "Yesterday", "May 4", "May 4, 2027". */
export function formatDay(day: string): string {
  const now = today();
  if (day === now) return "Today";
  if (day === addDays(now, 1)) return "Tomorrow";
  if (day === addDays(now, -1)) return "Yesterday";
  const date = localDay(day);
  return (day.slice(0, 4) === now.slice(0, 4) ? sameYear : otherYear).format(date);
}

export type DueState = "overdue" | "today" | "upcoming" | "none";

/** Whether a task's due date is past (and it is still open), today, or later. */
export function dueState(task: { dueDate: string | null; status: string }, now = new Date()): DueState {
  if (!task.dueDate) return "none";
  const due = new Date(task.dueDate);
  const closed = task.status === "DONE" || task.status === "ARCHIVED";
  if (!closed && due.getTime() < now.getTime()) return "overdue";
  return dayOf(due) === dayOf(now) ? "today" : "upcoming";
}
