import { Plus, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button, IconButton } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { Spinner } from "../../components/ui/Spinner";
import { errorMessage, fieldErrors, formMessage } from "../../lib/api";
import { clearFieldError } from "../../lib/form";
import { daysBetween, formatDay } from "../sprints/sprint-dates";
import { useAddTimeOff, useDeleteTimeOff, useTimeOff, type TimeOff } from "./artists.api";

const FIELDS = ["startDate", "endDate", "reason"];

const span = (t: TimeOff) => {
  const days = daysBetween(t.startDate, t.endDate) + 1;
  const range = t.startDate === t.endDate ? formatDay(t.startDate) : `${formatDay(t.startDate)} – ${formatDay(t.endDate)}`;
  return `${range} · ${days} day${days === 1 ? "" : "s"}`;
};

/** Whole days off (both dates inclusive, in the artist's timezone): the list, an add form and delete with a confirmation. */
export function TimeOffList({ artistId, canEdit }: { artistId: string; canEdit: boolean }) {
  const list = useTimeOff(artistId);
  const add = useAddTimeOff(artistId);
  const remove = useDeleteTimeOff(artistId);
  const [values, setValues] = useState({ startDate: "", endDate: "", reason: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState<TimeOff | null>(null);

  const set = (field: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    clearFieldError(setErrors, field);
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!values.startDate) local.startDate = "Choose the first day off";
    if (!values.endDate) local.endDate = "Choose the last day off";
    else if (values.startDate && values.endDate < values.startDate) local.endDate = "The last day can't be before the first";
    setErrors(local);
    setError(null);
    if (Object.keys(local).length) return;
    try {
      await add.mutateAsync({ startDate: values.startDate, endDate: values.endDate, reason: values.reason.trim() || null });
      toast.success("Time off added");
      setValues({ startDate: "", endDate: "", reason: "" });
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(Object.fromEntries(Object.entries(byField).map(([f, m]) => [f, /^[a-z]/.test(m) ? `${f === "endDate" ? "Last day" : f === "startDate" ? "First day" : "Reason"} ${m}` : m])));
      setError(err);
    }
  };

  const entries = [...(list.data ?? [])].sort((a, b) => a.startDate.localeCompare(b.startDate));

  return (
    <div className="space-y-4" data-testid="time-off">
      {list.isPending ? (
        <Spinner className="size-5 text-zinc-400" label="Loading time off" />
      ) : list.isError ? (
        <FormError message={errorMessage(list.error)} />
      ) : entries.length === 0 ? (
        <p className="text-sm text-zinc-500">No time off planned.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200" aria-label="Time off">
          {entries.map((t) => (
            <li key={t.id} className="flex items-center gap-3 px-3 py-2">
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-zinc-800">{span(t)}</p>
                {t.reason ? <p className="truncate text-xs text-zinc-500">{t.reason}</p> : null}
              </div>
              {canEdit ? (
                <IconButton label={`Delete time off ${span(t)}`} onClick={() => setDeleting(t)}>
                  <Trash2 className="size-4" aria-hidden />
                </IconButton>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {canEdit ? (
        <form onSubmit={(e) => void submit(e)} className="space-y-3" aria-label="Add time off" noValidate>
          <FormError message={formMessage(error, FIELDS)} />
          <div className="grid gap-3 sm:grid-cols-2 sm:items-start">
            <Field label="First day" error={errors.startDate}>
              <Input type="date" value={values.startDate} onChange={(e) => set("startDate", e.target.value)} />
            </Field>
            <Field label="Last day" error={errors.endDate}>
              <Input type="date" value={values.endDate} min={values.startDate || undefined} onChange={(e) => set("endDate", e.target.value)} />
            </Field>
            <Field label="Reason" error={errors.reason} className="sm:col-span-2">
              <Input value={values.reason} maxLength={500} placeholder="Holiday" onChange={(e) => set("reason", e.target.value)} />
            </Field>
            <Button type="submit" className="sm:justify-self-start" loading={add.isPending} icon={<Plus className="size-4" aria-hidden />}>
              Add time off
            </Button>
          </div>
        </form>
      ) : null}

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this time off?"
        description={deleting ? `${span(deleting)}${deleting.reason ? ` (${deleting.reason})` : ""} becomes bookable again.` : undefined}
        confirmLabel="Delete time off"
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync(deleting.id);
          toast.success("Time off deleted");
        }}
      />
    </div>
  );
}
