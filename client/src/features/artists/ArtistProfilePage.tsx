import { ArrowLeft, ExternalLink, Mail, Pencil, Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Section } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { useMe } from "../../lib/session";
import { useMembers } from "../members/members.api";
import { hours, monthRange, percent } from "../utilisation/dates";
import { useUtilisation } from "../utilisation/utilisation.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ArtistFormDialog } from "./ArtistFormDialog";
import { canManageArtists, deleteArtistExplained } from "./ArtistsPage";
import { useArtist, useArtistBookings, useDeleteArtist, type Artist } from "./artists.api";
import { CalendarFeedPanel } from "./CalendarFeedPanel";
import { bookingHref, formatBookingRange, formatMoney } from "./format";
import { BookingStatusBadge } from "./list-controls";
import { TimeOffList } from "./TimeOffList";
import { WorkingHoursEditor } from "./WorkingHoursEditor";

/**
 * Who may edit an artist's hours and time off, as artists.policy.ts decides:
 * whoever manages artists (artist:manage, ADMIN+), and the artist's own
 * linked user whatever their role.
 */
export function canManageAvailability(workspace: { permissions: string[] }, artist: Pick<Artist, "userId">, meId: string | undefined): boolean {
  return canManageArtists(workspace) || (!!meId && artist.userId === meId);
}

export function ArtistProfilePage() {
  const { artistId = "" } = useParams();
  const workspace = useCurrentWorkspace();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const artist = useArtist(artistId);
  const members = useMembers(workspace.id, { page: 1, perPage: 100, q: "" });
  const remove = useDeleteArtist(workspace.id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (artist.isPending) return <PageSpinner label="Loading artist…" />;
  if (artist.isError) return <ErrorState error={artist.error} onRetry={() => void artist.refetch()} title="Couldn't load this artist" />;
  const a = artist.data;
  const canManage = canManageArtists(workspace);
  const own = !!me && a.userId === me.user.id;
  const canEditAvailability = canManageAvailability(workspace, a, me?.user.id);
  const member = members.data?.data.find((m) => m.userId === a.userId);

  return (
    <>
      <title>{`${a.name} · Artists · ${workspace.name} · TeamFlow`}</title>
      <header className="mb-6 flex flex-wrap items-center gap-x-4 gap-y-3">
        <Link to={`/w/${workspace.id}/artists`} className="text-zinc-400 hover:text-zinc-700" aria-label="All artists">
          <ArrowLeft className="size-4" />
        </Link>
        <span className="flex size-10 shrink-0 items-center justify-center rounded-full text-sm font-semibold text-white" style={{ backgroundColor: a.color }} aria-hidden>
          {a.name.slice(0, 1).toUpperCase()}
        </span>
        <div className="min-w-0 flex-1">
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold text-zinc-900">
            {a.name}
            {!a.active ? <Badge>Inactive</Badge> : null}
            {own ? <Badge tone="indigo">You</Badge> : null}
          </h1>
          {a.title ? <p className="text-sm text-zinc-500">{a.title}</p> : null}
        </div>
        {canManage ? (
          <div className="flex gap-2 max-sm:basis-full max-sm:pl-8">
            <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button variant="ghost" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </div>
        ) : null}
      </header>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Section title="Availability" description={canEditAvailability ? "Weekly working hours and time off. Bookings outside them need an explicit override." : "Weekly working hours and time off."} id="availability">
            <div className="space-y-6">
              <WorkingHoursEditor artistId={a.id} timezone={a.timezone} canEdit={canEditAvailability} />
              <div>
                <h3 className="mb-3 text-sm font-semibold text-zinc-900">Time off</h3>
                <TimeOffList artistId={a.id} canEdit={canEditAvailability} />
              </div>
            </div>
          </Section>
          <UpcomingBookings workspaceId={workspace.id} artist={a} />
        </div>
        <div className="space-y-6">
          <Section title="Details" id="details">
            <dl className="space-y-3 text-sm">
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-400">Day rate</dt>
                <dd className="mt-0.5 text-zinc-900">{a.dayRate !== null ? `${formatMoney(a.dayRate, a.currency)} a day` : "No rate"}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-400">Skills</dt>
                <dd className="mt-1 flex flex-wrap gap-1">{a.skills.length ? a.skills.map((s) => <Badge key={s} tone="indigo">{s}</Badge>) : <span className="text-zinc-500">None listed</span>}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-400">Timezone</dt>
                <dd className="mt-0.5 text-zinc-900">{a.timezone}</dd>
              </div>
              {a.email ? (
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-zinc-400">Email</dt>
                  <dd className="mt-0.5">
                    <a href={`mailto:${a.email}`} className="inline-flex items-center gap-1 text-indigo-700 hover:underline">
                      <Mail className="size-3.5" aria-hidden />
                      {a.email}
                    </a>
                  </dd>
                </div>
              ) : null}
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-400">Linked member</dt>
                <dd className="mt-0.5 text-zinc-900">{member ? `${member.name} (${member.email})` : a.userId ? "A member of this workspace" : "Nobody"}</dd>
              </div>
              {a.portfolioLinks.length ? (
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-zinc-400">Portfolio</dt>
                  <dd className="mt-1 space-y-1">
                    {a.portfolioLinks.map((l) => (
                      <a key={l} href={l} target="_blank" rel="noreferrer noopener" className="flex items-center gap-1 break-all text-indigo-700 hover:underline">
                        <ExternalLink className="size-3.5 shrink-0" aria-hidden />
                        {l.replace(/^https?:\/\//, "")}
                      </a>
                    ))}
                  </dd>
                </div>
              ) : null}
            </dl>
          </Section>
          <MonthUtilisation workspaceId={workspace.id} artistId={a.id} />
          {canManage || own ? (
            <Section title="Calendar feed" id="calendar-feed">
              <CalendarFeedPanel artistId={a.id} whose={own ? "your" : `${a.name}'s`} hasFeed={a.hasCalendarFeed} />
            </Section>
          ) : null}
        </div>
      </div>

      {editing ? <ArtistFormDialog workspaceId={workspace.id} artist={a} members={members.data?.data ?? []} onClose={() => setEditing(false)} /> : null}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${a.name}?`}
        description="The artist, their working hours and time off are deleted. An artist with bookings can't be deleted: deactivate them instead."
        confirmLabel="Delete artist"
        onConfirm={async () => {
          await deleteArtistExplained((id) => remove.mutateAsync(id), a);
          toast.success(`Deleted ${a.name}`);
          void navigate(`/w/${workspace.id}/artists`, { replace: true });
        }}
      />
    </>
  );
}

function UpcomingBookings({ workspaceId, artist }: { workspaceId: string; artist: Artist }) {
  // From the start of today, so a booking running now is listed too.
  const from = useMemo(() => new Date(new Date().setHours(0, 0, 0, 0)).toISOString(), []);
  const bookings = useArtistBookings(artist.id, { page: 1, perPage: 10, from });
  const list = (bookings.data?.data ?? []).filter((b) => b.status === "HOLD" || b.status === "PENCIL" || b.status === "CONFIRMED");
  return (
    <Section title="Upcoming bookings" id="upcoming" actions={<Link to={`/w/${workspaceId}/bookings`} className="text-sm font-medium text-indigo-700 hover:underline">Open calendar</Link>}>
      {bookings.isPending ? (
        <Spinner className="size-5 text-zinc-400" label="Loading bookings" />
      ) : bookings.isError ? (
        <p className="text-sm text-red-700">{errorMessage(bookings.error)}</p>
      ) : list.length === 0 ? (
        <p className="text-sm text-zinc-500">Nothing booked from today on.</p>
      ) : (
        <ul className="divide-y divide-zinc-100" aria-label="Upcoming bookings">
          {list.map((b) => (
            <li key={b.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <Link to={bookingHref(workspaceId, b.id)} className="min-w-0 flex-1 truncate text-sm font-medium text-zinc-900 hover:text-indigo-700 hover:underline">
                {b.title}
              </Link>
              <BookingStatusBadge booking={b} />
              <span className="basis-full text-xs text-zinc-500 sm:basis-auto">{formatBookingRange(b.start, b.end, artist.timezone)}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function MonthUtilisation({ workspaceId, artistId }: { workspaceId: string; artistId: string }) {
  const range = useMemo(() => monthRange(), []);
  const report = useUtilisation(workspaceId, { ...range, artistId });
  const total = report.data?.artists.find((r) => r.artistId === artistId)?.total;
  const month = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${range.from}T00:00:00Z`));
  return (
    <Section title="Utilisation" description={month} id="utilisation">
      {report.isPending ? (
        <Spinner className="size-5 text-zinc-400" label="Loading utilisation" />
      ) : report.isError ? (
        <p className="text-sm text-zinc-500">Utilisation isn't available: {errorMessage(report.error)}</p>
      ) : !total ? (
        <p className="text-sm text-zinc-500">No figures for this month.</p>
      ) : (
        <div data-testid="month-utilisation">
          <p className="text-3xl font-semibold tabular-nums text-zinc-900">{percent(total.utilisation)}</p>
          <div className="mt-2 h-2 overflow-hidden rounded-full bg-zinc-100" aria-hidden>
            <div className={total.overbookedHours > 0 ? "h-full bg-red-500" : "h-full bg-indigo-500"} style={{ width: `${Math.min(100, Math.round((total.utilisation ?? 0) * 100))}%` }} />
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-2 text-xs text-zinc-500">
            <div>
              <dt>Booked</dt>
              <dd className="text-sm font-medium text-zinc-900">{hours(total.usedHours)}</dd>
            </div>
            <div>
              <dt>Available</dt>
              <dd className="text-sm font-medium text-zinc-900" data-testid="available-hours">{hours(total.availableHours)}</dd>
            </div>
            {total.holdHours > 0 ? (
              <div>
                <dt>On hold (not counted)</dt>
                <dd className="text-sm font-medium text-zinc-900">{hours(total.holdHours)}</dd>
              </div>
            ) : null}
            {total.overbookedHours > 0 ? (
              <div>
                <dt>Overbooked</dt>
                <dd className="text-sm font-medium text-red-700">{hours(total.overbookedHours)}</dd>
              </div>
            ) : null}
          </dl>
        </div>
      )}
    </Section>
  );
}
