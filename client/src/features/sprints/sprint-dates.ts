import type { Sprint } from "./sprints.api";

// Sprint dates are plain calendar days (YYYY-MM-DD): shown as the day they
// name, never shifted by a timezone.

const DAY = 86_400_000;
const asUtc = (day: string) => new Date(`${day.slice(0, 10)}T00:00:00Z`);

/** Today in the browser's calendar, as YYYY-MM-DD. */
export function today(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(asUtc(day).getTime() + days * DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((asUtc(to).getTime() - asUtc(from).getTime()) / DAY);
}

export function formatDay(day: string, opts: Intl.DateTimeFormatOptions = { dateStyle: "medium" }): string {
  return new Intl.DateTimeFormat(undefined, { ...opts, timeZone: "UTC" }).format(asUtc(day));
}

/** "Jan 5" — short axis labels. */
export const shortDay = (day: string) => formatDay(day, { month: "short", day: "numeric" });

export function sprintDateRange(sprint: Pick<Sprint, "startDate" | "endDate">): string {
  const { startDate, endDate } = sprint;
  if (startDate && endDate) return `${formatDay(startDate)} – ${formatDay(endDate)}`;
  if (startDate) return `From ${formatDay(startDate)}`;
  if (endDate) return `Until ${formatDay(endDate)}`;
  return "No dates set";
}

/** "3 days left", "Ends today", "2 days overdue" for an active sprint with an end date. */
export function timeLeft(endDate: string | null, now = today()): string | null {
  if (!endDate) return null;
  const days = daysBetween(now, endDate);
  if (days === 0) return "Ends today";
  if (days > 0) return `${days} day${days === 1 ? "" : "s"} left`;
  return `${-days} day${days === -1 ? "" : "s"} past the end date`;
}

/** Dates for the next sprint: the day after the last planned one ends (or today), two weeks long. */
export function nextSprintDates(sprints: Sprint[]): { startDate: string; endDate: string } {
  const ends = sprints.filter((s) => s.status !== "COMPLETED" && s.endDate).map((s) => s.endDate!);
  const latest = ends.sort().at(-1);
  const startDate = latest && latest >= today() ? addDays(latest, 1) : today();
  return { startDate, endDate: addDays(startDate, 13) };
}
