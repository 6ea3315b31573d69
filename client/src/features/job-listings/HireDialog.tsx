import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { ApiError, errorMessage } from "../../lib/api";
import { useHire, type JobApplication, type JobListing } from "./job-listings.api";

/** Hire the applicant: links or creates their artist profile; optionally pencils them for the listing's dates. */
export function HireDialog({ workspaceId, listing, application, open, onOpenChange, onHired }: { workspaceId: string; listing: JobListing; application: JobApplication; open: boolean; onOpenChange: (o: boolean) => void; onHired: () => void }) {
  const hire = useHire(workspaceId);
  const [pencil, setPencil] = useState(true);
  const [start, setStart] = useState(listing.startDate ?? "");
  const [end, setEnd] = useState(listing.endDate ?? "");
  const [error, setError] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<string[]>([]);
  const [fieldError, setFieldError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setConflicts([]);
    setFieldError(null);
    if (pencil && (!start || !end || end < start)) {
      setFieldError(!start || !end ? "Pick the first and last day of the pencil." : "The last day is before the first.");
      return;
    }
    // Whole days, in UTC: from the first day's start to the day after the last.
    const body = pencil ? { start: `${start}T00:00:00Z`, end: new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString(), force: true } : undefined;
    try {
      await hire.mutateAsync({ id: application.id, pencil: body });
      toast.success(pencil ? `${application.name} hired and pencilled` : `${application.name} hired`);
      onOpenChange(false);
      onHired();
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.status === 409) setConflicts(err.details.map((d) => d.message));
    }
  }

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
          <Button type="submit" loading={hire.isPending}>{pencil ? "Hire and pencil" : "Hire"}</Button>
        </>
      }
    >
      {error ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p className="font-medium">{error}</p>
          {conflicts.length ? <ul className="mt-1 list-disc pl-5">{conflicts.map((c) => <li key={c}>{c}</li>)}</ul> : null}
          <p className="mt-1">Nothing was changed. Pick other dates, or hire without a pencil.</p>
        </div>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={pencil} onChange={(e) => setPencil(e.target.checked)} /> Pencil them for these days{listing.projectId ? " on the listing's project" : ""}
      </label>
      {pencil ? (
        <div className="grid grid-cols-2 gap-3">
          <Field label="First day" error={fieldError}>
            <Input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          </Field>
          <Field label="Last day">
            <Input type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
          </Field>
        </div>
      ) : null}
    </Dialog>
  );
}
