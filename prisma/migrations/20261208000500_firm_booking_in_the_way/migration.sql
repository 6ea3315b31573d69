-- Hand-written: Prisma's schema has no functions. (No semicolons here: the migration runner splits statements on them.)
-- The firm (PENCIL or CONFIRMED) booking of an artist in the way of [p_start, p_end), as the
-- 409's details name it (id, artistId, title, status, startTime, endTime, instants in UTC with
-- milliseconds as the API writes them), or NULL: the query of firmInTheWay in
-- src/modules/bookings/booking-insert.ts, for the insert that lost a race.
--
-- VOLATILE and not inlinable (its query has a FROM), so its query takes a fresh snapshot under
-- READ COMMITTED: called by an INSERT ... ON CONFLICT DO NOTHING after that statement waited for
-- the artist's lock, it sees the booking that won the race and committed in the meantime, which
-- a plain subquery (the statement's own, older snapshot) would not.
CREATE FUNCTION firm_booking_in_the_way(p_artist uuid, p_start timestamptz, p_end timestamptz, p_except uuid)
RETURNS json
LANGUAGE sql VOLATILE
AS $$
  SELECT json_build_object('id', o.id, 'artistId', o.artist_id, 'title', o.title, 'status', o.status,
                           'startTime', to_char(o.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                           'endTime', to_char(o.end_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    FROM bookings o
   WHERE o.artist_id = p_artist AND o.status IN ('PENCIL', 'CONFIRMED')
     AND o.start_time < p_end AND o.end_time > p_start
     AND (p_except IS NULL OR o.id <> p_except)
   ORDER BY o.start_time, o.id
   LIMIT 1
$$
