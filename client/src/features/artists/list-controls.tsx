import { useSearchParams } from "react-router-dom";
import { Badge } from "../../components/ui/Badge";
import type { PageMeta } from "../../lib/api";
import { Pagination } from "../task-list/Pagination";
import type { Booking } from "./artists.api";
import { BOOKING_STATUS_LABEL, BOOKING_STATUS_TONE } from "./format";

/** The page's search params, and a setter that changes some of them in place (null or "" removes one). */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === "") next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  return [params, update] as const;
}

/** The task list's pagination under a list, only when it spans several pages. */
export function Pager({ label, meta, onPage }: { label: string; meta: PageMeta | undefined; onPage: (page: number) => void }) {
  if (!meta || meta.totalPages <= 1) return null;
  return (
    <div className="mt-4">
      <Pagination meta={meta} label={label} onPage={onPage} />
    </div>
  );
}

/** A booking's status, with its rank for a hold ("Hold #2"). */
export function BookingStatusBadge({ booking }: { booking: Pick<Booking, "status" | "holdRank"> }) {
  return (
    <Badge tone={BOOKING_STATUS_TONE[booking.status]}>
      {BOOKING_STATUS_LABEL[booking.status]}
      {booking.holdRank ? ` #${booking.holdRank}` : ""}
    </Badge>
  );
}
