/**
 * Wall-clock time in an artist's IANA timezone, DST-correct, with Intl only:
 * working hours ("09:00"–"17:00" on a weekday) and whole days off become UTC
 * instants, and a booking [start, end) is checked against them.
 */

/** True when `tz` is an IANA zone this runtime knows ("Europe/London", "UTC"); offsets like "+01:00" are not zones. */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Date.UTC for every year 1–10000 (Date.UTC reads years 0–99 as 1900–1999). */
function utc(y: number, m: number, d: number, h = 0, mi = 0, sec = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  t.setUTCHours(h, mi, sec, 0);
  return t.getTime();
}

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a UTC instant (year 10000 and later unpadded). */
const dayString = (ms: number) => {
  const t = new Date(ms);
  return `${String(t.getUTCFullYear()).padStart(4, "0")}-${String(t.getUTCMonth() + 1).padStart(2, "0")}-${String(t.getUTCDate()).padStart(2, "0")}`;
};

const parseDay = (day: string) => day.split("-").map(Number) as [number, number, number];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of an instant in `tz`. */
function wallClock(tz: string, ms: number) {
  const parts = Object.fromEntries(formatter(tz).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour) % 24, mi: Number(parts.minute), s: Number(parts.second) };
}

/** Milliseconds `tz` is ahead of UTC at the instant. */
function offsetAt(tz: string, ms: number): number {
  const w = wallClock(tz, ms);
  return utc(w.y, w.m, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

/** The day of an instant in `tz`, YYYY-MM-DD. */
export function localDate(tz: string, at: Date): string {
  const w = wallClock(tz, at.getTime());
  return dayString(utc(w.y, w.m, w.d));
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = parseDay(day);
  return dayString(utc(y, m, d) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string) => {
  const [y, m, d] = parseDay(day);
  return new Date(utc(y, m, d)).getUTCDay();
};

/**
 * The instant of wall-clock `time` ("HH:MM", "24:00" is the next midnight) on
 * `day` in `tz`. A time inside a spring-forward gap resolves to the instant
 * the clocks show it after the jump (02:30 → 03:30).
 */
export function zonedInstant(tz: string, day: string, time: string): Date {
  // Pure (for the runtime's tz data) and the slow part of every calendar computation (Intl):
  // remembered, so artists sharing a timezone share the work. Bounded: cleared when full.
  const key = `${tz} ${day} ${time}`;
  let t = instants.get(key);
  if (t === undefined) {
    if (instants.size >= 200_000) instants.clear();
    t = resolveZonedInstant(tz, day, time).getTime();
    instants.set(key, t);
  }
  return new Date(t);
}
const instants = new Map<string, number>();

function resolveZonedInstant(tz: string, day: string, time: string): Date {
  const [y, m, d] = parseDay(day);
  const [h, mi] = time.split(":").map(Number);
  const guess = utc(y, m, d, h, mi);
  const before = offsetAt(tz, guess);
  const t = guess - before;
  const after = offsetAt(tz, t);
  if (after === before) return new Date(t);
  const other = guess - after;
  // The other offset fits: that is the instant. Neither fits: a gap, take the instant after the jump.
  return new Date(offsetAt(tz, other) === after ? other : guess - Math.min(before, after));
}

export interface HoursRange {
  weekday: number;
  startTime: string;
  endTime: string;
}

export interface DaysOff {
  id: string;
  startDate: string;
  endDate: string;
}

export type Interval = [number, number];

/** The artist's working time around [start, end) as merged UTC intervals. */
export function workingIntervals(tz: string, hours: HoursRange[], start: Date, end: Date): Interval[] {
  const intervals: Interval[] = [];
  // Ranges by weekday, and the days walked as UTC midnights: a 30-day window of 50 artists
  // parsed each day's string once per range before (most of an availability check's time).
  const byWeekday: HoursRange[][] = [[], [], [], [], [], [], []];
  for (const r of hours) byWeekday[r.weekday]?.push(r);
  const [y, m, d] = parseDay(localDate(tz, start));
  const days = Math.ceil((end.getTime() - start.getTime()) / DAY_MS) + 3;
  for (let i = 0, midnight = utc(y, m, d) - DAY_MS; i < days; i++, midnight += DAY_MS) {
    const ranges = byWeekday[new Date(midnight).getUTCDay()];
    if (!ranges.length) continue;
    const day = dayString(midnight);
    for (const r of ranges) intervals.push([zonedInstant(tz, day, r.startTime).getTime(), zonedInstant(tz, day, r.endTime).getTime()]);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const i of intervals) {
    const prev = merged[merged.length - 1];
    if (prev && i[0] <= prev[1]) prev[1] = Math.max(prev[1], i[1]);
    else merged.push([...i]);
  }
  return merged;
}

/**
 * Why [start, end) is outside the artist's availability, if it is: not within
 * their working hours (only when they have any), or on a day off. Time off
 * covers whole local days, startDate 00:00 to the midnight after endDate.
 *
 * A booking over several local days is within hours when it starts and ends
 * in working time and every day it touches is a working day: studios book
 * "Monday to Wednesday", and the nights between are not overtime. The same
 * holds within one day: 10:00–15:00 over a 12:00–13:00 lunch break is a day's
 * work, not overtime.
 */
export function availabilityProblems(tz: string, hours: HoursRange[], daysOff: DaysOff[], start: Date, end: Date): { outsideHours: boolean; timeOff: DaysOff[] } {
  const s = start.getTime();
  const e = end.getTime();
  const outsideHours = hours.length > 0 && !withinHours(tz, hours, s, e);
  const timeOff = daysOff.filter((off) => zonedInstant(tz, off.startDate, "00:00").getTime() < e && zonedInstant(tz, addDays(off.endDate, 1), "00:00").getTime() > s);
  return { outsideHours, timeOff };
}

function withinHours(tz: string, hours: HoursRange[], s: number, e: number): boolean {
  const working = workingIntervals(tz, hours, new Date(s), new Date(e));
  if (working.some(([a, b]) => a <= s && b >= e)) return true;
  const firstDay = localDate(tz, new Date(s));
  const lastDay = localDate(tz, new Date(e - 1));
  const startsAtWork = working.some(([a, b]) => a <= s && s < b);
  const endsAtWork = working.some(([a, b]) => a < e && e <= b);
  if (!startsAtWork || !endsAtWork) return false;
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    if (!hours.some((r) => r.weekday === weekdayOf(day))) return false;
  }
  return true;
}

/** Sorted, merged copies of the intervals (touching ones join). */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && i[0] <= prev[1]) prev[1] = Math.max(prev[1], i[1]);
    else merged.push([i[0], i[1]]);
  }
  return merged;
}

/** `from` minus `remove` (both any intervals); the result is merged and sorted. */
export function subtractIntervals(from: Interval[], remove: Interval[]): Interval[] {
  const cuts = mergeIntervals(remove);
  const out: Interval[] = [];
  for (const [a0, b] of mergeIntervals(from)) {
    let a = a0;
    for (const [c, d] of cuts) {
      if (d <= a || c >= b) continue;
      if (c > a) out.push([a, c]);
      a = Math.max(a, d);
      if (a >= b) break;
    }
    if (a < b) out.push([a, b]);
  }
  return out;
}

/** A day off as UTC instants: its startDate's local midnight to the local midnight after its endDate. */
export const dayOffInterval = (tz: string, off: Pick<DaysOff, "startDate" | "endDate">): Interval => [zonedInstant(tz, off.startDate, "00:00").getTime(), zonedInstant(tz, addDays(off.endDate, 1), "00:00").getTime()];

/**
 * Free time within [start, end): working hours (all the time for an artist
 * without any) minus whole days off minus the busy intervals.
 */
export function freeIntervals(tz: string, hours: HoursRange[], daysOff: DaysOff[], busy: Interval[], start: Date, end: Date): Interval[] {
  const s = start.getTime();
  const e = end.getTime();
  const working = hours.length ? workingIntervals(tz, hours, start, end).map(([a, b]): Interval => [Math.max(a, s), Math.min(b, e)]) : [[s, e] as Interval];
  return subtractIntervals(working, [...daysOff.map((off) => dayOffInterval(tz, off)), ...busy]);
}

/** The first [t, t + length) inside one of the free intervals, starting no earlier than `notBefore`; null if none. */
export function firstSlot(free: Interval[], length: number, notBefore: number): Interval | null {
  for (const [a, b] of free) {
    const t = Math.max(a, notBefore);
    if (b - t >= length) return [t, t + length];
  }
  return null;
}
