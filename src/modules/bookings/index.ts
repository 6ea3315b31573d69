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
import { Prisma, type Sql } from "../../db/client";
import type { UnitOfWork } from "../../events/unit-of-work";
import type { AppError } from "../../lib/errors";
import { checkBooking, insertAndEmit, isDeadlock, isOverlap, overlapConflict } from "./booking-create";
import { bookingContext } from "./booking-insert";
import type { PresentedBooking } from "./bookings.presenter";

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
 * The booking create path of POST /workspaces/:id/bookings (bookingContext, then booking-create's
 * checkBooking and insertAndEmit: the same statements and rules) run on the caller's transaction,
 * so another write and the booking commit or roll back together. Availability and a firm booking
 * in the way answer 409 like the create route, also when it won a race against this insert (the
 * AppError rolls the caller's transaction back). `bookingOverlapConflict` turns what the database
 * may still refuse (23P01, a deadlock) into the same 409.
 */
export async function createBookingInTransaction(unit: UnitOfWork, b: BookingInTransaction): Promise<PresentedBooking> {
  const sql = transactionSql(unit.tx);
  const c = await bookingContext(sql, { workspaceId: b.workspaceId, userId: b.actorId, artistId: b.artistId, projectId: b.projectId, start: b.start, end: b.end, firm: true });
  const checked = { workspaceId: b.workspaceId, createdById: b.actorId, artistId: b.artistId, projectId: b.projectId, title: b.title, notes: b.notes, start: b.start, end: b.end, status: b.status, holdExpiresAt: null, force: b.force };
  const artist = checkBooking(c, checked);
  return insertAndEmit(sql, unit.emit, artist, checked);
}

/** The booking-insert statements ($n placeholders) on a Prisma transaction: they become Prisma.sql's parameters (still bound, never spliced in). */
function transactionSql(tx: UnitOfWork["tx"]): Sql {
  return {
    async query<R extends QueryResultRow>(q: string | QueryConfig, values?: unknown[]) {
      const textOf = typeof q === "string" ? q : q.text;
      const params = typeof q === "string" ? (values ?? []) : (q.values ?? []);
      const parts = textOf.split(/\$(\d+)/);
      const strings = parts.filter((_, i) => i % 2 === 0);
      const bound = parts.filter((_, i) => i % 2 === 1).map((n) => params[Number(n) - 1]);
      return { rows: await tx.$queryRaw<R[]>(Prisma.sql(strings, ...bound)) };
    },
  };
}

/** After a rolled-back createBookingInTransaction: a 23P01 (or a deadlock lost to an overlapping insert) becomes the 409 naming the booking in the way; anything else is null. */
export async function bookingOverlapConflict(ctx: AppContext, err: unknown, artist: { id: string; name: string }, start: Date, end: Date): Promise<AppError | null> {
  if (isOverlap(err)) return overlapConflict(ctx, artist, start, end);
  if (!isDeadlock(err)) return null;
  // A deadlock in a race of overlapping inserts (see isDeadlock): a 409 naming the winner when there is one.
  const conflictNow = await overlapConflict(ctx, artist, start, end);
  return conflictNow.details?.some((d) => "bookingId" in d) ? conflictNow : null;
}
