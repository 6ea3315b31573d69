// Money, token counts and months of the AI settings page.

/** An amount in `currency` with as many decimals as small AI costs need (at least 2, up to 4 below 1). */
export function formatMoney(amount: number, currency: string): string {
  const small = Math.abs(amount) > 0 && Math.abs(amount) < 1;
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: small ? 4 : 2 }).format(amount);
  } catch {
    return `${amount.toFixed(small ? 4 : 2)} ${currency}`;
  }
}

const numberFormat = new Intl.NumberFormat();
export const formatCount = (n: number) => numberFormat.format(n);

/** The current month as YYYY-MM in UTC (the server's budget months are UTC). */
export function currentMonth(now = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** `month` (YYYY-MM) moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return currentMonth(d);
}

/** "December 2026". */
export function monthLabel(month: string): string {
  return new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
}

/** "Dec 3" for a YYYY-MM-DD day. */
export function dayLabel(day: string): string {
  return new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

/** Every day (YYYY-MM-DD) of `month`, so the chart shows the quiet days too. */
export function daysOf(month: string): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}
