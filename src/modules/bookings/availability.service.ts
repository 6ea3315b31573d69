import type { BookingStatus, Prisma, WorkspaceRole } from "../../generated/prisma/client";
import { prepared, sqlOf, type Sql } from "../../db/client";
import { daysOffJson, hoursJson } from "./working-time-sql";
import type { AppContext } from "../../http/context";
import { AppError, notFound } from "../../lib/errors";
import { enforce, roleDenies } from "../../access/permissions";
import { loadArtist } from "./artists.service";
import { addDays, availabilityProblems, dayOffInterval, firstSlot, freeIntervals, zonedInstant, type DaysOff, type HoursRange, type Interval } from "./availability";
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

interface CheckedArtist {
  id: string;
  timezone: string;
  hours: HoursRange[] | null;
  daysOff: DaysOff[] | null;
  /** Busy bookings over the window, by start; instants as epoch milliseconds. */
  bookings: { id: string; status: BookingStatus; start: number; end: number }[] | null;
}

/**
 * What a multi-artist check reads, in one statement: the caller's role and, for each
 * artist of the workspace among `ids`, working hours, days off (working-time-sql.ts)
 * and busy bookings over [from, to). Raw SQL on purpose: through the
 * ORM, five queries for 50 artists and hydrating their rows (and the garbage) were
 * most of the request (measured with --cpu-prof in `npm run bench`).
 */
async function loadCheck(sql: Sql, q: { workspaceId: string; userId: string; ids: string[]; from: Date; to: Date; statuses: BookingStatus[] }) {
  const { rows } = await sql.query<{ role: WorkspaceRole | null; artists: CheckedArtist[] | null }>(
    prepared(
      `SELECT m.role,
              (SELECT json_agg(json_build_object(
                        'id', a.id, 'timezone', a.timezone,
                        'hours', ${hoursJson("a.id")},
                        'daysOff', ${daysOffJson("a.id", "$4::timestamptz", "$5::timestamptz")},
                        'bookings', (SELECT json_agg(json_build_object('id', b.id, 'status', b.status,
                                                                       'start', (extract(epoch FROM b.start_time) * 1000)::bigint,
                                                                       'end', (extract(epoch FROM b.end_time) * 1000)::bigint) ORDER BY b.start_time, b.id)
                                       FROM bookings b
                                      WHERE b.artist_id = a.id AND b.status::text = ANY($6::text[]) AND b.start_time < $5::timestamptz AND b.end_time > $4::timestamptz)))
                 FROM artists a WHERE a.workspace_id = w.id AND a.id = ANY($3::uuid[])) AS artists
         FROM workspaces w
         LEFT JOIN memberships m ON m.workspace_id = w.id AND m.user_id = $2::uuid
        WHERE w.id = $1::uuid`,
      [q.workspaceId, q.userId, q.ids, q.from, q.to, q.statuses],
    ),
  );
  return { role: rows[0]?.role ?? null, artists: rows[0]?.artists ?? [] };
}

/**
 * For each artist: is [start, end) free, what is in the way, and the next free
 * slot of the requested length within 30 days. Artists that are not the
 * workspace's answer 404, all alike.
 */
export async function checkAvailability(ctx: AppContext, userId: string, workspaceId: string, input: CheckAvailabilityInput) {
  const ids = [...new Set(input.artistIds)];
  const start = new Date(input.start);
  const end = new Date(input.end);
  const length = input.durationMinutes ? input.durationMinutes * 60_000 : end.getTime() - start.getTime();
  const windowEnd = new Date(Math.max(end.getTime(), start.getTime() + NEXT_SLOT_WINDOW_MS));
  const { role, artists } = await loadCheck(sqlOf(ctx.db), { workspaceId, userId, ids, from: start, to: windowEnd, statuses: busyStatuses(input.includeHolds ?? false) });
  if (!role) throw notFound("Workspace");
  enforce(canReadBookings(role), roleDenies(role, "seeing bookings"));
  if (artists.length !== ids.length) throw notFound("Artist");
  const byId = new Map(artists.map((a) => [a.id, a]));

  return input.artistIds.map((id) => {
    const artist = byId.get(id)!;
    const hours = artist.hours ?? [];
    const daysOff = artist.daysOff ?? [];
    const bookings = artist.bookings ?? [];
    const conflicts = bookings.filter((b) => b.start < end.getTime() && b.end > start.getTime());
    const problems = availabilityProblems(artist.timezone, hours, daysOff, start, end);
    const free = freeIntervals(artist.timezone, hours, daysOff, bookings.map((b): Interval => [b.start, b.end]), start, windowEnd);
    const slot = firstSlot(free, length, start.getTime());
    return {
      artistId: id,
      available: !conflicts.length && !problems.outsideHours && !problems.timeOff.length,
      outsideHours: problems.outsideHours,
      timeOffIds: problems.timeOff.map((o) => o.id),
      conflicts: conflicts.map((b) => ({ bookingId: b.id, status: b.status, start: iso(b.start), end: iso(b.end) })),
      nextFreeSlot: slot ? { start: iso(slot[0]), end: iso(slot[1]) } : null,
    };
  });
}
