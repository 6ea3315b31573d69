import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { controlClasses, Input, NativeSelect } from "../../components/ui/Input";
import { ApiError, fieldErrors } from "../../lib/api";
import { useDebouncedValue } from "../../lib/use-debounced-value";
import {
  STATUS_LABEL,
  checkAvailability,
  conflictMessage,
  useCreateBooking,
  type AvailabilityCheck,
  type CalendarArtist,
  type CalendarBooking,
  type CreateBookingInput,
} from "./calendar.api";
import { formatRange, fromLocalInput, toLocalInput } from "./calendar-model";

export interface BookingDraft {
  artistId: string;
  start: number;
  end: number;
}

interface Props {
  workspaceId: string;
  artists: CalendarArtist[];
  projects: { id: string; name: string }[];
  draft: BookingDraft;
  lookup: (id: string) => CalendarBooking | undefined;
  onClose: () => void;
  onCreated: (booking: { id: string; title: string }) => void;
}

const CREATABLE = ["HOLD", "PENCIL", "CONFIRMED"] as const;

/**
 * New booking: prefilled from a drag on the calendar (artist, start, end) or
 * opened by the "New booking" button. Checks availability as the fields
 * change, shows the clashes before submitting, and offers "book anyway"
 * (force) only when the time is outside the artist's hours or on time off.
 */
export function BookingFormDialog({ workspaceId, artists, projects, draft, lookup, onClose, onCreated }: Props) {
  const [artistId, setArtistId] = useState(draft.artistId);
  const [title, setTitle] = useState("");
  const [projectId, setProjectId] = useState("");
  const [status, setStatus] = useState<(typeof CREATABLE)[number]>("HOLD");
  const [start, setStart] = useState(toLocalInput(draft.start));
  const [end, setEnd] = useState(toLocalInput(draft.end));
  const [notes, setNotes] = useState("");
  const [force, setForce] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = useCreateBooking(workspaceId);

  const startIso = fromLocalInput(start);
  const endIso = fromLocalInput(end);
  const rangeOk = !!startIso && !!endIso && Date.parse(endIso) > Date.parse(startIso);
  const artist = artists.find((a) => a.id === artistId);

  // Availability of the chosen artist and time, checked as they change.
  const probe = useDebouncedValue(rangeOk && artistId ? `${artistId}|${startIso}|${endIso}` : "", 250);
  const [check, setCheck] = useState<AvailabilityCheck | null>(null);
  useEffect(() => {
    if (!probe) {
      setCheck(null);
      return;
    }
    const [id, s, e] = probe.split("|") as [string, string, string];
    let live = true;
    checkAvailability(workspaceId, { artistIds: [id], start: s, end: e, includeHolds: true })
      .then((answer) => live && setCheck(answer[0] ?? null))
      .catch(() => live && setCheck(null));
    return () => {
      live = false;
    };
  }, [probe, workspaceId]);

  const needsForce = !!check && (check.outsideHours || check.timeOffIds.length > 0);
  const firmClashes = useMemo(() => (check?.conflicts ?? []).filter((c) => c.status !== "HOLD"), [check]);
  const holdClashes = useMemo(() => (check?.conflicts ?? []).filter((c) => c.status === "HOLD"), [check]);

  const errors = fieldErrors(error);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!title.trim()) {
      setError(new ApiError({ status: 400, code: "VALIDATION_ERROR", message: "Give the booking a title.", details: [{ field: "title", message: "is required" }] }));
      return;
    }
    if (!rangeOk) {
      setError(new ApiError({ status: 400, code: "VALIDATION_ERROR", message: "The end must be after the start.", details: [{ field: "end", message: "must be after the start" }] }));
      return;
    }
    const body: CreateBookingInput = {
      artistId,
      title: title.trim(),
      start: startIso!,
      end: endIso!,
      status,
      ...(projectId ? { projectId } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(force ? { force: true } : {}),
    };
    setError(null);
    try {
      const booking = await create.mutateAsync(body);
      onCreated(booking);
      onClose();
    } catch (err) {
      setError(err);
    }
  };

  const message = error ? (error instanceof ApiError && error.status === 409 ? conflictMessage(error, lookup, artist?.name) : error instanceof ApiError && error.code === "VALIDATION_ERROR" && Object.keys(errors).length ? null : conflictMessage(error, lookup)) : null;

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="New booking"
      description={artist ? `${artist.name} · times in your timezone (${Intl.DateTimeFormat().resolvedOptions().timeZone})` : undefined}
      onSubmit={submit}
      busy={create.isPending}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create booking
          </Button>
        </>
      }
    >
      <FormError message={message} />
      <Field label="Artist" error={errors.artistId}>
        <NativeSelect value={artistId} onChange={(e) => setArtistId(e.target.value)}>
          {artists.filter((a) => a.active).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Title" error={errors.title}>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Compositing, week 2" autoFocus maxLength={200} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Project" error={errors.projectId}>
          <NativeSelect value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            <option value="">No project</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Status" error={errors.status}>
          <NativeSelect value={status} onChange={(e) => setStatus(e.target.value as (typeof CREATABLE)[number])}>
            {CREATABLE.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Start" error={errors.start}>
          <Input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
        </Field>
        <Field label="End" error={errors.end}>
          <Input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />
        </Field>
      </div>
      <Field label="Notes" error={errors.notes}>
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={10_000} className={controlClasses} />
      </Field>

      <div data-testid="availability" aria-live="polite" className="space-y-2 text-sm">
        {check && check.available && holdClashes.length === 0 ? <p className="text-emerald-700">{artist?.name ?? "The artist"} is free then.</p> : null}
        {firmClashes.map((c) => {
          const other = lookup(c.bookingId);
          return (
            <p key={c.bookingId} className="rounded-lg bg-red-50 px-3 py-2 text-red-800">
              Overlaps the {STATUS_LABEL[c.status].toLowerCase()} booking “{other?.title ?? "another booking"}” ({formatRange(c.start, c.end)}). A pencil or confirmed booking can't overlap it; a hold can.
            </p>
          );
        })}
        {holdClashes.length ? (
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
            {holdClashes.length} hold{holdClashes.length === 1 ? "" : "s"} on this time already ({holdClashes.map((c) => lookup(c.bookingId)?.title ?? "a hold").join(", ")}): a new hold ranks after {holdClashes.length === 1 ? "it" : "them"}.
          </p>
        ) : null}
        {check?.nextFreeSlot && !check.available ? <p className="text-zinc-600">Next free slot: {formatRange(check.nextFreeSlot.start, check.nextFreeSlot.end)}</p> : null}
        {needsForce ? (
          <label className="flex items-start gap-2 rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
            <input type="checkbox" className="mt-0.5 size-4 rounded border-zinc-300 text-indigo-600" checked={force} onChange={(e) => setForce(e.target.checked)} />
            <span>
              {check!.timeOffIds.length ? `This is on ${artist?.name ?? "the artist"}'s time off.` : `This is outside ${artist?.name ?? "the artist"}'s working hours (${artist?.timezone}).`} Book anyway (the booking is flagged).
            </span>
          </label>
        ) : null}
      </div>
    </Dialog>
  );
}
