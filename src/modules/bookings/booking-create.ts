import type { AppContext } from "../../http/context";
import { sqlOf, type Sql } from "../../db/client";
import type { Emitter } from "../../events/unit-of-work";
import { AppError, conflict, type ErrorDetail } from "../../lib/errors";
import { availabilityProblems } from "./availability";
import { firmBookingInTheWay, insertBooking, type BookingContext, type FirmBooking, type NewBooking } from "./booking-insert";
import { emitBooking } from "./bookings.events";
import { presentBooking, type PresentedBooking } from "./bookings.presenter";

/**
 * The one booking create path after `bookingContext` has read what it needs: the rules
 * (artist of the workspace and active, project of the workspace, availability unless forced,
 * a firm booking already in the way), then `insertBooking` and the `booking.created` event.
 * POST /workspaces/:id/bookings (bookings.service createBooking, on the pool) and the job
 * listings' hire-and-pencil (createBookingInTransaction, on the caller's transaction) both
 * run it, so both answer the same 409s, also for a race lost to the exclusion constraint
 * (insertBooking names the winner in the same statement).
 */

interface Artist {
  id: string;
  name: string;
  timezone: string;
  active: boolean;
}

/** The 409 of a firm booking that would overlap `other` (null: the constraint said so, the row is gone). */
export function overlapError(artist: Pick<Artist, "name">, other: FirmBooking | null): AppError {
  const details: ErrorDetail[] = other
    ? [{ field: "start", message: `overlaps the ${other.status.toLowerCase()} booking “${other.title}”`, bookingId: other.id, artistId: other.artistId, start: other.startTime.toISOString(), end: other.endTime.toISOString(), status: other.status, artistName: artist.name, reason: "firm_booking" }]
    : [{ field: "start", message: "overlaps a firm booking of this artist", reason: "firm_booking" }];
  return conflict(`${artist.name} is already booked (pencilled or confirmed) at that time.`, details);
}

interface PgLike {
  code?: string;
  meta?: { driverAdapterError?: { cause?: { originalCode?: string } } };
  cause?: { originalCode?: string; code?: string };
}

/** SQLSTATE 23P01 (exclusion_violation), from pg directly or behind Prisma's driver adapter. */
export function isOverlap(err: unknown): boolean {
  const e = err as PgLike;
  return e?.meta?.driverAdapterError?.cause?.originalCode === "23P01" || e?.cause?.originalCode === "23P01" || e?.cause?.code === "23P01" || e?.code === "23P01";
}

/**
 * SQLSTATE 40P01 (deadlock_detected). Two inserts of overlapping firm bookings at the same instant
 * can each find the other's not-yet-committed row and wait for it: PostgreSQL then aborts one of
 * them (its exclusion-constraint check, execIndexing.c). That one lost the race like any 23P01.
 */
export function isDeadlock(err: unknown): boolean {
  const e = err as PgLike;
  return e?.meta?.driverAdapterError?.cause?.originalCode === "40P01" || e?.cause?.originalCode === "40P01" || e?.cause?.code === "40P01" || e?.code === "40P01" || e?.code === "P2034";
}

/** The 409 naming the booking in the way (looked up after the violation, which waited for it to commit). */
export async function overlapConflict(ctx: AppContext, artist: Pick<Artist, "id" | "name">, start: Date, end: Date, exceptId?: string): Promise<AppError> {
  return overlapError(artist, await firmBookingInTheWay(sqlOf(ctx.db), artist.id, start, end, exceptId));
}

/** 409 naming the working-hours and time-off problems; `force: true` books anyway (flagged). */
export function assertAvailable(artist: Pick<Artist, "name" | "timezone">, problems: ReturnType<typeof availabilityProblems>) {
  const details: ErrorDetail[] = [];
  if (problems.outsideHours) details.push({ field: "start", message: `outside ${artist.name}'s working hours (${artist.timezone}); send force: true to book anyway`, reason: "outside_hours" });
  for (const off of problems.timeOff) details.push({ field: "start", message: `on ${artist.name}'s time off ${off.startDate} to ${off.endDate}; send force: true to book anyway`, timeOffId: off.id, reason: "time_off" });
  if (details.length) throw conflict(`${artist.name} is not available then: send force: true to book anyway (the booking is flagged).`, details);
}

/** A booking that passed `checkBooking`, as `insertBooking` takes it. */
export type CheckedBooking = NewBooking;

/** The rules of a create, on what `bookingContext` read; answers the artist to book. */
export function checkBooking(c: BookingContext, b: Pick<CheckedBooking, "workspaceId" | "projectId" | "start" | "end" | "force">): Artist {
  const artist = c.artist;
  if (!artist) throw new AppError("VALIDATION_ERROR", "The artist must be an artist of this workspace", [{ field: "artistId", message: "is not an artist of this workspace" }]);
  if (!artist.active) throw new AppError("VALIDATION_ERROR", `${artist.name} is inactive and cannot be booked`, [{ field: "artistId", message: "is inactive" }]);
  if (b.projectId && c.projectWorkspaceId !== b.workspaceId) throw new AppError("VALIDATION_ERROR", "The project must be a project of this workspace", [{ field: "projectId", message: "is not a project of this workspace" }]);
  if (!b.force) assertAvailable(artist, availabilityProblems(artist.timezone, c.hours, c.daysOff, b.start, b.end));
  // Someone else's firm booking is already there: the 409 at once (the insert would be refused by the constraint anyway, which still decides races).
  if (c.inTheWay) throw overlapError(artist, c.inTheWay);
  return artist;
}

/** The insert (booking + history entry, hold rank) and its event; the 409 naming the booking in the way when a race was lost. */
export async function insertAndEmit(sql: Sql, emit: Emitter["emit"], artist: Pick<Artist, "name">, b: CheckedBooking): Promise<PresentedBooking> {
  const outcome = await insertBooking(sql, b);
  if (outcome.refused) throw overlapError(artist, outcome.refused.inTheWay);
  const presented = presentBooking(outcome.booking, outcome.holdRank);
  emitBooking(emit, "booking.created", b.createdById, presented);
  return presented;
}
