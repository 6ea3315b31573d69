import { useQuery } from "@tanstack/react-query";
import { CalendarClock } from "lucide-react";
import { Link } from "react-router-dom";
import { call, type Schema } from "../../lib/api";
import { formatMoney } from "../artists/format";
import { hours } from "../utilisation/dates";

type Meta = Schema<"ProjectBookingsMeta">;

/**
 * Booked hours and booked cost of a project (its pencilled and confirmed
 * bookings), from GET /projects/:id/bookings' meta; nothing while it has none.
 */
export function ProjectBookedSummary({ workspaceId, projectId }: { workspaceId: string; projectId: string }) {
  const booked = useQuery({
    queryKey: ["projects", projectId, "bookings", "summary"] as const,
    queryFn: async () => (await call("get", "/projects/{id}/bookings", { path: { id: projectId }, query: { perPage: 1 } })).meta as Meta,
    staleTime: 60_000,
  });
  const meta = booked.data;
  if (!meta || meta.total === 0) return null;
  const cost = meta.bookedCost.map((c) => formatMoney(c.amount, c.currency)).join(" + ");
  return (
    <Link
      to={`/w/${workspaceId}/bookings?project=${projectId}`}
      className="inline-flex items-center gap-1.5 rounded-lg bg-white px-2.5 py-1 text-xs text-zinc-600 ring-1 ring-zinc-200 hover:text-indigo-700 hover:ring-indigo-200"
      data-testid="project-booked"
      title="Pencilled and confirmed bookings of this project"
    >
      <CalendarClock className="size-3.5" aria-hidden />
      <span>
        Booked <strong className="font-semibold text-zinc-900">{hours(meta.bookedHours)}</strong>
        {cost ? <> · <strong className="font-semibold text-zinc-900">{cost}</strong></> : null}
      </span>
    </Link>
  );
}
