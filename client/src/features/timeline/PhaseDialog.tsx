import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { ConfirmDialog, Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { ApiError, fieldErrors, formMessage } from "../../lib/api";
import { clearFieldError } from "../../lib/form";
import { addDaysIso, todayIso, wouldCycle } from "./gantt-model";
import { useCreatePhase, useDeletePhase, useUpdatePhase, type Phase } from "./timeline.api";

const FIELDS = ["name", "startDate", "endDate", "progress", "color", "dependsOn", "shiftDependents"] as const;

interface Props {
  projectId: string;
  /** null: a new phase. */
  phase: Phase | null;
  phases: Phase[];
  canEdit: boolean;
  defaultColor: string;
  onMove: (phaseId: string, toIndex: number) => void;
  onClose: () => void;
}

/** Every phase action without a mouse: name, dates, progress, colour, dependencies (with the shift option), order, delete. */
export function PhaseDialog({ projectId, phase, phases, canEdit, defaultColor, onMove, onClose }: Props) {
  const last = phases.reduce<string | null>((max, p) => (!max || p.endDate > max ? p.endDate : max), null);
  const start = phase?.startDate ?? (last ? addDaysIso(last, 1) : todayIso());
  const [values, setValues] = useState({
    name: phase?.name ?? "",
    startDate: start,
    endDate: phase?.endDate ?? addDaysIso(start, 6),
    progress: String(phase?.progress ?? 0),
    color: phase?.color ?? defaultColor,
    dependsOn: phase?.dependsOn ?? [],
    shiftDependents: false,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const create = useCreatePhase(projectId);
  const update = useUpdatePhase(projectId);
  const remove = useDeletePhase(projectId);
  const busy = create.isPending || update.isPending;
  const index = phase ? phases.findIndex((p) => p.id === phase.id) : -1;
  const set = <K extends keyof typeof values>(field: K, value: (typeof values)[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clearFieldError(setErrors, field);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || !canEdit) return;
    const local: Record<string, string> = {};
    const progress = Number(values.progress);
    if (!values.name.trim()) local.name = "Enter a name";
    if (!values.startDate) local.startDate = "Pick a start date";
    if (!values.endDate) local.endDate = "Pick an end date";
    if (values.startDate && values.endDate && values.endDate < values.startDate) local.endDate = "The end date can't be before the start date";
    if (!Number.isInteger(progress) || progress < 0 || progress > 100) local.progress = "Progress is a whole number from 0 to 100";
    setErrors(local);
    setError(null);
    if (Object.keys(local).length) return;
    const body = { name: values.name.trim(), startDate: values.startDate, endDate: values.endDate, progress, color: values.color, dependsOn: values.dependsOn };
    try {
      if (phase) {
        // A reorder meanwhile bumps the version without touching what this form edits: base the save on it then.
        const latest = phases.find((p) => p.id === phase.id);
        const same = latest && (["name", "startDate", "endDate", "progress", "color"] as const).every((f) => latest[f] === phase[f]) && latest.dependsOn.join() === phase.dependsOn.join();
        await update.mutateAsync({ id: phase.id, version: same ? latest.version : phase.version, ...body, shiftDependents: values.shiftDependents });
        toast.success(`Saved ${body.name}`);
      } else {
        await create.mutateAsync(body);
        toast.success(`Added ${body.name}`);
      }
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
      if (err instanceof ApiError && err.status === 409 && err.details.some((d) => d.field === "version")) {
        setError(new Error("Someone else changed this phase meanwhile. Close this dialog and open it again to edit the latest version."));
      } else setError(err);
    }
  };

  const others = phases.filter((p) => p.id !== phase?.id);
  return (
    <>
      <Dialog
        open
        onOpenChange={(open) => !open && onClose()}
        busy={busy}
        title={phase ? (canEdit ? `Edit ${phase.name}` : phase.name) : "New phase"}
        description={phase ? undefined : "A stretch of the project on the timeline, e.g. pre-production or the shoot."}
        onSubmit={submit}
        footer={
          <>
            {phase && canEdit ? (
              <Button variant="danger-outline" className="sm:mr-auto" onClick={() => setConfirmDelete(true)} disabled={busy}>
                Delete phase
              </Button>
            ) : null}
            <Button variant="secondary" onClick={onClose} disabled={busy}>
              {canEdit ? "Cancel" : "Close"}
            </Button>
            {canEdit ? (
              <Button type="submit" loading={busy}>
                {phase ? "Save phase" : "Add phase"}
              </Button>
            ) : null}
          </>
        }
      >
        <FormError message={formMessage(error, FIELDS)} />
        <fieldset disabled={!canEdit} className="space-y-4">
          <Field label="Name" error={errors.name}>
            <Input value={values.name} maxLength={200} autoFocus onChange={(e) => set("name", e.target.value)} placeholder="Pre-production" />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Start date" error={errors.startDate}>
              <Input type="date" value={values.startDate} onChange={(e) => set("startDate", e.target.value)} />
            </Field>
            <Field label="End date" error={errors.endDate}>
              <Input type="date" value={values.endDate} onChange={(e) => set("endDate", e.target.value)} />
            </Field>
          </div>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Progress (%)" error={errors.progress}>
              <Input type="number" min={0} max={100} step={1} value={values.progress} onChange={(e) => set("progress", e.target.value)} />
            </Field>
            <Field label="Colour" error={errors.color}>
              <Input type="color" className="h-10 p-1" value={values.color} onChange={(e) => set("color", e.target.value)} />
            </Field>
          </div>
          <div>
            <p className="text-sm font-medium text-zinc-800">Starts after</p>
            {errors.dependsOn ? <p className="mt-1 text-sm text-red-600">{errors.dependsOn}</p> : null}
            {others.length === 0 ? (
              <p className="mt-1 text-sm text-zinc-500">Add another phase to make this one depend on it.</p>
            ) : (
              <ul className="mt-1 max-h-40 space-y-1 overflow-y-auto rounded-lg border border-zinc-200 p-2">
                {others.map((o) => {
                  const checked = values.dependsOn.includes(o.id);
                  const cycle = !checked && !!phase && wouldCycle(phases, phase.id, o.id);
                  return (
                    <li key={o.id}>
                      <label className="flex items-center gap-2 text-sm text-zinc-800">
                        <input type="checkbox" checked={checked} disabled={cycle} onChange={(e) => set("dependsOn", e.target.checked ? [...values.dependsOn, o.id] : values.dependsOn.filter((id) => id !== o.id))} />
                        <span className="truncate">{o.name}</span>
                        <span className="ml-auto shrink-0 text-xs text-zinc-500">{cycle ? "would make a cycle" : `ends ${o.endDate}`}</span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          {phase ? (
            <label className="flex items-start gap-2 text-sm text-zinc-800">
              <input type="checkbox" className="mt-0.5" checked={values.shiftDependents} onChange={(e) => set("shiftDependents", e.target.checked)} />
              <span>Move the phases that depend on this one by as many days as its end moves</span>
            </label>
          ) : null}
        </fieldset>
        {phase && canEdit && phases.length > 1 ? (
          <div className="flex items-center gap-2 text-sm text-zinc-600">
            <span>Order: {index + 1} of {phases.length}</span>
            <Button size="sm" variant="secondary" disabled={index <= 0 || busy} onClick={() => onMove(phase.id, index - 1)}>
              Move up
            </Button>
            <Button size="sm" variant="secondary" disabled={index >= phases.length - 1 || busy} onClick={() => onMove(phase.id, index + 1)}>
              Move down
            </Button>
          </div>
        ) : null}
      </Dialog>
      {phase ? (
        <ConfirmDialog
          open={confirmDelete}
          onOpenChange={setConfirmDelete}
          title={`Delete ${phase.name}?`}
          description="Its dependencies go with it; milestones on it stay on the timeline without a phase."
          confirmLabel="Delete phase"
          onConfirm={async () => {
            await remove.mutateAsync(phase.id);
            toast.success(`Deleted ${phase.name}`);
            onClose();
          }}
        />
      ) : null}
    </>
  );
}
