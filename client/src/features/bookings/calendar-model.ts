/**
 * Time arithmetic of the bookings calendar, pure (no React): the visible days
 * in the viewer's timezone, instant ↔ x position, working time of an artist
 * (in the artist's own IANA timezone, DST-correct through Intl), snapping and
 * lanes for overlapping bars. The Gantt reuses the same grid.
 */

export type Zoom = "week" | "2weeks" | "month";
export const ZOOMS: { value: Zoom; label: string; days: number }[] = [
  { value: "week", label: "Week", days: 7 },
  { value: "2weeks", label: "2 weeks", days: 14 },
  { value: "month", label: "Month", days: 0 },
];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * One visible day: its local midnight and the next one in the viewer's
 * timezone (23 or 25 h on DST days), and the part of it the column draws
 * (`viewStart`–`viewEnd`: the whole day, or at the hour zooms the waking
 * hours, so a 09:00–17:00 booking is half a column wide, not a third).
 */
export interface Day {
  iso: string;
  start: number;
  end: number;
  viewStart: number;
  viewEnd: number;
  weekday: number;
  weekend: boolean;
  today: boolean;
}

export const isoOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** A `YYYY-MM-DD` as the viewer's local midnight (null when malformed). */
export function parseIsoDay(iso: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

/** Monday of the week of `d`. */
function startOfWeek(d: Date): Date {
  const back = (d.getDay() + 6) % 7;
  return addDays(d, -back);
}

/** The first visible day and the number of days for a zoom around `anchor`. */
export function visibleRange(anchor: Date, zoom: Zoom): { first: Date; count: number } {
  if (zoom === "month") {
    const first = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
    const count = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0).getDate();
    return { first, count };
  }
  return { first: startOfWeek(anchor), count: zoom === "week" ? 7 : 14 };
}

/** The anchor one page before (-1) or after (+1). */
export function shiftAnchor(anchor: Date, zoom: Zoom, direction: 1 | -1): Date {
  if (zoom === "month") return new Date(anchor.getFullYear(), anchor.getMonth() + direction, 1);
  return addDays(anchor, direction * (zoom === "week" ? 7 : 14));
}

/** The hours of a day a column draws at each zoom ([0, 24] = all of it). */
export function dayWindow(zoom: Zoom): [number, number] {
  return zoom === "month" ? [0, 24] : [6, 22];
}

/**
 * The hours a week or two-week column draws: the zoom's window, widened to the
 * whole hours where the shown bookings start or end and where the artists'
 * working days begin and end, in the viewer's time. An artist in Tokyo seen
 * from Paris works 01:00–09:00: a fixed 06–22 would squeeze their bars flat.
 */
export function fittedWindow(base: [number, number], days: Day[], bookings: { start: string; end: string }[], artists: { workingHours: WorkingRange[]; timeOff: TimeOffRange[]; timezone: string }[]): [number, number] {
  if (days.length === 0 || (base[0] === 0 && base[1] === 24)) return base;
  const first = days[0]!.start;
  const last = days[days.length - 1]!.end;
  let [lo, hi] = base;
  const include = (t: number) => {
    if (t < first || t > last) return;
    const d = new Date(t);
    const hour = d.getHours() + d.getMinutes() / 60;
    // An end at midnight closes the day before: 24, not 0.
    if (hour === 0 && t > first) hi = 24;
    else {
      lo = Math.min(lo, Math.floor(hour));
      hi = Math.max(hi, Math.ceil(hour));
    }
  };
  for (const b of bookings) {
    include(Date.parse(b.start));
    include(Date.parse(b.end));
  }
  const week = days.slice(0, 7);
  for (const a of artists) {
    if (a.workingHours.length === 0) continue;
    for (const day of week) {
      for (const [s, e] of workingIntervals(day.start, day.end, a.workingHours, a.timeOff, a.timezone)) {
        include(s);
        include(e);
      }
    }
  }
  return [Math.max(0, lo), Math.min(24, hi)];
}

export function buildDays(first: Date, count: number, window: [number, number] = [0, 24], now = new Date()): Day[] {
  const todayIso = isoOf(now);
  const days: Day[] = [];
  for (let i = 0; i < count; i++) {
    const d = addDays(first, i);
    const next = addDays(first, i + 1);
    const weekday = d.getDay();
    const viewStart = window[0] === 0 ? d.getTime() : new Date(d.getFullYear(), d.getMonth(), d.getDate(), window[0]).getTime();
    const viewEnd = window[1] === 24 ? next.getTime() : new Date(d.getFullYear(), d.getMonth(), d.getDate(), window[1]).getTime();
    days.push({ iso: isoOf(d), start: d.getTime(), end: next.getTime(), viewStart, viewEnd, weekday, weekend: weekday === 0 || weekday === 6, today: isoOf(d) === todayIso });
  }
  return days;
}

/** Least pixels per day for a zoom: the days stretch to fill the grid, and it scrolls horizontally where they do not fit. */
export function dayWidthFor(zoom: Zoom): number {
  return zoom === "week" ? 200 : zoom === "2weeks" ? 96 : 44;
}

/** Instant → x in the timeline (clamped to it); DST days keep their column width. */
export function xOf(t: number, days: Day[], dayWidth: number): number {
  if (days.length === 0) return 0;
  if (t <= days[0]!.start) return 0;
  const last = days[days.length - 1]!;
  if (t >= last.end) return days.length * dayWidth;
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (days[mid]!.start <= t) lo = mid;
    else hi = mid - 1;
  }
  const day = days[lo]!;
  const fraction = Math.min(1, Math.max(0, (t - day.viewStart) / (day.viewEnd - day.viewStart)));
  return lo * dayWidth + fraction * dayWidth;
}

/** x → instant (inverse of xOf). */
export function timeAt(x: number, days: Day[], dayWidth: number): number {
  if (days.length === 0) return 0;
  const index = Math.min(days.length - 1, Math.max(0, Math.floor(x / dayWidth)));
  const day = days[index]!;
  const fraction = Math.min(1, Math.max(0, x / dayWidth - index));
  return day.viewStart + fraction * (day.viewEnd - day.viewStart);
}

export function dayIndexAt(x: number, days: Day[], dayWidth: number): number {
  return Math.min(days.length - 1, Math.max(0, Math.floor(x / dayWidth)));
}

// ---------------------------------------------------------------------------
// Timezones (Intl; no library)

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    } catch {
      f = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    }
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** Offset (ms) of `timeZone` from UTC at instant `t`. */
export function tzOffset(t: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(t))) if (part.type !== "literal") p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour === 24 ? 0 : p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** Instants already worked out (Intl is slow; a calendar asks for the same few thousand again and again). */
const instants = new Map<string, number>();

/** The instant of local wall time `y-m-d hh:mm` in `timeZone` (a time skipped by DST moves forward). */
export function zonedInstant(y: number, m: number, d: number, minutes: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d) + minutes * 60_000;
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return guess;
  const key = `${timeZone}|${guess}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const first = guess - tzOffset(guess, timeZone);
  const second = guess - tzOffset(first, timeZone);
  if (instants.size > 50_000) instants.clear();
  instants.set(key, second);
  return second;
}

/** `YYYY-MM-DD` of instant `t` in `timeZone`. */
export function isoInZone(t: number, timeZone: string): string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return new Date(t).toISOString().slice(0, 10);
  const p: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(t))) p[part.type] = part.value;
  return `${p.year}-${p.month!.padStart(2, "0")}-${p.day!.padStart(2, "0")}`;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export interface WorkingRange {
  weekday: number;
  start: string;
  end: string;
}

export interface TimeOffRange {
  id: string;
  startDate: string;
  endDate: string;
  reason?: string | null;
}

export const inTimeOff = (iso: string, timeOff: TimeOffRange[]) => timeOff.some((t) => t.startDate <= iso && iso <= t.endDate);

/**
 * The artist's working intervals (UTC ms) that fall inside [from, to): every
 * working-hours range of each local date of the artist's timezone touching
 * the span, except dates of time off.
 */
export function workingIntervals(from: number, to: number, hours: WorkingRange[], timeOff: TimeOffRange[], timeZone: string): [number, number][] {
  if (hours.length === 0) return [];
  const key = `${timeZone}|${from}|${to}|${JSON.stringify(hours)}|${JSON.stringify(timeOff)}`;
  const known = intervalCache.get(key);
  if (known) return known;
  const out = computeIntervals(from, to, hours, timeOff, timeZone);
  if (intervalCache.size > 5_000) intervalCache.clear();
  intervalCache.set(key, out);
  return out;
}

/** Many artists share hours and time zone: their rows share the answer. */
const intervalCache = new Map<string, [number, number][]>();

function computeIntervals(from: number, to: number, hours: WorkingRange[], timeOff: TimeOffRange[], timeZone: string): [number, number][] {
  const out: [number, number][] = [];
  const firstIso = isoInZone(from - DAY_MS, timeZone);
  const [y, m, d] = firstIso.split("-").map(Number) as [number, number, number];
  for (let i = 0; ; i++) {
    const date = new Date(Date.UTC(y, m - 1, d + i));
    const dy = date.getUTCFullYear();
    const dm = date.getUTCMonth() + 1;
    const dd = date.getUTCDate();
    const dayStart = zonedInstant(dy, dm, dd, 0, timeZone);
    if (dayStart >= to) break;
    const iso = `${dy}-${String(dm).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
    if (inTimeOff(iso, timeOff)) continue;
    for (const h of hours) {
      if (h.weekday !== date.getUTCDay()) continue;
      const s = zonedInstant(dy, dm, dd, minutesOf(h.start), timeZone);
      const e = zonedInstant(dy, dm, dd, minutesOf(h.end), timeZone);
      const cs = Math.max(s, from);
      const ce = Math.min(e, to);
      if (ce > cs) out.push([cs, ce]);
    }
    if (i > 400) break;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

// ---------------------------------------------------------------------------
// Snapping

/** Week zoom snaps to whole hours; the wider zooms to whole days. */
export const snapsToHours = (zoom: Zoom) => zoom === "week";

export function roundToHour(t: number): number {
  const d = new Date(t);
  d.setMinutes(d.getMinutes() >= 30 ? 60 : 0, 0, 0);
  return d.getTime();
}

export function floorToHour(t: number): number {
  const d = new Date(t);
  d.setMinutes(0, 0, 0);
  return d.getTime();
}

/** The working time of a viewer day for an artist (first start, last end), or 09:00–17:00 of the viewer's day when there is none. */
export function workingSpanOfDay(day: Day, hours: WorkingRange[], timeOff: TimeOffRange[], timeZone: string): [number, number] {
  const intervals = workingIntervals(day.start, day.end, hours, timeOff, timeZone);
  if (intervals.length === 0) return [day.start + 9 * HOUR_MS, day.start + 17 * HOUR_MS];
  return [intervals[0]![0], intervals[intervals.length - 1]![1]];
}

/** Moves an instant by whole viewer days, keeping its wall time. */
export function shiftDays(t: number, n: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n, d.getHours(), d.getMinutes(), d.getSeconds()).getTime();
}

// ---------------------------------------------------------------------------
// Lanes

/** Places overlapping bars on separate lanes (greedy by start); returns lane per id and the lane count. */
export function assignLanes<B extends { id: string; start: string; end: string }>(bookings: B[]): { lanes: Map<string, number>; count: number } {
  const sorted = [...bookings].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || Date.parse(b.end) - Date.parse(a.end));
  const laneEnds: number[] = [];
  const lanes = new Map<string, number>();
  for (const b of sorted) {
    const s = Date.parse(b.start);
    let lane = laneEnds.findIndex((end) => end <= s);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(0);
    }
    laneEnds[lane] = Date.parse(b.end);
    lanes.set(b.id, lane);
  }
  return { lanes, count: Math.max(1, laneEnds.length) };
}

// ---------------------------------------------------------------------------
// Formatting

const rangeFormatters = new Map<string, Intl.DateTimeFormat>();

export function formatRange(start: string | number, end: string | number, timeZone?: string): string {
  // Remembered: Intl's formatRange was most of the JavaScript of a row coming into view while the
  // calendar scrolls (every bar's label and title), and a bar's range rarely changes.
  const key = `${start}|${end}|${timeZone ?? ""}`;
  const known = formattedRanges.get(key);
  if (known !== undefined) return known;
  const text = formatRangeNow(start, end, timeZone);
  if (formattedRanges.size >= 20_000) formattedRanges.clear();
  formattedRanges.set(key, text);
  return text;
}
const formattedRanges = new Map<string, string>();

function formatRangeNow(start: string | number, end: string | number, timeZone?: string): string {
  let f = rangeFormatters.get(timeZone ?? "");
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone });
    rangeFormatters.set(timeZone ?? "", f);
  }
  try {
    return f.formatRange(new Date(start), new Date(end));
  } catch {
    return `${f.format(new Date(start))} – ${f.format(new Date(end))}`;
  }
}

/** A `datetime-local` input value (viewer's timezone) for an instant, and back. */
export function toLocalInput(t: string | number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
