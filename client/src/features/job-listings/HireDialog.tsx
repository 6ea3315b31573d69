import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { ApiError, errorMessage, type ErrorDetail } from "../../lib/api";
import { useHire, type JobApplication, type JobListing } from "./job-listings.api";

/**
 * What a 409 of the hire-and-pencil says, in the dialog's words:
 * - `availability`: outside the artist's working hours or on their time off; may be forced (a flagged booking);
 * - `firm`: another pencilled or confirmed booking of the artist; the database refuses it, nothing can force it.
 */
type Refusal = { kind: "availability"; outsideHours: boolean; timeOff: string[] } | { kind: "firm"; sentence: string } | { kind: "other"; message: string; details: string[] };

const DAY = 86_400_000;
const dayFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const isMidnight = (d: Date) => d.getTime() % DAY === 0;

/** "10 May 2027 to 14 May 2027" for whole days ([start, end) with end the day after), else with times (UTC). */
function describeRange(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (isMidnight(start) && isMidnight(end)) {
    const last = new Date(end.getTime() - DAY);
    return last.getTime() <= start.getTime() ? `on ${dayFormat.format(start)}` : `from ${dayFormat.format(start)} to ${dayFormat.format(last)}`;
  }
  return `from ${timeFormat.format(start)} to ${timeFormat.format(end)} (UTC)`;
}

const STATUS_WORDS: Record<string, string> = { PENCIL: "pencilled", CONFIRMED: "confirmed" };

function refusalOf(err: ApiError, applicantName: string): Refusal {
  const firm = err.details.find((d) => d.reason === "firm_booking" || typeof d.bookingId === "string");
  if (firm) {
    const who = typeof firm.artistName === "string" ? firm.artistName : applicantName;
    // The booking's title is quoted in the detail's message ("overlaps the confirmed booking “Shoot”").
    const title = typeof firm.title === "string" ? firm.title : /“(.+)”/.exec(firm.message)?.[1];
    const what = title ? ` “${title}”` : "";
    const sentence =
      typeof firm.start === "string" && typeof firm.end === "string"
        ? `${who} already has a ${STATUS_WORDS[String(firm.status)] ?? "firm"} booking${what} ${describeRange(firm.start, firm.end)}.`
        : `${who} already has a pencilled or confirmed booking at that time.`;
    return { kind: "firm", sentence };
  }
  const availability = err.details.filter((d: ErrorDetail) => d.reason === "outside_hours" || d.reason === "time_off" || /force: true/.test(d.message));
  if (availability.length) {
    return {
      kind: "availability",
      outsideHours: availability.some((d) => d.reason === "outside_hours" || /working hours/.test(d.message)),
      timeOff: availability.filter((d) => d.reason === "time_off").map((d) => d.message.replace(/; send force: true to book anyway$/, "")),
    };
  }
  return { kind: "other", message: err.message, details: err.details.map((d) => d.message) };
}

/**
 * Hire the applicant: links or creates their artist profile; optionally pencils them for the listing's
 * dates. The pencil is first asked for without `force`: a working-hours or time-off flag is shown and
 * only an explicit second confirmation books anyway; another firm booking cannot be forced (the
 * database's exclusion constraint), so the user picks other dates or hires without a pencil.
 */
export function HireDialog({ workspaceId, listing, application, open, onOpenChange, onHired }: { workspaceId: string; listing: JobListing; application: JobApplication; open: boolean; onOpenChange: (o: boolean) => void; onHired: () => void }) {
  const hire = useHire(workspaceId);
  const [pencil, setPencil] = useState(true);
  const [start, setStart] = useState(listing.startDate ?? "");
  const [end, setEnd] = useState(listing.endDate ?? "");
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  /** Other dates (or no pencil) make the last answer stale: ask again, without force. */
  const changed = () => setRefusal(null);

  async function send(force: boolean) {
    setFieldError(null);
    if (pencil && (!start || !end || end < start)) {
      setFieldError(!start || !end ? "Pick the first and last day of the pencil." : "The last day is before the first.");
      return;
    }
    // Whole days, in UTC: from the first day's start to the day after the last.
    const body = pencil ? { start: `${start}T00:00:00Z`, end: new Date(Date.parse(`${end}T00:00:00Z`) + DAY).toISOString(), ...(force ? { force: true } : {}) } : undefined;
    try {
      await hire.mutateAsync({ id: application.id, pencil: body });
      toast.success(pencil ? `${application.name} hired and pencilled` : `${application.name} hired`);
      onOpenChange(false);
      onHired();
    } catch (err) {
      setRefusal(err instanceof ApiError && err.status === 409 ? refusalOf(err, application.name) : { kind: "other", message: errorMessage(err), details: [] });
    }
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void send(false);
  }

  const forceLabel = refusal?.kind === "availability" ? (refusal.outsideHours && !refusal.timeOff.length ? "Book outside working hours anyway" : refusal.timeOff.length && !refusal.outsideHours ? "Book on their time off anyway" : "Book anyway") : null;

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Hire ${application.name}`}
      description="Links their artist profile (or creates one) and marks the application hired."
      onSubmit={submit}
      busy={hire.isPending}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>Cancel</Button>
          {forceLabel ? (
            <Button variant="danger" loading={hire.isPending} onClick={() => void send(true)}>{forceLabel}</Button>
          ) : (
            <Button type="submit" loading={hire.isPending}>{pencil ? "Hire and pencil" : "Hire"}</Button>
          )}
        </>
      }
    >
      {refusal?.kind === "firm" ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p className="font-medium">{refusal.sentence}</p>
          <p className="mt-1">A pencil cannot overlap another pencilled or confirmed booking, so this cannot be booked anyway. Nothing was changed: pick other days, or untick the pencil to hire without one.</p>
        </div>
      ) : refusal?.kind === "availability" ? (
        <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">{application.name} is not available for all of these days.</p>
          <ul className="mt-1 list-disc pl-5">
            {refusal.outsideHours ? <li>The days are outside their working hours.</li> : null}
            {refusal.timeOff.map((t) => <li key={t}>The days are {t}.</li>)}
          </ul>
          <p className="mt-1">Nothing was changed yet. Pick other days, or confirm to pencil them anyway (the booking is flagged).</p>
        </div>
      ) : refusal?.kind === "other" ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p className="font-medium">{refusal.message}</p>
          {refusal.details.length ? <ul className="mt-1 list-disc pl-5">{refusal.details.map((c) => <li key={c}>{c}</li>)}</ul> : null}
          <p className="mt-1">Nothing was changed.</p>
        </div>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={pencil} onChange={(e) => { setPencil(e.target.checked); changed(); }} /> Pencil them for these days{listing.projectId ? " on the listing's project" : ""}
      </label>
      {pencil ? (
        <div className="grid grid-cols-2 gap-3">
          <Field label="First day" error={fieldError}>
            <Input type="date" value={start} onChange={(e) => { setStart(e.target.value); changed(); }} />
          </Field>
          <Field label="Last day">
            <Input type="date" value={end} onChange={(e) => { setEnd(e.target.value); changed(); }} />
          </Field>
        </div>
      ) : null}
    </Dialog>
  );
}
