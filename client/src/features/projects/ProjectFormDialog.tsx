import { Check } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { controlClasses, Input, NativeSelect } from "../../components/ui/Input";
import { Select } from "../../components/ui/Select";
import { ApiError, fieldErrors, formMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { clearFieldError } from "../../lib/form";
import type { Member } from "../../lib/types";
import { PROJECT_COLORS, STATUS_LABEL, suggestKey, useCreateProject, useUpdateProject, type Project, type ProjectInput } from "./projects.api";

const FIELDS = ["name", "key", "description", "color", "status", "startDate", "endDate", "leadId"] as const;
const LABELS: Record<string, string> = {
  name: "Name",
  key: "Key",
  description: "Description",
  color: "Colour",
  status: "Status",
  startDate: "Start date",
  endDate: "End date",
  leadId: "Lead",
};

/** Server field messages read "is already in use": name the field in front. */
function readableFieldErrors(error: unknown): Record<string, string> {
  const out = fieldErrors(error);
  for (const [field, message] of Object.entries(out)) {
    if (/^[a-z]/.test(message) && LABELS[field]) out[field] = `${LABELS[field]} ${message}`;
  }
  return out;
}

type EditableStatus = ProjectInput["status"];
const STATUS_OPTIONS: { value: EditableStatus; label: string }[] = (["ACTIVE", "ON_HOLD", "COMPLETED"] as const).map((value) => ({
  value,
  label: STATUS_LABEL[value],
}));

interface Props {
  workspaceId: string;
  /** null: create a new project. */
  project: Project | null;
  members: Member[];
  onClose: () => void;
}

function initialValues(project: Project | null): ProjectInput {
  return {
    name: project?.name ?? "",
    key: project?.key ?? "",
    description: project?.description ?? "",
    color: project?.color ?? PROJECT_COLORS[0]!,
    status: project && project.status !== "ARCHIVED" ? project.status : "ACTIVE",
    startDate: project?.startDate?.slice(0, 10) ?? "",
    endDate: project?.endDate?.slice(0, 10) ?? "",
    leadId: project?.leadId ?? "",
  };
}

/** Create or edit a project. Mount it only while open (it keeps its own form state). */
export function ProjectFormDialog({ workspaceId, project, members, onClose }: Props) {
  const [values, setValues] = useState<ProjectInput>(() => initialValues(project));
  const [keyEdited, setKeyEdited] = useState(project !== null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const create = useCreateProject(workspaceId);
  const update = useUpdateProject(workspaceId);
  const busy = create.isPending || update.isPending;

  const set = <K extends keyof ProjectInput>(field: K, value: ProjectInput[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clearFieldError(setErrors, field);
  };

  const validate = (): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!values.name.trim()) out.name = "Enter a name";
    if (!/^[A-Za-z][A-Za-z0-9]{1,9}$/.test(values.key.trim())) out.key = "Use 2–10 letters or digits, starting with a letter";
    if (values.startDate && values.endDate && values.endDate < values.startDate) out.endDate = "The end date can't be before the start date";
    return out;
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const local = validate();
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    const input: ProjectInput = {
      name: values.name.trim(),
      key: values.key.trim().toUpperCase(),
      description: values.description?.trim() || null,
      color: values.color,
      status: values.status,
      startDate: values.startDate || null,
      endDate: values.endDate || null,
      leadId: values.leadId || null,
    };
    try {
      if (project) {
        const before = initialValues(project);
        const changes: Partial<ProjectInput> = {};
        for (const field of FIELDS) {
          const now = input[field];
          const was = before[field] || null;
          if ((now || null) !== was) (changes as Record<string, unknown>)[field] = now;
        }
        // An archived project keeps its status unless it was changed here.
        if (project.status === "ARCHIVED" && input.status === "ACTIVE") delete changes.status;
        if (Object.keys(changes).length === 0) {
          onClose();
          return;
        }
        await update.mutateAsync({ id: project.id, version: project.version, ...changes });
        toast.success(`Saved ${input.name}`);
      } else {
        await create.mutateAsync(input);
        toast.success(`Created ${input.name} (${input.key})`);
      }
      onClose();
    } catch (err) {
      setErrors(readableFieldErrors(err));
      setError(err);
      if (err instanceof ApiError && err.status === 409 && err.details.some((d) => d.field === "version")) {
        setError(new Error("Someone else changed this project meanwhile. Close this dialog and open it again to edit the latest version."));
      }
    }
  };

  const leadOptions = members.map((m) => (
    <option key={m.userId} value={m.userId}>
      {m.name}
    </option>
  ));

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      title={project ? `Edit ${project.name}` : "New project"}
      description={project ? undefined : "Projects group your team's tasks, sprints and timeline."}
      onSubmit={submit}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {project ? "Save changes" : "Create project"}
          </Button>
        </>
      }
    >
      <FormError message={formMessage(error, FIELDS)} />
      <Field label="Name" error={errors.name}>
        <Input
          value={values.name}
          maxLength={100}
          autoFocus
          onChange={(e) => {
            const name = e.target.value;
            set("name", name);
            if (!keyEdited) {
              setValues((v) => ({ ...v, name, key: suggestKey(name) }));
              clearFieldError(setErrors, "key");
            }
          }}
          placeholder="Website redesign"
        />
      </Field>
      <Field label="Key" error={errors.key} hint="A short prefix for task IDs, like WEB-12.">
        <Input
          value={values.key}
          maxLength={10}
          className="font-mono uppercase"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setKeyEdited(true);
            set("key", e.target.value.toUpperCase().replace(/[^A-Z0-9]/g, ""));
          }}
          placeholder="WEB"
        />
      </Field>
      <Field label="Description" error={errors.description}>
        <textarea
          className={cn(controlClasses, "min-h-20")}
          value={values.description ?? ""}
          maxLength={10_000}
          rows={3}
          onChange={(e) => set("description", e.target.value)}
        />
      </Field>
      <div className="space-y-1.5">
        <span id="project-colour-label" className="block text-sm font-medium text-zinc-800">
          Colour
        </span>
        <div role="radiogroup" aria-labelledby="project-colour-label" className="flex flex-wrap gap-2">
          {PROJECT_COLORS.map((c) => {
            const selected = values.color.toLowerCase() === c;
            return (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={selected}
                aria-label={c}
                title={c}
                onClick={() => set("color", c)}
                className={cn(
                  "flex size-8 items-center justify-center rounded-full ring-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                  selected && "ring-2 ring-zinc-900",
                )}
                style={{ backgroundColor: c }}
              >
                {selected ? <Check className="size-4 text-white" aria-hidden /> : null}
              </button>
            );
          })}
        </div>
        {errors.color ? <p className="text-xs font-medium text-red-600">{errors.color}</p> : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Status" error={errors.status}>
          <Select value={values.status} onValueChange={(v) => set("status", v)} options={STATUS_OPTIONS} />
        </Field>
        <Field label="Lead" error={errors.leadId}>
          <NativeSelect value={values.leadId ?? ""} onChange={(e) => set("leadId", e.target.value)}>
            <option value="">No lead</option>
            {leadOptions}
          </NativeSelect>
        </Field>
        <Field label="Start date" error={errors.startDate}>
          <Input type="date" value={values.startDate ?? ""} onChange={(e) => set("startDate", e.target.value)} />
        </Field>
        <Field label="End date" error={errors.endDate}>
          <Input type="date" value={values.endDate ?? ""} min={values.startDate || undefined} onChange={(e) => set("endDate", e.target.value)} />
        </Field>
      </div>
    </Dialog>
  );
}
