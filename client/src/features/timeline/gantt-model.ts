import type { CSSProperties } from "react";
import { assignLanes, DAY_MS } from "../bookings/calendar-model";
import type { Milestone, Phase, TimelineBooking } from "./timeline.api";

/** The Gantt's geometry: calendar days (UTC dates, as the API stores them) laid out left to right. */
export type GanttZoom = "week" | "month" | "quarter";
export const GANTT_ZOOMS: { value: GanttZoom; label: string; dayWidth: number }[] = [
  { value: "week", label: "Week", dayWidth: 44 },
  { value: "month", label: "Month", dayWidth: 18 },
  { value: "quarter", label: "Quarter", dayWidth: 6 },
];
export const dayWidthOf = (zoom: GanttZoom) => GANTT_ZOOMS.find((z) => z.value === zoom)!.dayWidth;

export const ROW_HEIGHT = 40;
export const LANE_HEIGHT = 22;

/** `YYYY-MM-DD` → ms at UTC midnight. */
export const dayMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
export const isoOfMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDaysIso = (iso: string, n: number) => isoOfMs(dayMs(iso) + n * DAY_MS);
export const daysBetween = (a: string, b: string) => Math.round((dayMs(b) - dayMs(a)) / DAY_MS);
export const todayIso = (now = new Date()) => `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;

export interface GanttRange {
  /** First day shown. */
  first: string;
  /** Number of days shown. */
  count: number;
}

/** From a few days before the earliest thing to a couple of weeks after the latest (today always inside). */
export function rangeOf(phases: Phase[], milestones: Milestone[], bookings: TimelineBooking[], today: string, zoom: GanttZoom): GanttRange {
  const days = [today, ...phases.flatMap((p) => [p.startDate, p.endDate]), ...milestones.map((m) => m.date), ...bookings.flatMap((b) => [b.start.slice(0, 10), b.end.slice(0, 10)])];
  days.sort();
  const pad = zoom === "week" ? 3 : zoom === "month" ? 7 : 14;
  const first = addDaysIso(days[0], -pad);
  const minDays = zoom === "week" ? 28 : zoom === "month" ? 60 : 180;
  const count = Math.max(minDays, daysBetween(first, days[days.length - 1]) + 2 * pad + 1);
  return { first, count };
}

/** Left edge of a day, and of an instant (bookings are instants). */
export const xOfDay = (iso: string, range: GanttRange, dayWidth: number) => daysBetween(range.first, iso) * dayWidth;
export const xOfInstant = (instant: string, range: GanttRange, dayWidth: number) => ((Date.parse(instant) - dayMs(range.first)) / DAY_MS) * dayWidth;

/** A phase's bar: its days are inclusive, so it ends at the right edge of its end day. */
export function barOf(p: Pick<Phase, "startDate" | "endDate">, range: GanttRange, dayWidth: number) {
  const left = xOfDay(p.startDate, range, dayWidth);
  return { left, width: Math.max(dayWidth, xOfDay(p.endDate, range, dayWidth) + dayWidth - left) };
}

/** The header's ticks: every day (week zoom), every Monday (month) or every 1st of the month (quarter). */
export function ticksOf(range: GanttRange, zoom: GanttZoom): { iso: string; label: string; major: boolean }[] {
  const out: { iso: string; label: string; major: boolean }[] = [];
  for (let i = 0; i < range.count; i++) {
    const iso = addDaysIso(range.first, i);
    const d = new Date(dayMs(iso));
    const first = d.getUTCDate() === 1;
    const month = d.toLocaleDateString(undefined, { month: "short", timeZone: "UTC" });
    if (zoom === "week") out.push({ iso, label: `${d.toLocaleDateString(undefined, { weekday: "narrow", timeZone: "UTC" })} ${d.getUTCDate()}`, major: first || d.getUTCDay() === 1 });
    else if (zoom === "month" && d.getUTCDay() === 1) out.push({ iso, label: `${d.getUTCDate()} ${month}`, major: first });
    else if (zoom === "quarter" && first) out.push({ iso, label: `${month} ${d.getUTCFullYear()}`, major: true });
  }
  return out;
}

export interface ArtistLane {
  artistId: string;
  name: string;
  color: string;
  bookings: TimelineBooking[];
  lanes: Map<string, number>;
  laneCount: number;
}

/** One row per booked artist, by name; overlapping bookings (holds) stack in lanes as on the calendar. */
export function artistLanes(bookings: TimelineBooking[]): ArtistLane[] {
  const byArtist = new Map<string, TimelineBooking[]>();
  for (const b of bookings) byArtist.set(b.artistId, [...(byArtist.get(b.artistId) ?? []), b]);
  return [...byArtist.values()]
    .map((list) => {
      const { lanes, count } = assignLanes(list);
      return { artistId: list[0].artistId, name: list[0].artist.name, color: list[0].artist.color, bookings: list, lanes, laneCount: Math.max(1, count) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The bookings calendar's look: hold hatched with its rank, pencil dashed outline, confirmed solid, in the artist's colour. */
export function bookingStyle(status: TimelineBooking["status"], accent: string): CSSProperties {
  if (status === "CONFIRMED") return { background: accent, borderColor: accent, color: "white" };
  if (status === "PENCIL") return { background: "white", borderColor: accent, borderStyle: "dashed" };
  return { background: `repeating-linear-gradient(135deg, color-mix(in srgb, ${accent} 28%, white) 0 5px, white 5px 10px)`, borderColor: `color-mix(in srgb, ${accent} 60%, white)` };
}

/** Whether adding `predecessor` to `phase`'s dependencies would close a cycle (the server says so too; this spares the round trip). */
export function wouldCycle(phases: Phase[], phaseId: string, predecessor: string): boolean {
  if (phaseId === predecessor) return true;
  const deps = new Map(phases.map((p) => [p.id, p.dependsOn]));
  const stack = [predecessor];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (id === phaseId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(deps.get(id) ?? []));
  }
  return false;
}
