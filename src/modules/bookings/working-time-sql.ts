/**
 * An artist's working hours and days off as JSON, for the plain-SQL reads (the
 * create's context in booking-insert.ts, the multi-artist availability check):
 * the shapes `HoursRange[]` and `DaysOff[]` of availability.ts, or NULL when
 * there are none. Arguments are SQL expressions ($n parameters, column names).
 */

export const hoursJson = (artist: string) => `(SELECT json_agg(json_build_object('weekday', h.weekday, 'startTime', h.start_time, 'endTime', h.end_time))
                 FROM working_hours h WHERE h.artist_id = ${artist})`;

/**
 * Days off around [from, to), filtered by day with two days' margin either side (as
 * loadWorkingTime does): whatever the artist's timezone, the days that matter are in.
 */
export const daysOffJson = (artist: string, from: string, to: string) => `(SELECT json_agg(json_build_object('id', t.id, 'startDate', to_char(t.start_date, 'YYYY-MM-DD'), 'endDate', to_char(t.end_date, 'YYYY-MM-DD')) ORDER BY t.start_date, t.id)
                 FROM time_off t
                WHERE t.artist_id = ${artist}
                  AND t.start_date <= (${to} AT TIME ZONE 'UTC' + interval '2 days')::date
                  AND t.end_date >= (${from} AT TIME ZONE 'UTC' - interval '2 days')::date)`;
