import type { Artist, BookingStatus, Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { AppError, notFound } from "../../lib/errors";
import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { loadArtist } from "./artists.service";
import { addDays, availabilityProblems, dayOffInterval, firstSlot, freeIntervals, zonedInstant, type DaysOff, type Interval } from "./availability";
import { MAX_AVAILABILITY_MS, NEXT_SLOT_WINDOW_MS, type AvailabilityQuery, type CheckAvailabilityInput } from "./availability.schema";
import { canReadBookings } from "./bookings.policy";
import { holdRanks } from "./holds";
import { isoDay } from "../../lib/dates";

/**
 * Free/busy of artists: working hours (in the artist's timezone, DST-correct)
 * minus time off minus busy bookings. Busy means pencilled or confirmed; holds
 * count only when asked (`includeHolds`), since they may overlap and do not
 * stop a firm booking (SPEC §4.5).
 */

const DAY_MS = 86_400_000;
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
const iso = (ms: number) => new Date(ms).toISOString();

const busyStatuses = (includeHolds: boolean): BookingStatus[] => (includeHolds ? ["HOLD", "PENCIL", "CONFIRMED"] : ["PENCIL", "CONFIRMED"]);

/** Working hours and time off of the artists, around [from, to) (two days' margin for timezones). */
export async function loadWorkingTime(db: Prisma.TransactionClient, artistIds: string[], from: Date, to: Date) {
  const [hours, daysOff] = await Promise.all([
    db.workingHours.findMany({ where: { artistId: { in: artistIds } } }),
    db.timeOff.findMany({ where: { artistId: { in: artistIds }, startDate: { lte: new Date(to.getTime() + 2 * DAY_MS) }, endDate: { gte: new Date(from.getTime() - 2 * DAY_MS) } }, orderBy: [{ startDate: "asc" }, { id: "asc" }] }),
  ]);
  return {
    hours: (id: string) => hours.filter((h) => h.artistId === id),
    daysOff: (id: string): DaysOff[] => daysOff.filter((o) => o.artistId === id).map((o) => ({ id: o.id, startDate: isoDay(o.startDate), endDate: isoDay(o.endDate) })),
  };
}

/** What the availability of one artist over [from, to) is built from. */
async function loadCalendar(db: Prisma.TransactionClient, artistIds: string[], from: Date, to: Date, includeHolds: boolean) {
  const [working, bookings] = await Promise.all([
    loadWorkingTime(db, artistIds, from, to),
    db.booking.findMany({ where: { artistId: { in: artistIds }, status: { in: busyStatuses(includeHolds) }, startTime: { lt: to }, endTime: { gt: from } }, orderBy: [{ startTime: "asc" }, { id: "asc" }] }),
  ]);
  return {
    ...working,
    bookings: (id: string) => bookings.filter((b) => b.artistId === id),
    all: bookings,
  };
}

/** A `from`/`to` query value as an instant: a date is its local midnight in `tz` (for `to`, the midnight after it). */
function resolveBound(tz: string, value: string, isEnd: boolean): Date {
  if (!isDate(value)) return new Date(value);
  return zonedInstant(tz, isEnd ? addDays(value, 1) : value, "00:00");
}

/** The permission check of an artist's availability (run before the read cache): the artist. */
export async function availabilityReader(ctx: AppContext, userId: string, artistId: string) {
  const { artist, role } = await loadArtist(ctx, userId, artistId);
  enforce(canReadBookings(role), roleDenies(role, "seeing bookings"));
  return artist;
}

export async function availabilityOf(ctx: AppContext, artist: Awaited<ReturnType<typeof loadArtist>>["artist"], query: AvailabilityQuery) {
  const tz = artist.timezone;
  const from = resolveBound(tz, query.from, false);
  const to = resolveBound(tz, query.to, true);
  const length = to.getTime() - from.getTime();
  if (!(length > 0)) throw new AppError("VALIDATION_ERROR", "to must be after from", [{ field: "to", message: "must be after from (an empty or reversed range)" }]);
  if (length > MAX_AVAILABILITY_MS) throw new AppError("VALIDATION_ERROR", "The range is too long", [{ field: "to", message: "must be at most 366 days after from" }]);

  const cal = await loadCalendar(ctx.db, [artist.id], from, to, query.includeHolds);
  const ranks = await holdRanks(ctx.db, cal.all);
  const busy = cal.all.map((b): Interval => [b.startTime.getTime(), b.endTime.getTime()]);
  const daysOff = cal.daysOff(artist.id);
  const free = freeIntervals(tz, cal.hours(artist.id), daysOff, busy, from, to);
  return {
    artistId: artist.id,
    timezone: tz,
    from: from.toISOString(),
    to: to.toISOString(),
    includeHolds: query.includeHolds,
    free: free.map(([a, b]) => ({ start: iso(a), end: iso(b) })),
    busy: cal.all.map((b) => ({
      start: b.startTime.toISOString(),
      end: b.endTime.toISOString(),
      booking: { id: b.id, title: b.title, status: b.status, holdRank: b.status === "HOLD" ? (ranks.get(b.id) ?? null) : null },
    })),
    timeOff: daysOff
      .map((o) => ({ ...o, span: dayOffInterval(tz, o) }))
      .filter((o) => o.span[0] < to.getTime() && o.span[1] > from.getTime())
      .map((o) => ({ id: o.id, startDate: o.startDate, endDate: o.endDate, start: iso(o.span[0]), end: iso(o.span[1]) })),
  };
}

/**
 * For each artist: is [start, end) free, what is in the way, and the next free
 * slot of the requested length within 30 days. Artists that are not the
 * workspace's answer 404, all alike.
 */
export async function checkAvailability(ctx: AppContext, userId: string, workspaceId: string, input: CheckAvailabilityInput) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canReadBookings(role), roleDenies(role, "seeing bookings"));
  const ids = [...new Set(input.artistIds)];
  const artists = await ctx.db.artist.findMany({ where: { id: { in: ids }, workspaceId } });
  if (artists.length !== ids.length) throw notFound("Artist");
  const byId = new Map<string, Artist>(artists.map((a) => [a.id, a]));

  const start = new Date(input.start);
  const end = new Date(input.end);
  const length = input.durationMinutes ? input.durationMinutes * 60_000 : end.getTime() - start.getTime();
  const windowEnd = new Date(Math.max(end.getTime(), start.getTime() + NEXT_SLOT_WINDOW_MS));
  const includeHolds = input.includeHolds ?? false;
  const cal = await loadCalendar(ctx.db, ids, start, windowEnd, includeHolds);

  return input.artistIds.map((id) => {
    const artist = byId.get(id) as Artist;
    const hours = cal.hours(id);
    const daysOff = cal.daysOff(id);
    const bookings = cal.bookings(id);
    const conflicts = bookings.filter((b) => b.startTime < end && b.endTime > start);
    const problems = availabilityProblems(artist.timezone, hours, daysOff, start, end);
    const free = freeIntervals(artist.timezone, hours, daysOff, bookings.map((b): Interval => [b.startTime.getTime(), b.endTime.getTime()]), start, windowEnd);
    const slot = firstSlot(free, length, start.getTime());
    return {
      artistId: id,
      available: !conflicts.length && !problems.outsideHours && !problems.timeOff.length,
      outsideHours: problems.outsideHours,
      timeOffIds: problems.timeOff.map((o) => o.id),
      conflicts: conflicts.map((b) => ({ bookingId: b.id, status: b.status, start: b.startTime.toISOString(), end: b.endTime.toISOString() })),
      nextFreeSlot: slot ? { start: iso(slot[0]), end: iso(slot[1]) } : null,
    };
  });
}
