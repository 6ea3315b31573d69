import { randomUUID } from "node:crypto";
import type { Booking, BookingStatus, Prisma, WorkspaceRole } from "../../generated/prisma/client";
import { prepared, type Sql } from "../../db/client";
import type { DaysOff, HoursRange } from "./availability";
import { daysOffJson, hoursJson } from "./working-time-sql";

/**
 * Creating a booking in plain SQL, like the task create (tasks/task-insert.ts).
 * SPEC §8 has fifty people booking one slot at once: every request but one ends
 * in 409, and each of them went through Prisma's query compiler six to eight
 * times (about 60 % of the server's CPU in that burst, measured with
 * --cpu-prof). Here a create is two statements: what it needs to know, then
 * the insert with its history entry (or, refused, the booking in the way).
 * tests/api/bookings*.test.ts cover the rules.
 */

/** Everything a create checks, read in one statement. */
export interface BookingContext {
  role: WorkspaceRole | null;
  holdExpiryHours: number | null;
  artist: { id: string; name: string; timezone: string; active: boolean } | null;
  /** The workspace of the project asked for (null when there is none or it does not exist). */
  projectWorkspaceId: string | null;
  hours: HoursRange[];
  daysOff: DaysOff[];
  /** For a firm booking: the first firm booking of the artist already in [start, end), if one is (the 409 without trying the insert). */
  inTheWay: FirmBooking | null;
}

export interface FirmBooking {
  id: string;
  artistId: string;
  title: string;
  status: BookingStatus;
  startTime: Date;
  endTime: Date;
}

/** The first firm booking of artist `artist` (an SQL expression) over [$start, $end), as JSON; ISO instants in UTC with milliseconds, as the API writes them. */
const firmInTheWay = (artist: string, start: string, end: string, except: string) => `(SELECT json_build_object('id', o.id, 'artistId', o.artist_id, 'title', o.title, 'status', o.status,
                       'startTime', to_char(o.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       'endTime', to_char(o.end_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                  FROM bookings o
                 WHERE o.artist_id = ${artist} AND o.status IN ('PENCIL', 'CONFIRMED') AND o.start_time < ${end} AND o.end_time > ${start}
                   AND (${except} IS NULL OR o.id <> ${except})
                 ORDER BY o.start_time, o.id LIMIT 1)`;

/**
 * The same query as the SQL function firm_booking_in_the_way (migration 20261208000500), for the insert
 * refused after waiting for the artist's lock: being VOLATILE and not inlined, the function's query takes
 * a fresh snapshot and sees the winner that committed meanwhile, which the statement's own snapshot
 * does not. The inline subquery stays for the probe and the lookups (the function re-plans its query on
 * every call: about 80 µs more). bookings-concurrency.test.ts holds both to one answer: each of thirty
 * racing creates' 409s, from either, must name the winner identically.
 */
const firmInTheWayAfterTheLock = (artist: string, start: string, end: string) => `firm_booking_in_the_way(${artist}, ${start}, ${end}, NULL::uuid)`;

const firmFromJson = (j: { id: string; artistId: string; title: string; status: BookingStatus; startTime: string; endTime: string } | null): FirmBooking | null =>
  j ? { id: j.id, artistId: j.artistId, title: j.title, status: j.status, startTime: new Date(j.startTime), endTime: new Date(j.endTime) } : null;

export async function bookingContext(sql: Sql, q: { workspaceId: string; userId: string; artistId: string; projectId: string | null; start: Date; end: Date; firm: boolean }): Promise<BookingContext> {
  const { rows } = await sql.query<{
    role: WorkspaceRole | null;
    hold_expiry_hours: number | null;
    artist_id: string | null;
    artist_name: string | null;
    artist_timezone: string | null;
    artist_active: boolean | null;
    project_workspace_id: string | null;
    hours: HoursRange[] | null;
    days_off: DaysOff[] | null;
    in_the_way: Parameters<typeof firmFromJson>[0];
  }>(
    prepared(
      `SELECT m.role, w.hold_expiry_hours,
              a.id::text AS artist_id, a.name AS artist_name, a.timezone AS artist_timezone, a.active AS artist_active,
              (SELECT p.workspace_id::text FROM projects p WHERE p.id = $4::uuid) AS project_workspace_id,
              ${hoursJson("a.id")} AS hours,
              ${daysOffJson("a.id", "$5::timestamptz", "$6::timestamptz")} AS days_off,
              CASE WHEN $7::boolean THEN ${firmInTheWay("a.id", "$5::timestamptz", "$6::timestamptz", "NULL::uuid")} END AS in_the_way
         FROM workspaces w
         LEFT JOIN memberships m ON m.workspace_id = w.id AND m.user_id = $2::uuid
         LEFT JOIN artists a ON a.id = $3::uuid AND a.workspace_id = w.id
        WHERE w.id = $1::uuid`,
      [q.workspaceId, q.userId, q.artistId, q.projectId, q.start, q.end, q.firm],
    ),
  );
  const r = rows[0];
  return {
    role: r?.role ?? null,
    holdExpiryHours: r?.hold_expiry_hours ?? null,
    artist: r?.artist_id ? { id: r.artist_id, name: r.artist_name!, timezone: r.artist_timezone!, active: r.artist_active! } : null,
    projectWorkspaceId: r?.project_workspace_id ?? null,
    hours: r?.hours ?? [],
    daysOff: r?.days_off ?? [],
    inTheWay: firmFromJson(r?.in_the_way ?? null),
  };
}

export interface NewBooking {
  workspaceId: string;
  artistId: string;
  projectId: string | null;
  title: string;
  notes: string | null;
  start: Date;
  end: Date;
  status: BookingStatus;
  holdExpiresAt: Date | null;
  force: boolean;
  createdById: string;
}

interface BookingRow {
  id: string;
  workspace_id: string;
  artist_id: string;
  project_id: string | null;
  title: string;
  notes: string | null;
  start_time: Date;
  end_time: Date;
  status: BookingStatus;
  hold_expires_at: Date | null;
  expiry_warned_at: Date | null;
  force: boolean;
  created_by_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  hold_rank: number | null;
}

/**
 * Writes that may trip the exclusion constraint queue per artist behind this lock (held to the end
 * of the transaction). Without it, overlapping inserts racing for one slot each find another's
 * uncommitted row and wait for it: PostgreSQL breaks such a cycle only after deadlock_timeout (1 s)
 * and one cycle at a time, so 50 people booking one slot stalled for up to 38 s (measured, with
 * pool timeouts answering 503). Behind the lock each insert sees the winner committed: 23P01 at once.
 */
const ARTIST_LOCK_PREFIX = "bookings:";
const ARTIST_LOCK_SQL = (artistParam: string) => `pg_advisory_xact_lock(hashtextextended('${ARTIST_LOCK_PREFIX}' || ${artistParam}::text, 0))`;

/** The same lock in a Prisma transaction (moves and status changes, before their write). */
export async function lockArtistBookings(tx: Prisma.TransactionClient, artistId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${ARTIST_LOCK_PREFIX} || ${artistId}::uuid::text, 0))`;
}

/** What `insertBooking` did: the booking written, or refused for the firm booking in the way (null: it is gone by now). */
export type InsertOutcome = { booking: Booking; holdRank: number | null; refused?: undefined } | { refused: { inTheWay: FirmBooking | null }; booking?: undefined };

/**
 * One statement, so one transaction: the booking and its "created" history
 * entry. Returns the booking and, for a hold, its rank: 1 + the overlapping
 * holds of the artist, which all came before it (the statement's snapshot does
 * not see the new row; holds.ts holdRanks has the rule). A firm booking that
 * overlaps another is refused by the exclusion constraint after the artist's
 * lock (lockArtistBookings) is taken: ON CONFLICT DO NOTHING writes nothing
 * then, and the same statement names the booking in the way. Half the cost of
 * letting it fail with 23P01 and looking the booking up in a second round trip
 * (SPEC §8's fifty people booking one slot: forty-nine of them are refused).
 */
export async function insertBooking(sql: Sql, b: NewBooking): Promise<InsertOutcome> {
  const after = { artistId: b.artistId, start: b.start.toISOString(), end: b.end.toISOString(), status: b.status, title: b.title, projectId: b.projectId, force: b.force };
  // One row: the booking's columns (all null when refused) and in_the_way (null when written).
  const { rows } = await sql.query<BookingRow & { in_the_way: Parameters<typeof firmFromJson>[0] }>(
    prepared(
      `WITH b AS (
         INSERT INTO bookings (id, workspace_id, artist_id, project_id, title, notes, start_time, end_time, status, hold_expires_at, force, created_by_id, updated_at)
         SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7::timestamptz, $8::timestamptz, $9::"BookingStatus", $10::timestamptz, $11, $12::uuid, now()
           FROM (SELECT ${ARTIST_LOCK_SQL("$3::uuid")}) AS queued_behind_the_artist_lock
         ON CONFLICT DO NOTHING
         RETURNING *),
       e AS (
         INSERT INTO booking_events (id, booking_id, workspace_id, actor_id, type, after)
         SELECT $13::uuid, b.id, b.workspace_id, $12::uuid, 'created', $14::jsonb FROM b)
       SELECT b.*,
              CASE WHEN b.status = 'HOLD' THEN 1 + (SELECT count(*)::int FROM bookings o
                     WHERE o.artist_id = b.artist_id AND o.status = 'HOLD'
                       AND tstzrange(o.start_time, o.end_time, '[)') && tstzrange(b.start_time, b.end_time, '[)')) END AS hold_rank,
              -- Evaluated after the scan of b (so after the lock and the refused insert).
              CASE WHEN b.id IS NULL THEN ${firmInTheWayAfterTheLock("$3::uuid", "$7::timestamptz", "$8::timestamptz")} END AS in_the_way
         FROM (SELECT 1) AS one LEFT JOIN b ON true`,
      [randomUUID(), b.workspaceId, b.artistId, b.projectId, b.title, b.notes, b.start, b.end, b.status, b.holdExpiresAt, b.force, b.createdById, randomUUID(), JSON.stringify(after)],
    ),
  );
  const r = rows[0]!;
  if (!r.id) return { refused: { inTheWay: firmFromJson(r.in_the_way) } };
  return {
    booking: {
      id: r.id,
      workspaceId: r.workspace_id,
      artistId: r.artist_id,
      projectId: r.project_id,
      title: r.title,
      notes: r.notes,
      startTime: r.start_time,
      endTime: r.end_time,
      status: r.status,
      holdExpiresAt: r.hold_expires_at,
      expiryWarnedAt: r.expiry_warned_at,
      force: r.force,
      createdById: r.created_by_id,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    },
    holdRank: r.hold_rank,
  };
}

/** The firm booking in the way of [start, end) for the artist (the 409's details), if any. */
export async function firmBookingInTheWay(sql: Sql, artistId: string, start: Date, end: Date, exceptId?: string): Promise<FirmBooking | null> {
  const { rows } = await sql.query<{ in_the_way: Parameters<typeof firmFromJson>[0] }>(
    prepared(`SELECT ${firmInTheWay("$1::uuid", "$2::timestamptz", "$3::timestamptz", "$4::uuid")} AS in_the_way`, [artistId, start, end, exceptId ?? null]),
  );
  return firmFromJson(rows[0]?.in_the_way ?? null);
}
