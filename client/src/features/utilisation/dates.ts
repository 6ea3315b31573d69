import { addDays, today } from "../sprints/sprint-dates";

/** The first and last day of the month of `day` (YYYY-MM-DD). */
export function monthRange(day = today()): { from: string; to: string } {
  const [y, m] = day.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(y, m, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** The Monday of the ISO week of `day`. */
export function weekStart(day = today()): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** `weeks` whole ISO weeks from the Monday `offsetWeeks` from this week's. */
export function weeksRange(weeks: number, offsetWeeks = 0, day = today()): { from: string; to: string } {
  const from = addDays(weekStart(day), offsetWeeks * 7);
  return { from, to: addDays(from, weeks * 7 - 1) };
}

/** A fraction as a percentage: 0.753 → "75%"; null → "—". */
export const percent = (fraction: number | null | undefined) => (fraction === null || fraction === undefined ? "—" : `${Math.round(fraction * 100)}%`);

/** Hours with at most one decimal: 7.5 → "7.5 h". */
export const hours = (h: number) => `${Math.round(h * 10) / 10} h`;
