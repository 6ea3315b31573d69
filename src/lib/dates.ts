/**
 * Calendar dates (`YYYY-MM-DD`, PostgreSQL `date`) as the API reads and writes
 * them: stored as midnight UTC, shown as the date part of that instant.
 */

/** `2026-01-31` for a stored date (or any instant, by its UTC date). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** The stored form of a `YYYY-MM-DD` date. */
export const fromIsoDay = (v: string): Date => new Date(`${v}T00:00:00Z`);

/** A nullable stored date as the API shows it. */
export const isoDayOrNull = (d: Date | null): string | null => (d ? isoDay(d) : null);

/** An optional, nullable date field of a write: undefined leaves it, null clears it. */
export const dateInput = (v: string | null | undefined): Date | null | undefined => (v === undefined ? undefined : v === null ? null : fromIsoDay(v));
