import type { Artist, Booking, BookingStatus, Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake } from "../../http/pagination";
import { AppError, conflict, notFound } from "../../lib/errors";
import { enforce, requireMembership, roleDenies, roleIn } from "../../access/permissions";
import { staleVersion, updateVersioned } from "../../db/versioned";
import { refusableSqlOf, sqlOf } from "../../db/client";
import { inTransaction, withEvents } from "../../events/unit-of-work";
import { loadArtist } from "./artists.service";
import { addDays, availabilityProblems, localDate } from "./availability";
import { loadWorkingTime } from "./availability.service";
import { emitBooking, emitInternal } from "./bookings.events";
import { canCreateBooking, canPromoteLowerHold, canReadBookings, canRespond, canUpdateBooking } from "./bookings.policy";
import { presentBookingEvent, type BookingEventType, type PresentedBooking } from "./bookings.presenter";
import { bookingContext, lockArtistBookings } from "./booking-insert";
import { assertAvailable, checkBooking, insertAndEmit, isDeadlock, isOverlap, overlapConflict } from "./booking-create";
import { announceMovedUp, announceOvertaken, defaultHoldExpiry, holdRanks, presentOne, ranked, ranksAround, recordEvent } from "./holds";
import type { BookingInput, BookingListQuery, BookingUpdate } from "./bookings.schema";
import { TRANSITIONS } from "./booking-transitions";

/**
 * Bookings of artists: HOLD → PENCIL → CONFIRMED, or CANCELLED / RELEASED /
 * DECLINED. Firm bookings (PENCIL, CONFIRMED) of one artist never overlap: the
 * database's exclusion constraint refuses it (23P01), which this service turns
 * into 409 naming the booking in the way. Holds may overlap and are ranked.
 */

const FIRM: BookingStatus[] = ["PENCIL", "CONFIRMED"];

/**
 * Many people booking the same slot at once queue for connections: their
 * transactions may wait longer than Prisma's default 2 s to start, and answer
 * 409 (the constraint) instead of 500 (P2028) when their turn comes.
 */
const CONTENDED = { maxWait: 10_000 };


/** The booking and the caller's role in its workspace; other tenants' bookings answer 404. */
export async function loadBooking(ctx: AppContext, userId: string, bookingId: string) {
  const booking = await ctx.db.booking.findUnique({ where: { id: bookingId }, include: { artist: true } });
  if (!booking) throw notFound("Booking");
  const role = await roleIn(ctx.db, booking.workspaceId, userId);
  if (!role) throw notFound("Booking");
  enforce(canReadBookings(role), roleDenies(role, "seeing bookings"));
  return { booking, role };
}

export async function getBooking(ctx: AppContext, userId: string, bookingId: string): Promise<PresentedBooking> {
  const { booking } = await loadBooking(ctx, userId, bookingId);
  return presentOne(ctx.db, booking);
}

/** The booking's history, oldest first: who created, moved, changed, cancelled or answered it, before and after. */
export async function listBookingEvents(ctx: AppContext, userId: string, bookingId: string) {
  await loadBooking(ctx, userId, bookingId);
  const rows = await ctx.db.bookingEvent.findMany({ where: { bookingId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(presentBookingEvent);
}

export async function listBookings(ctx: AppContext, userId: string, workspaceId: string, query: BookingListQuery) {
  await bookingsReader(ctx, userId, workspaceId);
  return bookingsOf(ctx, workspaceId, query);
}

/** The permission check of the workspace's booking list (run before the read cache). */
export async function bookingsReader(ctx: AppContext, userId: string, workspaceId: string): Promise<void> {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canReadBookings(role), roleDenies(role, "seeing bookings"));
}

/** The workspace's bookings as the list filters them, each with its hold rank; the same for every reader. */
export async function bookingsOf(ctx: AppContext, workspaceId: string, query: BookingListQuery) {
  const where: Prisma.BookingWhereInput = {
    workspaceId,
    ...(query.artistId ? { artistId: query.artistId } : {}),
    ...(query.projectId ? { projectId: query.projectId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.from ? { endTime: { gt: new Date(query.from) } } : {}),
    ...(query.to ? { startTime: { lt: new Date(query.to) } } : {}),
  };
  const [total, rows] = await ctx.db.$transaction([ctx.db.booking.count({ where }), ctx.db.booking.findMany({ where, orderBy: [{ startTime: "asc" }, { id: "asc" }], ...skipTake(query) })]);
  return { total, rows: await ranked(ctx.db, rows) };
}

/** An artist's bookings (the workspace list's filters); other tenants' artists answer 404. */
export async function listArtistBookings(ctx: AppContext, userId: string, artistId: string, query: Omit<BookingListQuery, "artistId">) {
  const { artist } = await loadArtist(ctx, userId, artistId);
  return listBookings(ctx, userId, artist.workspaceId, { ...query, artistId });
}

/**
 * A project's bookings (the workspace list's filters) and what its firm
 * bookings cost; other tenants' projects answer 404.
 */
export async function listProjectBookings(ctx: AppContext, userId: string, projectId: string, query: Omit<BookingListQuery, "projectId">) {
  const project = await ctx.db.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
  if (!project || !(await roleIn(ctx.db, project.workspaceId, userId))) throw notFound("Project");
  const list = await listBookings(ctx, userId, project.workspaceId, { ...query, projectId });
  const [cost, hours] = await Promise.all([bookedCost(ctx, projectId), bookedHours(ctx, projectId)]);
  return { ...list, bookedCost: cost, bookedHours: hours };
}

/** Hours of the project's PENCIL and CONFIRMED bookings (end − start, summed), rounded to 2 decimals. */
async function bookedHours(ctx: AppContext, projectId: string): Promise<number> {
  const [row] = await ctx.db.$queryRaw<Array<{ seconds: number | null }>>`
    SELECT COALESCE(SUM(EXTRACT(EPOCH FROM (end_time - start_time))), 0)::float8 AS seconds
      FROM bookings WHERE project_id = ${projectId}::uuid AND status IN ('PENCIL', 'CONFIRMED')`;
  return Math.round((Number(row?.seconds ?? 0) / 3600) * 100) / 100;
}

/**
 * Day rate × booked days of the project's PENCIL and CONFIRMED bookings, per
 * currency: a day is any calendar day in the artist's timezone that one of
 * their firm bookings touches, counted once per artist and day.
 */
async function bookedCost(ctx: AppContext, projectId: string): Promise<Array<{ amount: number; currency: string }>> {
  const rows = await ctx.db.booking.findMany({ where: { projectId, status: { in: FIRM } }, include: { artist: true } });
  const days = new Map<string, { artist: Artist; days: Set<string> }>();
  for (const b of rows) {
    if (b.artist.dayRate === null) continue;
    const entry = days.get(b.artistId) ?? { artist: b.artist, days: new Set<string>() };
    days.set(b.artistId, entry);
    const last = localDate(b.artist.timezone, new Date(b.endTime.getTime() - 1));
    for (let d = localDate(b.artist.timezone, b.startTime); d <= last; d = addDays(d, 1)) entry.days.add(d);
  }
  const totals = new Map<string, number>();
  for (const { artist, days: set } of days.values()) totals.set(artist.currency, (totals.get(artist.currency) ?? 0) + (artist.dayRate ?? 0) * set.size);
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ amount, currency }));
}

// The exclusion constraint (isOverlap, overlapConflict, overlapError: booking-create.ts) -----

/** Runs a write that may trip the exclusion constraint; 23P01 becomes the 409 naming the conflicting booking. */
async function guardOverlap<T>(ctx: AppContext, artist: Pick<Artist, "id" | "name">, range: () => { start: Date; end: Date; exceptId?: string }, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isOverlap(err)) {
      const { start, end, exceptId } = range();
      throw await overlapConflict(ctx, artist, start, end, exceptId);
    }
    if (!isDeadlock(err)) throw err;
    // Aborted by the deadlock detector in a race of overlapping inserts: the other insert committed
    // (name it, as for 23P01); if nothing is in the way after all, the race was elsewhere — write again once.
    const { start, end, exceptId } = range();
    const conflictNow = await overlapConflict(ctx, artist, start, end, exceptId);
    if (conflictNow.details?.some((d) => "bookingId" in d)) throw conflictNow;
    return write();
  }
}

// Availability -------------------------------------------------------------------

/** 409 unless [start, end) is within the artist's working hours and off their time off, or `force` says book anyway. */
async function checkAvailability(db: Prisma.TransactionClient, artist: Artist, start: Date, end: Date, force: boolean | undefined) {
  if (force) return;
  const working = await loadWorkingTime(db, [artist.id], start, end);
  assertAvailable(artist, availabilityProblems(artist.timezone, working.hours(artist.id), working.daysOff(artist.id), start, end));
}

// Writes ---------------------------------------------------------------------------

async function assertProject(ctx: AppContext, workspaceId: string, projectId: string | null | undefined) {
  if (!projectId) return;
  const p = await ctx.db.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
  if (!p || p.workspaceId !== workspaceId) throw new AppError("VALIDATION_ERROR", "The project must be a project of this workspace", [{ field: "projectId", message: "is not a project of this workspace" }]);
}

export async function createBooking(ctx: AppContext, userId: string, workspaceId: string, input: BookingInput): Promise<PresentedBooking> {
  const start = new Date(input.start);
  const end = new Date(input.end);
  const sql = sqlOf(ctx.db);
  const firm = FIRM.includes(input.status);
  const c = await bookingContext(sql, { workspaceId, userId, artistId: input.artistId, projectId: input.projectId ?? null, start, end, firm });
  if (!c.role) throw notFound("Workspace");
  enforce(canCreateBooking(c.role), roleDenies(c.role, "booking artists"));
  if (input.holdExpiresAt && input.status !== "HOLD") throw new AppError("VALIDATION_ERROR", "Only holds expire", [{ field: "holdExpiresAt", message: "is only for holds (status HOLD)" }]);
  const artist = checkBooking(c, { workspaceId, projectId: input.projectId ?? null, start, end, force: input.force === true });
  // A hold without holdExpiresAt lapses after the workspace's holdExpiryHours; null = never.
  const holdExpiresAt =
    input.holdExpiresAt !== undefined ? (input.holdExpiresAt ? new Date(input.holdExpiresAt) : null) : input.status === "HOLD" && c.holdExpiryHours ? new Date(ctx.now().getTime() + c.holdExpiryHours * 3_600_000) : null;
  return guardOverlap(ctx, artist, () => ({ start, end }), () =>
    withEvents(ctx, ({ emit }) =>
      insertAndEmit(refusableSqlOf(ctx.db), emit, artist, {
        workspaceId,
        artistId: artist.id,
        projectId: input.projectId ?? null,
        title: input.title,
        notes: input.notes ?? null,
        start,
        end,
        status: input.status,
        holdExpiresAt,
        force: input.force === true,
        createdById: userId,
      }),
    ),
  );
}

const isFinal = (s: BookingStatus) => TRANSITIONS[s].length === 0;

/** Move, resize or edit a booking that is not final; a stale `version` answers 409 with the current booking. */
export async function updateBooking(ctx: AppContext, userId: string, bookingId: string, input: BookingUpdate): Promise<PresentedBooking> {
  const { booking: current, role } = await loadBooking(ctx, userId, bookingId);
  enforce(canUpdateBooking(role), roleDenies(role, "changing bookings"));
  if (input.version !== undefined && input.version !== current.version) throw staleVersion("booking", await presentOne(ctx.db, current));
  if (isFinal(current.status)) throw conflict(`This booking is ${current.status.toLowerCase()}; it can no longer change.`, [{ field: "status", message: `is ${current.status}` }]);
  const start = input.start ? new Date(input.start) : current.startTime;
  const end = input.end ? new Date(input.end) : current.endTime;
  if (!(end > start)) throw new AppError("VALIDATION_ERROR", "The booking would end before it starts", [{ field: input.end ? "end" : "start", message: "must leave end after start" }]);
  if (end.getTime() - start.getTime() > 366 * 86_400_000) throw new AppError("VALIDATION_ERROR", "A booking lasts at most 366 days", [{ field: input.end ? "end" : "start", message: "must be at most 366 days after start" }]);
  if (input.holdExpiresAt && current.status !== "HOLD") throw new AppError("VALIDATION_ERROR", "Only holds expire", [{ field: "holdExpiresAt", message: "is only for holds (status HOLD)" }]);
  await assertProject(ctx, current.workspaceId, input.projectId);
  const artist = await targetArtist(ctx, current, input.artistId);
  const reassigned = artist.id !== current.artistId;
  const moved = reassigned || start.getTime() !== current.startTime.getTime() || end.getTime() !== current.endTime.getTime();
  return guardOverlap(ctx, artist, () => ({ start, end, exceptId: bookingId }), () =>
    inTransaction(ctx, async ({ tx, emit }) => {
      if (FIRM.includes(current.status)) await lockArtistBookings(tx, artist.id); // a firm booking's move queues like a create
      if (moved) await checkAvailability(tx, artist, start, end, input.force);
      // A hold moving away (in time or to another artist) lets the holds it overlapped move up.
      const around = [{ start: current.startTime, end: current.endTime }, ...(reassigned ? [] : [{ start, end }])];
      const ranksBefore = moved && current.status === "HOLD" ? await ranksAround(tx, current.artistId, around) : null;
      await updateVersioned({
        resource: "booking",
        expected: input.version ?? current.version,
        claim: (version) =>
          tx.booking.updateMany({
            where: { id: bookingId, ...version, status: { notIn: ["CANCELLED", "RELEASED", "DECLINED"] } },
            data: {
              artistId: artist.id,
              projectId: input.projectId,
              title: input.title,
              notes: input.notes,
              startTime: start,
              endTime: end,
              holdExpiresAt: input.holdExpiresAt === undefined ? undefined : input.holdExpiresAt === null ? null : new Date(input.holdExpiresAt),
              // A new expiry time earns a new 24-hour warning.
              expiryWarnedAt: input.holdExpiresAt === undefined ? undefined : null,
              force: input.force,
              version: { increment: 1 },
            },
          }),
        current: async () => presentOne(tx, await tx.booking.findUniqueOrThrow({ where: { id: bookingId } })),
      });
      const next = await tx.booking.findUniqueOrThrow({ where: { id: bookingId } });
      await recordEvent(tx, next, userId, moved ? "moved" : "updated", current);
      const presented = await presentOne(tx, next);
      emitBooking(emit, "booking.updated", userId, presented);
      if (reassigned) emitInternal(emit, "booking.reassigned", userId, { booking: presented, fromArtistId: current.artistId });
      if (ranksBefore) await announceMovedUp(tx, emit, current.artistId, around, ranksBefore, userId);
      return presented;
    }, CONTENDED),
  );
}

/** The artist a booking is (re)assigned to: its own, or another active artist of its workspace (400 naming artistId otherwise). */
async function targetArtist(ctx: AppContext, current: Booking & { artist: Artist }, artistId: string | undefined): Promise<Artist> {
  if (!artistId || artistId === current.artistId) return current.artist;
  const artist = await ctx.db.artist.findUnique({ where: { id: artistId } });
  if (!artist || artist.workspaceId !== current.workspaceId) throw new AppError("VALIDATION_ERROR", "The artist must be an artist of this workspace", [{ field: "artistId", message: "is not an artist of this workspace" }]);
  if (!artist.active) throw new AppError("VALIDATION_ERROR", `${artist.name} is inactive and cannot be booked`, [{ field: "artistId", message: "is inactive" }]);
  return artist;
}

/** 409 naming every status allowed from the current one. */
function refusedTransition(from: BookingStatus, to: BookingStatus): AppError {
  const allowed = TRANSITIONS[from];
  return conflict(
    allowed.length ? `A ${from.toLowerCase()} booking cannot become ${to}; it can become ${allowed.join(", ")}.` : `This booking is ${from.toLowerCase()}, which is final.`,
    allowed.map((s) => ({ field: "status", message: `${from} → ${s} is allowed`, status: s })),
  );
}

interface Transition {
  to: BookingStatus;
  version?: number;
  force?: boolean;
  /** The booking event written. */
  type: BookingEventType;
  note?: string | null;
}

async function transition(ctx: AppContext, userId: string, loaded: Awaited<ReturnType<typeof loadBooking>>, t: Transition): Promise<PresentedBooking> {
  const { booking: current, role } = loaded;
  if (t.version !== undefined && t.version !== current.version) throw staleVersion("booking", await presentOne(ctx.db, current));
  if (!TRANSITIONS[current.status].includes(t.to)) throw refusedTransition(current.status, t.to);
  let rank = 1;
  if (current.status === "HOLD" && FIRM.includes(t.to)) {
    rank = (await holdRanks(ctx.db, [current])).get(current.id) ?? 1;
    if (rank > 1 && !(t.force && canPromoteLowerHold(role))) {
      throw conflict(`This is hold ${rank} on ${current.artist.name}'s time: promoting it over the holds before it needs an admin and force: true.`, [{ field: "force", message: `hold ${rank}: an admin must send force: true` }]);
    }
  }
  return guardOverlap(ctx, current.artist, () => ({ start: current.startTime, end: current.endTime, exceptId: current.id }), () =>
    inTransaction(ctx, async ({ tx, emit }) => {
      if (FIRM.includes(t.to)) await lockArtistBookings(tx, current.artistId); // becoming firm queues like a create
      // A hold ending lets the holds after it move up; a booking going back to HOLD gets the default expiry.
      const around = [{ start: current.startTime, end: current.endTime }];
      const ranksBefore = current.status === "HOLD" ? await ranksAround(tx, current.artistId, around) : null;
      const expiry = t.to === "HOLD" ? { holdExpiresAt: await defaultHoldExpiry(tx, current.workspaceId, ctx.now()), expiryWarnedAt: null } : { holdExpiresAt: null, expiryWarnedAt: null };
      const { count } = await tx.booking.updateMany({ where: { id: current.id, version: current.version, status: current.status }, data: { status: t.to, version: { increment: 1 }, ...expiry } });
      if (count === 0) {
        const now = await tx.booking.findUniqueOrThrow({ where: { id: current.id } });
        if (now.status !== current.status && !TRANSITIONS[now.status].includes(t.to)) throw refusedTransition(now.status, t.to);
        throw staleVersion("booking", await presentOne(tx, now));
      }
      const next = await tx.booking.findUniqueOrThrow({ where: { id: current.id } });
      await recordEvent(tx, next, userId, t.type, current, t.note);
      const presented = await presentOne(tx, next);
      emitBooking(emit, t.to === "CANCELLED" ? "booking.cancelled" : "booking.updated", userId, presented);
      if (t.type === "responded") emitInternal(emit, "booking.responded", userId, { booking: presented, response: t.to === "CONFIRMED" ? "accept" : "decline", note: t.note ?? null });
      if (rank > 1 && FIRM.includes(t.to)) await announceOvertaken(tx, emit, presented, current, userId);
      if (ranksBefore) await announceMovedUp(tx, emit, current.artistId, around, ranksBefore, userId);
      return presented;
    }, CONTENDED),
  );
}

/** A status change along SPEC §4.5's transitions (anything else is 409 naming the allowed ones). */
export async function changeStatus(ctx: AppContext, userId: string, bookingId: string, input: { status: BookingStatus; version?: number; force?: boolean }): Promise<PresentedBooking> {
  const loaded = await loadBooking(ctx, userId, bookingId);
  enforce(canUpdateBooking(loaded.role), roleDenies(loaded.role, "changing bookings"));
  return transition(ctx, userId, loaded, { to: input.status, version: input.version, force: input.force, type: input.status === "CANCELLED" ? "cancelled" : "status_changed" });
}

/** DELETE: cancels; the row and its history stay. */
export async function cancelBooking(ctx: AppContext, userId: string, bookingId: string, version?: number): Promise<PresentedBooking> {
  const loaded = await loadBooking(ctx, userId, bookingId);
  enforce(canUpdateBooking(loaded.role), roleDenies(loaded.role, "cancelling bookings"));
  return transition(ctx, userId, loaded, { to: "CANCELLED", version, type: "cancelled" });
}

/** The artist's own user accepts (→ CONFIRMED, subject to the constraint) or declines (→ DECLINED), with an optional note. */
export async function respond(ctx: AppContext, userId: string, bookingId: string, input: { response: "accept" | "decline"; note?: string }): Promise<PresentedBooking> {
  const loaded = await loadBooking(ctx, userId, bookingId);
  enforce(canRespond(loaded.booking.artist, userId), "Only the artist's own user can accept or decline a booking.");
  return transition(ctx, userId, loaded, { to: input.response === "accept" ? "CONFIRMED" : "DECLINED", type: "responded", note: input.note ?? null, force: false });
}
