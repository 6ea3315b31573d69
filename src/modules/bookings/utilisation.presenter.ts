import type { UtilisationReport } from "./utilisation.schema";

/** The utilisation report as CSV (RFC 4180): one row per artist and week. */

export const CSV_HEADER = ["artist", "week", "week_start", "available_hours", "confirmed_hours", "pencil_hours", "hold_hours", "used_hours", "overbooked_hours", "utilisation"];

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @,
 * or a tab or carriage return) gets a leading apostrophe; a cell with a comma,
 * quote or line break is quoted, its quotes doubled.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function utilisationCsv(report: UtilisationReport): string {
  const starts = new Map(report.weeks.map((w) => [w.week, w.start]));
  const lines = [CSV_HEADER.join(",")];
  for (const a of report.artists) {
    for (const w of a.weeks) {
      lines.push([a.name, w.week, starts.get(w.week) ?? "", w.availableHours, w.confirmedHours, w.pencilHours, w.holdHours, w.usedHours, w.overbookedHours, w.utilisation].map(csvCell).join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
