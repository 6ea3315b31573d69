import * as RadixDialog from "@radix-ui/react-dialog";
import { SearchX, X } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useReturnFocus } from "../../components/ui/return-focus";
import { Button, IconButton } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { ErrorState } from "../../components/ui/ErrorState";
import { Field, FormError } from "../../components/ui/Field";
import { controlClasses, Input } from "../../components/ui/Input";
import { Spinner } from "../../components/ui/Spinner";
import { ApiError, fieldErrors } from "../../lib/api";
import { cn } from "../../lib/cn";
import { formatDateTime, formatRelative } from "../../lib/format";
import { can } from "../../lib/permissions";
import { useMe } from "../../lib/session";
import { AttachmentsPanel } from "../attachments/AttachmentsPanel";
import { useMembers } from "../members/members.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import {
  STATUS_LABEL,
  conflictMessage,
  isStale,
  useArtist,
  useBooking,
  useBookingEvents,
  useCancelBooking,
  useChangeStatus,
  useRespond,
  useUpdateBooking,
  type Booking,
  type BookingEvent,
  type BookingStatus,
  type CalendarArtist,
  type CalendarBooking,
} from "./calendar.api";
import { formatRange, fromLocalInput, toLocalInput } from "./calendar-model";

const STATUS_BADGE: Record<BookingStatus, string> = {
  HOLD: "bg-amber-100 text-amber-900 ring-amber-300",
  PENCIL: "bg-white text-indigo-800 ring-indigo-400 ring-dashed",
  CONFIRMED: "bg-emerald-600 text-white ring-emerald-600",
  CANCELLED: "bg-zinc-100 text-zinc-600 ring-zinc-300",
  RELEASED: "bg-zinc-100 text-zinc-600 ring-zinc-300",
  DECLINED: "bg-red-50 text-red-700 ring-red-200",
};

const ACTION_LABEL: Partial<Record<BookingStatus, string>> = {
  HOLD: "Back to hold",
  PENCIL: "Pencil",
  CONFIRMED: "Confirm",
  RELEASED: "Release hold",
  DECLINED: "Mark declined",
};

export function StatusBadge({ status, rank }: { status: BookingStatus; rank?: number | null }) {
  return (
    <span data-testid="status-badge" className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset", STATUS_BADGE[status])}>
      {STATUS_LABEL[status]}
      {status === "HOLD" && rank ? ` ${rank}` : ""}
    </span>
  );
}

/**
 * A booking in a sheet on the right (opened by a bar, or by `?booking=<id>`
 * from other pages and notifications): details, edit, allowed status changes,
 * cancel, the artist's answer, and its history.
 */
export function BookingDrawer({ bookingId, projectName, lookup, artists, onClose }: { bookingId: string; projectName: (id: string | null) => string | null; lookup: (id: string) => CalendarBooking | undefined; artists: CalendarArtist[]; onClose: () => void }) {
  const content = useRef<HTMLDivElement>(null);
  const booking = useBooking(bookingId);
  const name = booking.data ? `Booking: ${booking.data.title}` : "Booking";
  // Mounted only while open: Radix alone cannot give the focus back to the card or bar that opened it.
  useReturnFocus(true);
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/25" />
        <RadixDialog.Content
          ref={content}
          aria-label={name}
          aria-describedby={undefined}
          data-testid="booking-drawer"
          // A toast (Undo of a deleted file) sits outside the dialog: using it must not close the drawer.
          onInteractOutside={(e) => {
            if (e.target instanceof Element && e.target.closest("[data-sonner-toaster]")) e.preventDefault();
          }}
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            content.current?.focus();
          }}
          className="fixed inset-y-0 right-0 z-50 flex w-full flex-col bg-white shadow-2xl ring-1 ring-zinc-900/10 focus:outline-none sm:w-[min(34rem,calc(100vw-2rem))]"
        >
          <RadixDialog.Title className="sr-only">{name}</RadixDialog.Title>
          <header className="flex h-14 shrink-0 items-center gap-3 border-b border-zinc-200 px-4 sm:px-6">
            <h2 className="min-w-0 flex-1 truncate text-base font-semibold text-zinc-900">{booking.data?.title ?? "Booking"}</h2>
            {booking.data ? <StatusBadge status={booking.data.status} rank={booking.data.holdRank} /> : null}
            <RadixDialog.Close asChild>
              <IconButton label="Close">
                <X className="size-4" aria-hidden />
              </IconButton>
            </RadixDialog.Close>
          </header>
          {booking.isPending ? (
            <div className="flex flex-1 items-center justify-center gap-2 text-sm text-zinc-500">
              <Spinner className="text-indigo-600" label="Loading booking" /> Loading booking…
            </div>
          ) : booking.isError ? (
            booking.error instanceof ApiError && booking.error.status === 404 ? (
              <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-3 px-6 text-center">
                <SearchX className="size-8 text-zinc-400" aria-hidden />
                <h3 className="text-base font-semibold text-zinc-900">This booking doesn't exist</h3>
                <p className="max-w-sm text-sm text-zinc-500">The link may point to a booking of a workspace you're not part of.</p>
                <Button variant="secondary" onClick={onClose}>
                  Close
                </Button>
              </div>
            ) : (
              <ErrorState error={booking.error} onRetry={() => void booking.refetch()} title="Couldn't load this booking" />
            )
          ) : (
            <BookingDetails key={booking.data.id} booking={booking.data} projectName={projectName(booking.data.projectId)} lookup={lookup} artists={artists} onReload={() => void booking.refetch()} />
          )}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

function BookingDetails({ booking: b, projectName, lookup, artists, onReload }: { booking: Booking; projectName: string | null; lookup: (id: string) => CalendarBooking | undefined; artists: CalendarArtist[]; onReload: () => void }) {
  const workspace = useCurrentWorkspace();
  const me = useMe();
  const artist = useArtist(b.artistId);
  const canEdit = can(workspace, "booking:update");
  const final = b.nextStatuses.length === 0;
  const viewerTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const artistTz = artist.data?.timezone;
  const isArtist = !!artist.data?.userId && artist.data.userId === me.data?.user.id;

  const update = useUpdateBooking(workspace.id);
  const changeStatus = useChangeStatus(workspace.id);
  const cancel = useCancelBooking(workspace.id);
  const respond = useRespond(workspace.id);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);

  const fail = (error: unknown) => {
    if (isStale(error)) setStale(true);
    else setActionError(error);
  };
  const setStatus = async (status: BookingStatus) => {
    setActionError(null);
    try {
      await changeStatus.mutateAsync({ id: b.id, status, version: b.version });
    } catch (error) {
      fail(error);
    }
  };

  return (
    <div className="flex-1 overflow-y-auto">
      {stale ? (
        <div role="alert" className="flex items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 sm:px-6">
          <p className="flex-1">Someone else changed this booking meanwhile; your change was not saved.</p>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setStale(false);
              onReload();
            }}
          >
            Reload
          </Button>
        </div>
      ) : null}
      <div className="space-y-6 px-4 py-5 sm:px-6">
        <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
          <dt className="text-zinc-500">Artist</dt>
          <dd className="text-zinc-900">{artist.data?.name ?? lookup(b.id)?.artistName ?? "…"}</dd>
          <dt className="text-zinc-500">Project</dt>
          <dd className="text-zinc-900">{projectName ?? "No project"}</dd>
          <dt className="text-zinc-500">When</dt>
          <dd className="text-zinc-900" data-testid="booking-when">
            {formatRange(b.start, b.end)} <span className="text-zinc-500">({viewerTz})</span>
            {artistTz && artistTz !== viewerTz ? (
              <div className="text-zinc-600">
                {formatRange(b.start, b.end, artistTz)} <span className="text-zinc-500">({artistTz}, the artist's time)</span>
              </div>
            ) : null}
          </dd>
          <dt className="text-zinc-500">Status</dt>
          <dd>
            <StatusBadge status={b.status} rank={b.holdRank} />
            {b.status === "HOLD" && b.holdRank ? <span className="ml-2 text-zinc-600">{b.holdRank === 1 ? "first hold" : `hold ${b.holdRank}: ${b.holdRank - 1} before it`}</span> : null}
          </dd>
          {b.status === "HOLD" && b.holdExpiresAt ? (
            <>
              <dt className="text-zinc-500">Hold expires</dt>
              <dd className="text-zinc-900">
                {formatDateTime(b.holdExpiresAt)} <span className="text-zinc-500">({formatRelative(b.holdExpiresAt)})</span>
              </dd>
            </>
          ) : null}
          {b.force ? (
            <>
              <dt className="text-zinc-500">Forced</dt>
              <dd className="text-amber-800">Booked outside working hours or on time off</dd>
            </>
          ) : null}
          {b.notes ? (
            <>
              <dt className="text-zinc-500">Notes</dt>
              <dd className="whitespace-pre-wrap text-zinc-900">{b.notes}</dd>
            </>
          ) : null}
        </dl>

        <FormError message={actionError ? conflictMessage(actionError, lookup, artist.data?.name) : null} />

        {isArtist && (b.status === "HOLD" || b.status === "PENCIL") ? <RespondSection onRespond={(response, note) => respond.mutateAsync({ id: b.id, response, note }).then(() => undefined)} /> : null}

        {canEdit && !final ? (
          <section aria-label="Status" className="space-y-2">
            <h3 className="text-sm font-semibold text-zinc-900">Change status</h3>
            <div className="flex flex-wrap gap-2">
              {b.nextStatuses
                .filter((s) => s !== "CANCELLED")
                .map((s) => (
                  <Button key={s} size="sm" variant={s === "CONFIRMED" ? "primary" : "secondary"} loading={changeStatus.isPending && changeStatus.variables?.status === s} onClick={() => void setStatus(s)}>
                    {ACTION_LABEL[s] ?? STATUS_LABEL[s]}
                  </Button>
                ))}
              {b.nextStatuses.includes("CANCELLED") ? (
                <Button size="sm" variant="danger-outline" onClick={() => setConfirmCancel(true)}>
                  Cancel booking
                </Button>
              ) : null}
            </div>
          </section>
        ) : null}

        {canEdit && !final ? <EditSection booking={b} lookup={lookup} artistName={artist.data?.name} artists={artists} save={(body) => update.mutateAsync({ id: b.id, body })} onStale={() => setStale(true)} /> : null}

        <div className="border-t border-zinc-100 pt-4">
          <AttachmentsPanel entity={{ type: "booking", id: b.id }} canUpload={can(workspace, "attachment:create")} title="Files" emptyHint="No files yet. Drop contracts, riders or call sheets here, or use Attach files." />
        </div>

        <History bookingId={b.id} />
      </div>
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this booking?"
        description={`“${b.title}” is cancelled for everyone; it stays in the history.`}
        confirmLabel="Cancel booking"
        onConfirm={async () => {
          try {
            await cancel.mutateAsync(b.id);
          } catch (error) {
            if (isStale(error)) setStale(true);
            throw error;
          }
        }}
      />
    </div>
  );
}

type EditBody = { artistId?: string; title?: string; notes?: string | null; start?: string; end?: string; version: number };

function EditSection({ booking: b, lookup, artistName, artists, save, onStale }: { booking: Booking; lookup: (id: string) => CalendarBooking | undefined; artistName?: string; artists: CalendarArtist[]; save: (body: EditBody) => Promise<unknown>; onStale: () => void }) {
  const [artistId, setArtistId] = useState(b.artistId);
  const [title, setTitle] = useState(b.title);
  const [notes, setNotes] = useState(b.notes ?? "");
  const [start, setStart] = useState(toLocalInput(b.start));
  const [end, setEnd] = useState(toLocalInput(b.end));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const s = fromLocalInput(start);
    const en = fromLocalInput(end);
    if (!s || !en || Date.parse(en) <= Date.parse(s)) {
      setError(new ApiError({ status: 400, code: "VALIDATION_ERROR", message: "The end must be after the start.", details: [{ field: "end", message: "must be after the start" }] }));
      return;
    }
    const body: EditBody = { version: b.version };
    if (artistId !== b.artistId) body.artistId = artistId;
    if (title.trim() !== b.title) body.title = title.trim();
    if ((notes.trim() || null) !== (b.notes ?? null)) body.notes = notes.trim() || null;
    if (s !== b.start) body.start = s;
    if (en !== b.end) body.end = en;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await save(body);
      setSaved(true);
    } catch (err) {
      if (isStale(err)) onStale();
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Edit booking" className="space-y-3 border-t border-zinc-100 pt-4" noValidate>
      <h3 className="text-sm font-semibold text-zinc-900">Edit, move or resize</h3>
      <FormError message={error && !(error instanceof ApiError && error.status === 400 && Object.keys(errors).length) ? conflictMessage(error, lookup, artistName) : null} />
      <Field label="Title" error={errors.title}>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      </Field>
      {artists.length > 1 ? (
        <Field label="Artist" error={errors.artistId}>
          <select value={artistId} onChange={(e) => setArtistId(e.target.value)} className={controlClasses}>
            {artists.some((a) => a.id === b.artistId) ? null : <option value={b.artistId}>{artistName ?? "Current artist"}</option>}
            {artists
              .filter((a) => a.active || a.id === b.artistId)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
        </Field>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Starts" error={errors.start}>
          <Input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
        </Field>
        <Field label="Ends" error={errors.end}>
          <Input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />
        </Field>
      </div>
      <Field label="Notes" error={errors.notes}>
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} className={controlClasses} />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" loading={busy}>
          Save changes
        </Button>
        {saved ? <span className="text-sm text-emerald-700">Saved</span> : null}
      </div>
    </form>
  );
}

function RespondSection({ onRespond }: { onRespond: (response: "accept" | "decline", note?: string) => Promise<void> }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<"accept" | "decline" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const go = async (response: "accept" | "decline") => {
    setBusy(response);
    setError(null);
    try {
      await onRespond(response, note.trim() || undefined);
      setNote("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-label="Your answer" className="space-y-2 rounded-lg bg-indigo-50 p-3">
      <h3 className="text-sm font-semibold text-indigo-900">You're asked for this booking</h3>
      <FormError message={error ? conflictMessage(error, () => undefined) : null} />
      <Field label="Note (optional)">
        <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </Field>
      <div className="flex gap-2">
        <Button size="sm" loading={busy === "accept"} onClick={() => void go("accept")}>
          Accept
        </Button>
        <Button size="sm" variant="danger-outline" loading={busy === "decline"} onClick={() => void go("decline")}>
          Decline
        </Button>
      </div>
    </section>
  );
}

const EVENT_TEXT: Record<BookingEvent["type"], string> = {
  created: "created it",
  moved: "moved it",
  updated: "edited it",
  status_changed: "changed the status",
  cancelled: "cancelled it",
  responded: "answered",
  expired: "released it: the hold expired",
  hold_moved_up: "moved it up the hold queue",
};

function History({ bookingId }: { bookingId: string }) {
  const events = useBookingEvents(bookingId);
  const workspace = useCurrentWorkspace();
  const me = useMe();
  const members = useMembers(workspace.id, { page: 1, perPage: 100, q: "" });
  const who = (actorId: string | null) => {
    if (!actorId) return "TeamFlow";
    if (actorId === me.data?.user.id) return "You";
    return members.data?.data.find((m) => m.userId === actorId)?.name ?? "A teammate";
  };
  return (
    <section aria-label="History" className="space-y-3 border-t border-zinc-100 pt-4">
      <h3 className="text-sm font-semibold text-zinc-900">History</h3>
      {events.isPending ? <Spinner label="Loading history" /> : null}
      {events.isError ? <p className="text-sm text-red-700">Couldn't load the history.</p> : null}
      <ol className="space-y-3 border-l border-zinc-200 pl-4" data-testid="booking-history">
        {(events.data ?? []).map((e) => (
          <li key={e.id} className="relative text-sm">
            <span aria-hidden className="absolute -left-[21px] top-1.5 size-2.5 rounded-full bg-indigo-500 ring-2 ring-white" />
            <p className="text-zinc-800">
              <span className="font-medium">{who(e.actorId)}</span> {EVENT_TEXT[e.type]}
              {e.type === "status_changed" && e.before && e.after ? ` from ${STATUS_LABEL[e.before.status]} to ${STATUS_LABEL[e.after.status]}` : ""}
              {e.type === "moved" && e.after ? ` to ${formatRange(e.after.start, e.after.end)}` : ""}
              {e.type === "responded" && e.after ? ` — now ${STATUS_LABEL[e.after.status]}` : ""}
            </p>
            {e.note ? <p className="text-zinc-600">“{e.note}”</p> : null}
            <p className="text-xs text-zinc-500">{formatDateTime(e.createdAt)}</p>
          </li>
        ))}
      </ol>
      <p className="text-xs text-zinc-500">
        Other bookings of this artist: <Link className="text-indigo-700 hover:underline" to={`/w/${workspace.id}/artists`}>artist directory</Link>
      </p>
    </section>
  );
}
