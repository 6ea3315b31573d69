import type { ComponentProps } from "react";
import type { Badge } from "../../components/ui/Badge";
import type { BookingStatus } from "./artists.api";

/** Digits after the decimal point of `currency` (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in minor units (cents) as money: 45000 EUR → "€450.00". */
export function formatMoney(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** Minor units as the decimal a person types: 45000 EUR → "450.00"; null → "". */
export function minorToDecimal(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return "";
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/**
 * A typed decimal ("450", "450.5", "1,250.00") as minor units of `currency`;
 * null for an empty input, NaN when it is not an amount (or has too many decimals).
 */
export function decimalToMinor(input: string, currency: string): number | null {
  const text = input.trim().replace(/[\s,_]/g, "");
  if (!text) return null;
  const digits = currencyDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2]?.length ?? 0) > digits) return Number.NaN;
  const fraction = (match[2] ?? "").padEnd(digits, "0");
  return Number(match[1]) * 10 ** digits + (fraction ? Number(fraction) : 0);
}

type BadgeTone = NonNullable<ComponentProps<typeof Badge>["tone"]>;

/** The calendar's status names, so a status reads the same on every page. */
export { STATUS_LABEL as BOOKING_STATUS_LABEL } from "../bookings/calendar.api";

export const BOOKING_STATUS_TONE: Record<BookingStatus, BadgeTone> = {
  HOLD: "amber",
  PENCIL: "sky",
  CONFIRMED: "green",
  CANCELLED: "neutral",
  RELEASED: "neutral",
  DECLINED: "red",
};

/** "Mon 2 Mar 2026, 09:00 – 17:00" (one day) or "2 Mar 09:00 – 4 Mar 17:00", in `timeZone`. */
export function formatBookingRange(start: string, end: string, timeZone?: string): string {
  const s = new Date(start);
  const e = new Date(end);
  if (Number.isNaN(s.getTime()) || Number.isNaN(e.getTime())) return "—";
  const zone = { timeZone: timeZone || undefined };
  const day = (d: Date) => new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric", ...zone }).format(d);
  const time = (d: Date) => new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", ...zone }).format(d);
  if (day(s) === day(new Date(e.getTime() - 1))) return `${day(s)}, ${time(s)} – ${time(e)}`;
  return `${day(s)} ${time(s)} – ${day(e)} ${time(e)}`;
}

/** Link to a booking: the calendar opens its drawer. */
export const bookingHref = (workspaceId: string, bookingId: string) => `/w/${workspaceId}/bookings?booking=${bookingId}`;
