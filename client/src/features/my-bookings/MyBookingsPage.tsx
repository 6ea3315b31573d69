import { CalendarCheck, Check, UserX, X } from "lucide-react";
import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { PageHeader } from "../../components/ui/Card";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { Select } from "../../components/ui/Select";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { useMe } from "../../lib/session";
import { useArtistBookings, useMyArtist, type Artist, type Booking, type BookingStatus } from "../artists/artists.api";
import { bookingHref, formatBookingRange } from "../artists/format";
import { BookingStatusBadge, Pager, useUrlParams } from "../artists/list-controls";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { RespondDialog } from "./RespondDialog";

const PER_PAGE = 20;
type Filter = "upcoming" | BookingStatus | "all";
const FILTERS: { value: Filter; label: string }[] = [
  { value: "upcoming", label: "Upcoming" },
  { value: "HOLD", label: "Holds" },
  { value: "PENCIL", label: "Pencilled" },
  { value: "CONFIRMED", label: "Confirmed" },
  { value: "DECLINED", label: "Declined" },
  { value: "CANCELLED", label: "Cancelled" },
  { value: "RELEASED", label: "Released" },
  { value: "all", label: "All, past too" },
];

/** Which answers the server takes for this booking: accept moves it to CONFIRMED, decline to DECLINED (its `nextStatuses`). */
const canAccept = (b: { status: BookingStatus; nextStatuses: BookingStatus[] }) => b.status !== "CONFIRMED" && b.nextStatuses.includes("CONFIRMED");
const canDecline = (b: { nextStatuses: BookingStatus[] }) => b.nextStatuses.includes("DECLINED");

export function MyBookingsPage() {
  const workspace = useCurrentWorkspace();
  const { data: me } = useMe();
  const mine = useMyArtist(workspace.id, me?.user.id);

  return (
    <>
      <title>{`My bookings · ${workspace.name} · TeamFlow`}</title>
      <PageHeader title="My bookings" description="What producers booked you for, and your answers." />
      {mine.isPending ? (
        <PageSpinner label="Loading…" />
      ) : mine.isError ? (
        <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
      ) : !mine.data ? (
        <div className="rounded-xl bg-white ring-1 ring-zinc-200">
          <EmptyState
            icon={UserX}
            title="You're not an artist in this workspace"
            description={`My bookings lists the bookings of the artist linked to your account. An admin of ${workspace.name} can link you to an artist profile (Artists → Edit → Linked member); then the bookings made for you appear here for you to accept or decline.`}
            action={
              <Link to={`/w/${workspace.id}/artists`} className="text-sm font-medium text-indigo-700 hover:underline">
                See the artists
              </Link>
            }
          />
        </div>
      ) : (
        <ArtistBookings workspaceId={workspace.id} artist={mine.data} />
      )}
    </>
  );
}

function ArtistBookings({ workspaceId, artist }: { workspaceId: string; artist: Artist }) {
  const [params, set] = useUrlParams();
  const filter = (FILTERS.some((f) => f.value === params.get("status")) ? params.get("status") : "upcoming") as Filter;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const from = useMemo(() => new Date(new Date().setHours(0, 0, 0, 0)).toISOString(), []);
  const status = filter === "upcoming" || filter === "all" ? undefined : filter;
  // Upcoming: from today on (the API sorts by start, so the soonest come first); a status filter shows that status from today on too, "all" the past as well.
  const bookings = useArtistBookings(artist.id, { page, perPage: PER_PAGE, status, from: filter === "all" ? undefined : from });
  const [responding, setResponding] = useState<{ booking: Booking; response: "accept" | "decline" } | null>(null);
  const list = (bookings.data?.data ?? []).filter((b) => filter !== "upcoming" || b.status === "HOLD" || b.status === "PENCIL" || b.status === "CONFIRMED");
  const meta = bookings.data?.meta;

  return (
    <>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <p className="basis-full text-sm text-zinc-600 sm:flex-1 sm:basis-auto">
          As{" "}
          <Link to={`/w/${workspaceId}/artists/${artist.id}`} className="font-medium text-indigo-700 hover:underline">
            {artist.name}
          </Link>{" "}
          · times in {artist.timezone}
        </p>
        <div className="w-full sm:w-48">
          <Select aria-label="Status filter" value={filter} options={FILTERS} onValueChange={(v) => set({ status: v === "upcoming" ? null : v, page: null })} />
        </div>
        {bookings.isFetching && !bookings.isPending ? <Spinner className="size-4 text-zinc-400" label="Refreshing" /> : null}
      </div>
      {bookings.isPending ? (
        <PageSpinner label="Loading bookings…" />
      ) : bookings.isError ? (
        <ErrorState error={bookings.error} onRetry={() => void bookings.refetch()} />
      ) : list.length === 0 ? (
        <div className="rounded-xl bg-white ring-1 ring-zinc-200">
          <EmptyState icon={CalendarCheck} title={filter === "upcoming" ? "Nothing booked from today on" : "No bookings match"} description="Bookings made for you appear here." />
        </div>
      ) : (
        <ul className="space-y-3" aria-label="My bookings">
          {list.map((b) => (
            <li key={b.id} className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200 sm:flex-row sm:items-center" data-testid="my-booking" aria-label={b.title}>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Link to={bookingHref(workspaceId, b.id)} className="truncate text-sm font-semibold text-zinc-900 hover:text-indigo-700 hover:underline">
                    {b.title}
                  </Link>
                  <BookingStatusBadge booking={b} />
                  {b.force ? <Badge tone="amber">Outside hours</Badge> : null}
                </div>
                <p className="mt-1 text-sm text-zinc-600">{formatBookingRange(b.start, b.end, artist.timezone)}</p>
                {b.notes ? <p className="mt-1 line-clamp-2 text-xs text-zinc-500">{b.notes}</p> : null}
              </div>
              {canAccept(b) || canDecline(b) ? (
                <div className="flex gap-2">
                  {canAccept(b) ? (
                    <Button size="sm" icon={<Check className="size-4" aria-hidden />} onClick={() => setResponding({ booking: b, response: "accept" })} aria-label={`Accept ${b.title}`}>
                      Accept
                    </Button>
                  ) : null}
                  {canDecline(b) ? (
                    <Button size="sm" variant="secondary" icon={<X className="size-4" aria-hidden />} onClick={() => setResponding({ booking: b, response: "decline" })} aria-label={`Decline ${b.title}`}>
                      Decline
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pager label="Booking pages" meta={meta} onPage={(n) => set({ page: String(n) })} />
      {responding ? <RespondDialog booking={responding.booking} response={responding.response} artistId={artist.id} timezone={artist.timezone} onClose={() => setResponding(null)} /> : null}
    </>
  );
}
