import { Prisma, type Booking } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { inTransaction, type Emitter } from "../../events/unit-of-work";
import { emitBooking, emitInternal } from "./bookings.events";
import { presentBooking, type BookingEventType, type PresentedBooking } from "./bookings.presenter";

/**
 * The hold queue (SPEC §4.5): ranks, default expiry, expiry by the
 * maintenance job, and who moves up when a hold ends. Ranks are computed, never
 * stored; "moving up" is a rank that improved between before and after a change,
 * both read in the change's transaction.
 */

type Db = Pick<Prisma.TransactionClient, "$queryRaw">;
type Tx = Prisma.TransactionClient;
type Emit = Emitter["emit"];

const HOUR = 3_600_000;

/**
 * Each hold's rank: 1 + the holds of the same artist, overlapping it on
 * [start, end), created before it (ties by id). Computed, never stored, so it
 * is right after every create, move and status change.
 */
export async function holdRanks(db: Db, bookings: Booking[]): Promise<Map<string, number>> {
  const ids = bookings.filter((b) => b.status === "HOLD").map((b) => b.id);
  if (!ids.length) return new Map();
  const rows = await db.$queryRaw<Array<{ id: string; rank: number }>>`
    SELECT b.id::text AS id, ${holdRankOf("b")} AS rank
      FROM bookings b
     WHERE b.id = ANY(${ids}::uuid[]) AND b.status = 'HOLD'`;
  return new Map(rows.map((r) => [r.id, Number(r.rank)]));
}

/**
 * The rank of the hold that `alias` names in a query over bookings (the one
 * definition of the rule above, for queries that read bookings in bulk).
 * `alias` is a table alias of ours, never user input: it is spliced in raw.
 */
export function holdRankOf(alias: string): Prisma.Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`holdRankOf: not a table alias: ${alias}`);
  const b = Prisma.raw(alias);
  return Prisma.sql`1 + (SELECT count(*)::int FROM bookings o
                 WHERE o.artist_id = ${b}.artist_id AND o.status = 'HOLD' AND o.id <> ${b}.id
                   AND tstzrange(o.start_time, o.end_time, '[)') && tstzrange(${b}.start_time, ${b}.end_time, '[)')
                   AND (o.created_at, o.id) < (${b}.created_at, ${b}.id))`;
}

export async function ranked(db: Db, bookings: Booking[]): Promise<PresentedBooking[]> {
  const ranks = await holdRanks(db, bookings);
  return bookings.map((b) => presentBooking(b, ranks.get(b.id) ?? null));
}

export const presentOne = async (db: Db, b: Booking) => (await ranked(db, [b]))[0];

// The audit trail ---------------------------------------------------------------

const snapshot = (b: Booking) => ({ artistId: b.artistId, start: b.startTime.toISOString(), end: b.endTime.toISOString(), status: b.status, title: b.title, projectId: b.projectId, force: b.force });

/** One entry of the booking's history; `actorId` null = the system (the maintenance job). */
export async function recordEvent(tx: Tx, b: Booking, actorId: string | null, type: BookingEventType, before: Booking | null, note?: string | null) {
  await tx.bookingEvent.create({
    data: { bookingId: b.id, workspaceId: b.workspaceId, actorId, type, before: before ? snapshot(before) : undefined, after: snapshot(b), note: note ?? null },
  });
}

// Expiry ----------------------------------------------------------------------------

/** When a hold made now lapses by default: now + the workspace's holdExpiryHours, or never (null). */
export async function defaultHoldExpiry(tx: Pick<Tx, "workspace">, workspaceId: string, now: Date): Promise<Date | null> {
  const w = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { holdExpiryHours: true } });
  return w?.holdExpiryHours ? new Date(now.getTime() + w.holdExpiryHours * HOUR) : null;
}

// Moving up ----------------------------------------------------------------------------

export interface Range {
  start: Date;
  end: Date;
}

/** The ranks of the artist's holds that overlap any of `ranges`. */
export async function ranksAround(tx: Tx, artistId: string, ranges: Range[]): Promise<Map<string, number>> {
  const holds = await tx.booking.findMany({ where: { artistId, status: "HOLD", OR: ranges.map((r) => ({ startTime: { lt: r.end }, endTime: { gt: r.start } })) } });
  return holdRanks(tx, holds);
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st: how studios name hold ranks. */
export const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th"}`;

/**
 * After a change of the artist's bookings on `ranges` (ranks read before it in
 * `before`): every hold whose rank improved gets a "hold_moved_up" history entry,
 * a booking.updated for the calendar and a booking.hold_moved_up for its creator.
 */
export async function announceMovedUp(tx: Tx, emit: Emit, artistId: string, ranges: Range[], before: Map<string, number>, actorId: string | null): Promise<void> {
  const after = await ranksAround(tx, artistId, ranges);
  const improved = [...after].filter(([id, rank]) => before.has(id) && rank < before.get(id)!);
  if (!improved.length) return;
  const rows = await tx.booking.findMany({ where: { id: { in: improved.map(([id]) => id) } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  for (const b of rows) {
    const fromRank = before.get(b.id)!;
    const toRank = after.get(b.id)!;
    await recordEvent(tx, b, actorId, "hold_moved_up", b, `${ordinal(fromRank)} hold → ${ordinal(toRank)} hold`);
    const presented = presentBooking(b, toRank);
    emitBooking(emit, "booking.updated", actorId, presented);
    emitInternal(emit, "booking.hold_moved_up", actorId, { booking: presented, fromRank, toRank });
  }
}

/**
 * A hold that was not first became firm (an admin with force: true): the
 * holds before it on overlapping time are told they were passed over.
 */
export async function announceOvertaken(tx: Tx, emit: Emit, promoted: PresentedBooking, was: Booking, actorId: string): Promise<void> {
  const earlier = await tx.booking.findMany({
    where: { artistId: was.artistId, status: "HOLD", id: { not: was.id }, startTime: { lt: was.endTime }, endTime: { gt: was.startTime }, createdAt: { lte: was.createdAt } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const above = earlier.filter((o) => o.createdAt < was.createdAt || o.id < was.id);
  const ranks = await holdRanks(tx, above);
  for (const b of above) emitInternal(emit, "booking.hold_overtaken", actorId, { booking: presentBooking(b, ranks.get(b.id) ?? null), promoted });
}

// The maintenance job's steps ------------------------------------------------------------

/**
 * Releases one expired hold, if it is still the hold that was read (same
 * version, still HOLD, still expired): a user confirming it at the same
 * instant either commits first (this changes nothing) or finds a stale version
 * (409). Returns whether this run released it.
 */
export async function expireHold(ctx: AppContext, hold: Booking, now: Date): Promise<boolean> {
  return inTransaction(ctx, async ({ tx, emit }) => {
    const ranges = [{ start: hold.startTime, end: hold.endTime }];
    const before = await ranksAround(tx, hold.artistId, ranges);
    const { count } = await tx.booking.updateMany({
      where: { id: hold.id, version: hold.version, status: "HOLD", holdExpiresAt: { lte: now } },
      data: { status: "RELEASED", version: { increment: 1 }, holdExpiresAt: null, expiryWarnedAt: null },
    });
    if (count === 0) return false;
    const next = await tx.booking.findUniqueOrThrow({ where: { id: hold.id } });
    await recordEvent(tx, next, null, "expired", hold, `expired ${hold.holdExpiresAt!.toISOString()}`);
    const presented = presentBooking(next, null);
    emitBooking(emit, "booking.updated", null, presented);
    emitInternal(emit, "booking.hold_expired", null, { booking: presented, expiredAt: hold.holdExpiresAt!.toISOString() });
    await announceMovedUp(tx, emit, hold.artistId, ranges, before, null);
    return true;
  });
}

/** Tells the creator once that the hold lapses within 24 h (the claim on expiryWarnedAt makes it once, across runs and instances). */
export async function warnExpiringHold(ctx: AppContext, hold: Booking, now: Date): Promise<boolean> {
  return inTransaction(ctx, async ({ tx, emit }) => {
    const { count } = await tx.booking.updateMany({
      where: { id: hold.id, status: "HOLD", holdExpiresAt: hold.holdExpiresAt, expiryWarnedAt: null },
      data: { expiryWarnedAt: now },
    });
    if (count === 0) return false;
    const current = await tx.booking.findUniqueOrThrow({ where: { id: hold.id } });
    emitInternal(emit, "booking.hold_expiring", null, { booking: await presentOne(tx, current), expiresAt: hold.holdExpiresAt!.toISOString() });
    return true;
  });
}

const BATCH = 200;
const MAX_BATCHES = 50;

/** The maintenance run: releases every expired hold, then warns the creators of holds lapsing within 24 h. */
export async function runHoldMaintenance(ctx: AppContext): Promise<{ expired: number; warned: number }> {
  const now = ctx.now();
  let expired = 0;
  let warned = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const due = await ctx.db.booking.findMany({ where: { status: "HOLD", holdExpiresAt: { lte: now } }, orderBy: [{ holdExpiresAt: "asc" }, { id: "asc" }], take: BATCH });
    let released = 0;
    for (const hold of due) if (await expireHold(ctx, hold, now)) released++;
    expired += released;
    if (due.length < BATCH || released === 0) break;
  }
  const soon = new Date(now.getTime() + 24 * HOUR);
  for (let i = 0; i < MAX_BATCHES; i++) {
    const due = await ctx.db.booking.findMany({ where: { status: "HOLD", expiryWarnedAt: null, holdExpiresAt: { gt: now, lte: soon } }, orderBy: [{ holdExpiresAt: "asc" }, { id: "asc" }], take: BATCH });
    let sent = 0;
    for (const hold of due) if (await warnExpiringHold(ctx, hold, now)) sent++;
    warned += sent;
    if (due.length < BATCH || sent === 0) break;
  }
  return { expired, warned };
}
