import type { Artist, Booking, BookingStatus, Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { AppError, notFound } from "../../lib/errors";
import { fromIsoDay } from "../../lib/dates";
import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { addDays, dayOffInterval, subtractIntervals, weekdayOf, workingIntervals, zonedInstant, type Interval } from "./availability";
import { loadWorkingTime } from "./availability.service";
import { canReadBookings } from "./bookings.policy";
import { MAX_UTILISATION_WEEKS, type UtilisationQuery, type UtilisationReport } from "./utilisation.schema";
import { skillWhere } from "./artist-skills";

/**
 * Utilisation per artist and ISO week (SPEC §4.5): available = working hours
 * (DST-correct, in the artist's timezone) − whole local days off; used =
 * confirmed + pencilled (+ holds when asked) bookings clipped to the week;
 * overbooked = used beyond available. Days are dates in each artist's
 * timezone: the week 2026-03-23…2026-03-29 of an artist in London ends at
 * London's midnight, an hour earlier in UTC after the clocks changed.
 */

const HOUR_MS = 3_600_000;
const COUNTED: BookingStatus[] = ["HOLD", "PENCIL", "CONFIRMED"];

export interface ReportWeek {
  week: string;
  start: string;
  end: string;
}

/** ISO 8601 week of a Monday, "2026-W10": the week belongs to the year of its Thursday. */
function isoWeekOf(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = thursday.slice(0, 4);
  const days = Math.round((fromIsoDay(thursday).getTime() - fromIsoDay(`${year}-01-01`).getTime()) / 86_400_000);
  return `${year}-W${String(Math.floor(days / 7) + 1).padStart(2, "0")}`;
}

/** The ISO weeks (Monday to Sunday) touching [from, to], clipped to it; null when there are more than `max`. */
export function reportWeeks(from: string, to: string, max = MAX_UTILISATION_WEEKS): ReportWeek[] | null {
  const weeks: ReportWeek[] = [];
  for (let monday = addDays(from, -((weekdayOf(from) + 6) % 7)); monday <= to && monday.length === 10; monday = addDays(monday, 7)) {
    if (weeks.length === max) return null;
    const sunday = addDays(monday, 6);
    weeks.push({ week: isoWeekOf(monday), start: monday < from ? from : monday, end: sunday > to ? to : sunday });
  }
  return weeks;
}

const overlap = (a: number, b: number, s: number, e: number) => Math.max(0, Math.min(b, e) - Math.max(a, s));
const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

interface Millis {
  available: number;
  confirmed: number;
  pencil: number;
  hold: number;
  overbooked: number;
}

function figures(ms: Millis, includeHolds: boolean, overbooked?: number) {
  const used = ms.confirmed + ms.pencil + (includeHolds ? ms.hold : 0);
  const h = (v: number) => round(v / HOUR_MS, 2);
  return {
    availableHours: h(ms.available),
    confirmedHours: h(ms.confirmed),
    pencilHours: h(ms.pencil),
    holdHours: h(ms.hold),
    usedHours: h(used),
    overbookedHours: h(overbooked ?? Math.max(0, used - ms.available)),
    utilisation: ms.available > 0 ? round(used / ms.available, 4) : null,
  };
}

type Row = Pick<Artist, "id" | "name" | "color" | "timezone">;

/** One artist's weeks: pure, from the artist's working hours, days off and bookings. */
export function artistUtilisation(artist: Row, weeks: ReportWeek[], working: Awaited<ReturnType<typeof loadWorkingTime>>, bookings: Booking[], includeHolds: boolean) {
  const tz = artist.timezone;
  const hours = working.hours(artist.id);
  const daysOff = working.daysOff(artist.id).map((o) => dayOffInterval(tz, o));
  const bounds = weeks.map((w): Interval => [zonedInstant(tz, w.start, "00:00").getTime(), zonedInstant(tz, addDays(w.end, 1), "00:00").getTime()]);
  // Working time over the whole range once (Intl is the slow part), then cut per week.
  const first = bounds[0]?.[0] ?? 0;
  const last = bounds[bounds.length - 1]?.[1] ?? 0;
  const free = hours.length ? subtractIntervals(workingIntervals(tz, hours, new Date(first), new Date(last)), daysOff) : [];
  const total: Millis = { available: 0, confirmed: 0, pencil: 0, hold: 0, overbooked: 0 };
  const rows = weeks.map((w, i) => {
    const [s, e] = bounds[i];
    const ms: Millis = { available: free.reduce((n, [a, b]) => n + overlap(a, b, s, e), 0), confirmed: 0, pencil: 0, hold: 0, overbooked: 0 };
    for (const b of bookings) {
      const part = overlap(b.startTime.getTime(), b.endTime.getTime(), s, e);
      if (b.status === "CONFIRMED") ms.confirmed += part;
      else if (b.status === "PENCIL") ms.pencil += part;
      else if (b.status === "HOLD") ms.hold += part;
    }
    ms.overbooked = Math.max(0, ms.confirmed + ms.pencil + (includeHolds ? ms.hold : 0) - ms.available);
    for (const k of Object.keys(total) as Array<keyof Millis>) total[k] += ms[k];
    return { week: w.week, ...figures(ms, includeHolds) };
  });
  return { artistId: artist.id, name: artist.name, color: artist.color, weeks: rows, total: figures(total, includeHolds, total.overbooked) };
}

/** The report (VIEWER and up); artist ids that are not the workspace's answer 404, all alike. */
export async function utilisationReport(ctx: AppContext, userId: string, workspaceId: string, query: UtilisationQuery): Promise<UtilisationReport> {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canReadBookings(role), roleDenies(role, "seeing bookings"));
  const weeks = reportWeeks(query.from, query.to);
  if (!weeks) throw new AppError("VALIDATION_ERROR", "The range is too long", [{ field: "to", message: `must be within ${MAX_UTILISATION_WEEKS} ISO weeks of from` }]);

  const ids = query.artistId ? [...new Set(query.artistId)] : undefined;
  if (ids && (await ctx.db.artist.count({ where: { id: { in: ids }, workspaceId } })) !== ids.length) throw notFound("Artist");
  // Wide enough for every timezone (UTC−12 … UTC+14): each artist's own bounds are applied below.
  const rangeStart = new Date(fromIsoDay(query.from).getTime() - 86_400_000);
  const rangeEnd = new Date(fromIsoDay(query.to).getTime() + 2 * 86_400_000);
  const where: Prisma.ArtistWhereInput = {
    workspaceId,
    ...(ids ? { id: { in: ids } } : {}),
    ...(await skillWhere(ctx.db, workspaceId, query.skill)),
    OR: [{ active: true }, { bookings: { some: { status: { in: COUNTED }, startTime: { lt: rangeEnd }, endTime: { gt: rangeStart } } } }],
  };
  const artists = await ctx.db.artist.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, color: true, timezone: true, active: true } });
  const artistIds = artists.map((a) => a.id);
  const [working, bookings] = await Promise.all([
    loadWorkingTime(ctx.db, artistIds, rangeStart, rangeEnd),
    ctx.db.booking.findMany({ where: { artistId: { in: artistIds }, status: { in: COUNTED }, startTime: { lt: rangeEnd }, endTime: { gt: rangeStart } }, orderBy: [{ startTime: "asc" }, { id: "asc" }] }),
  ]);
  const byArtist = new Map<string, Booking[]>();
  for (const b of bookings) {
    const list = byArtist.get(b.artistId);
    if (list) list.push(b);
    else byArtist.set(b.artistId, [b]);
  }
  return {
    from: query.from,
    to: query.to,
    includeHolds: query.includeHolds,
    weeks,
    // Inactive artists only when they have booked time inside their own (local) range.
    artists: artists
      .map((a) => ({ active: a.active, row: artistUtilisation(a, weeks, working, byArtist.get(a.id) ?? [], query.includeHolds) }))
      .filter(({ active, row }) => active || row.total.confirmedHours + row.total.pencilHours + row.total.holdHours > 0)
      .map(({ row }) => row),
  };
}
