import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { controlClasses, Input } from "../../components/ui/Input";
import { ApiError, fieldErrors, formMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { clearFieldError } from "../../lib/form";
import { nextSprintDates } from "./sprint-dates";
import { useCreateSprint, useUpdateSprint, type Sprint, type SprintInput } from "./sprints.api";

const FIELDS = ["name", "goal", "startDate", "endDate"] as const;
const LABELS: Record<string, string> = { name: "Name", goal: "Goal", startDate: "Start date", endDate: "End date" };

interface Props {
  projectId: string;
  /** null: plan a new sprint. */
  sprint: Sprint | null;
  /** The project's sprints, to suggest a new sprint's name and dates. */
  sprints?: Sprint[];
  onClose: () => void;
}

interface Values {
  name: string;
  goal: string;
  startDate: string;
  endDate: string;
}

function initialValues(sprint: Sprint | null, sprints: Sprint[]): Values {
  if (sprint) return { name: sprint.name, goal: sprint.goal ?? "", startDate: sprint.startDate ?? "", endDate: sprint.endDate ?? "" };
  return { name: `Sprint ${sprints.length + 1}`, goal: "", ...nextSprintDates(sprints) };
}

/** Server messages read "must not be before startDate": name the field in front. */
function readableFieldErrors(error: unknown): Record<string, string> {
  const out = fieldErrors(error);
  for (const [field, message] of Object.entries(out)) {
    if (/^[a-z]/.test(message) && LABELS[field]) out[field] = `${LABELS[field]} ${message.replace("startDate", "the start date")}`;
  }
  return out;
}

function validate(values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  if (!values.name.trim()) out.name = "Enter a name";
  if (values.startDate && values.endDate && values.endDate < values.startDate) out.endDate = "The end date can't be before the start date";
  return out;
}

/** Plan or edit a sprint. Mount it only while open (it keeps its own form state). */
export function SprintFormDialog({ projectId, sprint, sprints = [], onClose }: Props) {
  const [values, setValues] = useState<Values>(() => initialValues(sprint, sprints));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const create = useCreateSprint(projectId);
  const update = useUpdateSprint(projectId);
  const busy = create.isPending || update.isPending;

  const set = (field: keyof Values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    clearFieldError(setErrors, field);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const local = validate(values);
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    const input: SprintInput = {
      name: values.name.trim(),
      goal: values.goal.trim() || null,
      startDate: values.startDate || null,
      endDate: values.endDate || null,
    };
    try {
      if (sprint) {
        await update.mutateAsync({ id: sprint.id, version: sprint.version, ...input });
        toast.success(`Saved ${input.name}`);
      } else {
        await create.mutateAsync(input);
        toast.success(`Planned ${input.name}`);
      }
      onClose();
    } catch (err) {
      setErrors(readableFieldErrors(err));
      setError(err);
      if (err instanceof ApiError && err.status === 409) {
        setError(new Error("Someone else changed this sprint meanwhile. Close this dialog and open it again to edit the latest version."));
      }
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      title={sprint ? `Edit ${sprint.name}` : "New sprint"}
      description={sprint ? undefined : "A time-boxed batch of work. Move tasks into it from the backlog, then start it."}
      onSubmit={submit}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {sprint ? "Save changes" : "Create sprint"}
          </Button>
        </>
      }
    >
      <FormError message={formMessage(error, FIELDS)} />
      <Field label="Name" error={errors.name}>
        <Input value={values.name} maxLength={100} autoFocus onChange={(e) => set("name", e.target.value)} placeholder="Sprint 1" />
      </Field>
      <Field label="Goal" error={errors.goal} hint="Optional: what the team wants to have done when the sprint ends.">
        <textarea
          className={cn(controlClasses, "min-h-16")}
          value={values.goal}
          maxLength={1000}
          rows={2}
          onChange={(e) => set("goal", e.target.value)}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Start date" error={errors.startDate}>
          <Input type="date" value={values.startDate} onChange={(e) => set("startDate", e.target.value)} />
        </Field>
        <Field label="End date" error={errors.endDate}>
          <Input type="date" value={values.endDate} onChange={(e) => set("endDate", e.target.value)} />
        </Field>
      </div>
    </Dialog>
  );
}
