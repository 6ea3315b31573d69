import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { ConfirmDialog, Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { Input, NativeSelect } from "../../components/ui/Input";
import { ApiError, fieldErrors, formMessage } from "../../lib/api";
import { clearFieldError } from "../../lib/form";
import { todayIso } from "./gantt-model";
import { useCreateMilestone, useDeleteMilestone, useUpdateMilestone, type Milestone, type Phase } from "./timeline.api";

const FIELDS = ["name", "date", "done", "phaseId"] as const;

/** Add, edit, tick off or delete a milestone. */
export function MilestoneDialog({ projectId, milestone, phases, canEdit, onClose }: { projectId: string; milestone: Milestone | null; phases: Phase[]; canEdit: boolean; onClose: () => void }) {
  const [values, setValues] = useState({ name: milestone?.name ?? "", date: milestone?.date ?? todayIso(), done: milestone?.done ?? false, phaseId: milestone?.phaseId ?? "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const create = useCreateMilestone(projectId);
  const update = useUpdateMilestone(projectId);
  const remove = useDeleteMilestone(projectId);
  const busy = create.isPending || update.isPending;
  const set = <K extends keyof typeof values>(field: K, value: (typeof values)[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clearFieldError(setErrors, field);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || !canEdit) return;
    const local: Record<string, string> = {};
    if (!values.name.trim()) local.name = "Enter a name";
    if (!values.date) local.date = "Pick a date";
    setErrors(local);
    setError(null);
    if (Object.keys(local).length) return;
    const body = { name: values.name.trim(), date: values.date, done: values.done, phaseId: values.phaseId || null };
    try {
      if (milestone) await update.mutateAsync({ id: milestone.id, version: milestone.version, ...body });
      else await create.mutateAsync(body);
      toast.success(milestone ? `Saved ${body.name}` : `Added ${body.name}`);
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
      if (err instanceof ApiError && err.status === 409) setError(new Error("Someone else changed this milestone meanwhile. Close this dialog and open it again to edit the latest version."));
      else setError(err);
    }
  };

  return (
    <>
      <Dialog
        open
        onOpenChange={(open) => !open && onClose()}
        busy={busy}
        size="sm"
        title={milestone ? (canEdit ? `Edit ${milestone.name}` : milestone.name) : "New milestone"}
        onSubmit={submit}
        footer={
          <>
            {milestone && canEdit ? (
              <Button variant="danger-outline" className="sm:mr-auto" onClick={() => setConfirmDelete(true)} disabled={busy}>
                Delete
              </Button>
            ) : null}
            <Button variant="secondary" onClick={onClose} disabled={busy}>
              {canEdit ? "Cancel" : "Close"}
            </Button>
            {canEdit ? (
              <Button type="submit" loading={busy}>
                {milestone ? "Save milestone" : "Add milestone"}
              </Button>
            ) : null}
          </>
        }
      >
        <FormError message={formMessage(error, FIELDS)} />
        <fieldset disabled={!canEdit} className="space-y-4">
          <Field label="Name" error={errors.name}>
            <Input value={values.name} maxLength={200} autoFocus onChange={(e) => set("name", e.target.value)} placeholder="Picture lock" />
          </Field>
          <Field label="Date" error={errors.date}>
            <Input type="date" value={values.date} onChange={(e) => set("date", e.target.value)} />
          </Field>
          <Field label="Phase" error={errors.phaseId}>
            <NativeSelect value={values.phaseId} onChange={(e) => set("phaseId", e.target.value)}>
              <option value="">No phase</option>
              {phases.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <label className="flex items-center gap-2 text-sm text-zinc-800">
            <input type="checkbox" checked={values.done} onChange={(e) => set("done", e.target.checked)} />
            Done
          </label>
        </fieldset>
      </Dialog>
      {milestone ? (
        <ConfirmDialog
          open={confirmDelete}
          onOpenChange={setConfirmDelete}
          title={`Delete ${milestone.name}?`}
          confirmLabel="Delete milestone"
          onConfirm={async () => {
            await remove.mutateAsync(milestone.id);
            toast.success(`Deleted ${milestone.name}`);
            onClose();
          }}
        />
      ) : null}
    </>
  );
}
