import { ChevronLeft, ChevronRight } from "lucide-react";
import { useSearchParams } from "react-router-dom";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
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

/** Previous / next under a paginated list (nothing when it fits one page). */
export function Pager({ label, meta, noun, onPage }: { label: string; meta: { page: number; totalPages: number; total: number } | undefined; noun?: string; onPage: (page: number) => void }) {
  if (!meta || meta.totalPages <= 1) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-2 text-sm text-zinc-600">
      <span>
        Page {meta.page} of {meta.totalPages}
        {noun ? ` · ${meta.total} ${noun}` : ""}
      </span>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" icon={<ChevronLeft className="size-4" aria-hidden />} disabled={meta.page <= 1} onClick={() => onPage(meta.page - 1)}>
          Previous
        </Button>
        <Button variant="secondary" size="sm" disabled={meta.page >= meta.totalPages} onClick={() => onPage(meta.page + 1)}>
          Next
          <ChevronRight className="size-4" aria-hidden />
        </Button>
      </div>
    </nav>
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
