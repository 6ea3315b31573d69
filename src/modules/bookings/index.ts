import "./artists.events";
import "./bookings.events";
import type { AppContext } from "../../http/context";
import type { AnyRoute } from "../../http/route";
import { artistRoutes as artistCrudRoutes } from "./artists.routes";
import { availabilityRoutes as availabilityCheckRoutes } from "./availability.routes";
import { bookingRoutes as bookingWriteRoutes } from "./bookings.routes";
import { calendarRoutes } from "./calendar.routes";
import { calendarFeedRoutes } from "./calendar-feed.routes";
import { ranked } from "./holds";
import { utilisationRoutes } from "./utilisation.routes";
import type { QueryConfig, QueryResultRow } from "pg";
import { Prisma, sqlOf, type Sql } from "../../db/client";
import type { UnitOfWork } from "../../events/unit-of-work";
import { AppError, conflict, type ErrorDetail } from "../../lib/errors";
import { availabilityProblems } from "./availability";
import { bookingContext, firmBookingInTheWay, insertBooking, type FirmBooking } from "./booking-insert";
import { emitBooking } from "./bookings.events";
import { presentBooking, type PresentedBooking } from "./bookings.presenter";

/** The bookings module (SPEC §4.5): artists, their working hours and time off, bookings, the resource calendar, the utilisation report. */
/** Artists, with their calendar feed. */
export const artistRoutes = (ctx: AppContext): AnyRoute[] => [...artistCrudRoutes(ctx), ...calendarFeedRoutes(ctx)];
/** Bookings (create, read, list, move, status, respond) and the resource calendar. */
export const bookingRoutes = (ctx: AppContext): AnyRoute[] => [...bookingWriteRoutes(ctx), ...calendarRoutes(ctx)];
/** Availability, and the utilisation report built on it. */
export const availabilityRoutes = (ctx: AppContext): AnyRoute[] => [...availabilityCheckRoutes(ctx), ...utilisationRoutes(ctx)];
export { expireHoldsJob } from "./bookings.jobs";
/** A booking the caller may read exactly as GET /bookings/:id decides; 404/403 otherwise. */
export { loadBooking } from "./bookings.service";
export { ordinal } from "./holds";
export type { PresentedArtist } from "./artists.presenter";
export type { PresentedBooking };

/**
 * The project's live bookings (HOLD, PENCIL, CONFIRMED) with their artist, for the project timeline
 * (GET /projects/:id/timeline). Read only; the caller has checked access to the project.
 */
export async function projectTimelineBookings(ctx: AppContext, projectId: string) {
  const rows = await ctx.db.booking.findMany({
    where: { projectId, status: { in: ["HOLD", "PENCIL", "CONFIRMED"] } },
    include: { artist: { select: { id: true, name: true, color: true } } },
    orderBy: [{ startTime: "asc" }, { id: "asc" }],
    take: 1000,
  });
  const presented = await ranked(ctx.db, rows);
  return presented.map((b, i) => ({ ...b, artist: rows[i].artist }));
}

/** A firm booking the caller wants inside their own transaction (the job listings' hire-and-pencil). */
export interface BookingInTransaction {
  workspaceId: string;
  actorId: string;
  artistId: string;
  projectId: string | null;
  title: string;
  notes: string | null;
  start: Date;
  end: Date;
  status: "PENCIL" | "CONFIRMED";
  force: boolean;
}

/**
 * The booking create path (bookingContext + insertBooking, the same statements and rules as
 * POST /workspaces/:id/bookings) run on the caller's transaction, so another write and the
 * booking commit or roll back together. Availability and a firm booking in the way answer
 * 409 like the create route; a race lost to the exclusion constraint (23P01) throws the
 * database error, which rolls the transaction back: `bookingOverlapConflict` turns it into the 409.
 */
export async function createBookingInTransaction(unit: UnitOfWork, b: BookingInTransaction): Promise<PresentedBooking> {
  const sql: Sql = {
    async query<R extends QueryResultRow>(q: string | QueryConfig, values?: unknown[]) {
      const textOf = typeof q === "string" ? q : q.text;
      const params = typeof q === "string" ? (values ?? []) : (q.values ?? []);
      // The statement's $n placeholders become Prisma.sql's parameters (still bound, never spliced in).
      const parts = textOf.split(/\$(\d+)/);
      const strings = parts.filter((_, i) => i % 2 === 0);
      const bound = parts.filter((_, i) => i % 2 === 1).map((n) => params[Number(n) - 1]);
      return { rows: await unit.tx.$queryRaw<R[]>(Prisma.sql(strings, ...bound)) };
    },
  };
  const c = await bookingContext(sql, { workspaceId: b.workspaceId, userId: b.actorId, artistId: b.artistId, projectId: b.projectId, start: b.start, end: b.end, firm: true });
  const artist = c.artist;
  if (!artist) throw new AppError("VALIDATION_ERROR", "The artist must be an artist of this workspace", [{ field: "artistId", message: "is not an artist of this workspace" }]);
  if (!artist.active) throw new AppError("VALIDATION_ERROR", `${artist.name} is inactive and cannot be booked`, [{ field: "artistId", message: "is inactive" }]);
  if (!b.force) {
    const problems = availabilityProblems(artist.timezone, c.hours, c.daysOff, b.start, b.end);
    const details: ErrorDetail[] = [];
    if (problems.outsideHours) details.push({ field: "start", message: `outside ${artist.name}'s working hours (${artist.timezone}); send force: true to book anyway` });
    for (const off of problems.timeOff) details.push({ field: "start", message: `on ${artist.name}'s time off ${off.startDate} to ${off.endDate}; send force: true to book anyway`, timeOffId: off.id });
    if (details.length) throw conflict(`${artist.name} is not available then: send force: true to book anyway (the booking is flagged).`, details);
  }
  if (c.inTheWay) throw firmConflict(artist.name, c.inTheWay);
  const { booking, holdRank } = await insertBooking(sql, { ...b, createdById: b.actorId, holdExpiresAt: null });
  const presented = presentBooking(booking, holdRank);
  emitBooking(unit.emit, "booking.created", b.actorId, presented);
  return presented;
}

function firmConflict(artistName: string, other: FirmBooking | null): AppError {
  const details: ErrorDetail[] = other
    ? [{ field: "start", message: `overlaps the ${other.status.toLowerCase()} booking “${other.title}”`, bookingId: other.id, artistId: other.artistId, start: other.startTime.toISOString(), end: other.endTime.toISOString(), status: other.status }]
    : [{ field: "start", message: "overlaps a firm booking of this artist" }];
  return conflict(`${artistName} is already booked (pencilled or confirmed) at that time.`, details);
}

/** SQLSTATE 23P01 (the exclusion constraint) behind Prisma's driver adapter, as bookings.service reads it. */
function isOverlap(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } }; cause?: { originalCode?: string; code?: string } };
  return e?.meta?.driverAdapterError?.cause?.originalCode === "23P01" || e?.cause?.originalCode === "23P01" || e?.cause?.code === "23P01" || e?.code === "23P01";
}

/** After a rolled-back createBookingInTransaction: a 23P01 becomes the 409 naming the booking in the way; anything else is null. */
export async function bookingOverlapConflict(ctx: AppContext, err: unknown, artist: { id: string; name: string }, start: Date, end: Date): Promise<AppError | null> {
  if (!isOverlap(err)) return null;
  return firmConflict(artist.name, await firmBookingInTheWay(sqlOf(ctx.db), artist.id, start, end));
}
