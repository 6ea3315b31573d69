import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronDown } from "lucide-react";
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { controlClasses, Input } from "../../components/ui/Input";
import { MenuContent } from "../../components/ui/Menu";
import { Select } from "../../components/ui/Select";
import { fieldErrors, formMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { clearFieldError } from "../../lib/form";
import { useMembers } from "../members/members.api";
import { endOfDayIso } from "../task-list/due-dates";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import {
  TASK_PRIORITIES,
  TASK_PRIORITY_LABEL,
  TASK_STATUSES,
  TASK_STATUS_LABEL,
  useCreateTask,
  useLabels,
  type Task,
  type TaskPriority,
  type TaskStatus,
} from "./tasks.api";

/** Server field names, and how the form names them in messages. */
const LABELS = {
  title: "Title",
  description: "Description",
  status: "Status",
  priority: "Priority",
  assigneeIds: "Assignees",
  labelIds: "Labels",
  dueDate: "Due date",
  storyPoints: "Story points",
} as const;
type FieldName = keyof typeof LABELS;
const FIELDS = Object.keys(LABELS) as FieldName[];

const STATUS_OPTIONS = TASK_STATUSES.map((value) => ({ value, label: TASK_STATUS_LABEL[value] }));
const PRIORITY_OPTIONS = TASK_PRIORITIES.map((value) => ({ value, label: TASK_PRIORITY_LABEL[value] }));

interface Values {
  title: string;
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  assigneeIds: string[];
  labelIds: string[];
  /** "YYYY-MM-DD" from the date field, or "". */
  dueDay: string;
  /** As typed; the server checks the 1–21 range. */
  storyPoints: string;
}

/** The server's "must be 1–21" becomes "Story points must be 1–21". */
function readableFieldErrors(error: unknown): Record<string, string> {
  const out = fieldErrors(error);
  for (const [field, message] of Object.entries(out)) {
    const label = LABELS[field as FieldName];
    if (label && /^[a-z]/.test(message)) out[field] = `${label} ${message}`;
  }
  return out;
}

interface Props {
  projectId: string;
  /** The column the task starts in (e.g. the board column whose "+" was pressed). */
  defaultStatus?: TaskStatus;
  onClose: () => void;
  onCreated?: (task: Task) => void;
}

/**
 * "New task" for a project: title, description, status, priority, assignees,
 * labels, due date and story points. Mount it only while open (it keeps its
 * own form state). Ctrl/⌘+Enter creates from any field.
 */
export function CreateTaskDialog({ projectId, defaultStatus = "TODO", onClose, onCreated }: Props) {
  const workspace = useCurrentWorkspace();
  const members = useMembers(workspace.id, { page: 1, perPage: 100, q: "" });
  const labels = useLabels(workspace.id);
  const create = useCreateTask();
  const [values, setValues] = useState<Values>({
    title: "",
    description: "",
    status: defaultStatus,
    priority: "MEDIUM",
    assigneeIds: [],
    labelIds: [],
    dueDay: "",
    storyPoints: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);

  const set = <K extends keyof Values>(field: K, value: Values[K], serverField: FieldName = field as FieldName) => {
    setValues((v) => ({ ...v, [field]: value }));
    clearFieldError(setErrors, serverField);
  };

  const submit = async (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    if (create.isPending) return;
    setError(null);
    if (!values.title.trim()) {
      setErrors({ title: "Enter a title" });
      return;
    }
    setErrors({});
    try {
      const task = await create.mutateAsync({
        projectId,
        title: values.title.trim(),
        description: values.description.trim() || null,
        status: values.status,
        priority: values.priority,
        assigneeIds: values.assigneeIds,
        labelIds: values.labelIds,
        dueDate: values.dueDay ? endOfDayIso(values.dueDay) : null,
        storyPoints: values.storyPoints.trim() === "" ? null : Number(values.storyPoints),
      });
      onCreated?.(task);
      onClose();
    } catch (err) {
      setErrors(readableFieldErrors(err));
      setError(err);
    }
  };

  const submitOnCtrlEnter = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void submit();
    }
  };

  const memberOptions = (members.data?.data ?? []).map((m) => ({
    value: m.userId,
    label: m.name,
    icon: <Avatar name={m.name} seed={m.userId} size="sm" className="size-5! text-[9px]!" />,
  }));
  const labelOptions = (labels.data ?? []).map((l) => ({
    value: l.id,
    label: l.name,
    icon: <span className="size-2.5 rounded-full" style={{ backgroundColor: l.color }} aria-hidden />,
  }));

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={create.isPending}
      title="New task"
      onSubmit={submit}
      footer={
        <>
          <span className="mr-auto hidden self-center text-xs text-zinc-400 sm:block">Ctrl+Enter to create</span>
          <Button variant="secondary" onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create task
          </Button>
        </>
      }
    >
      <div className="space-y-4" onKeyDown={submitOnCtrlEnter}>
        <FormError message={formMessage(error, FIELDS)} />
        <Field label="Title" error={errors.title}>
          <Input value={values.title} maxLength={200} autoFocus placeholder="What needs doing?" onChange={(e) => set("title", e.target.value)} />
        </Field>
        <Field label="Description" error={errors.description} hint="Markdown is supported.">
          <textarea
            className={cn(controlClasses, "min-h-24")}
            value={values.description}
            rows={4}
            maxLength={50_000}
            onChange={(e) => set("description", e.target.value)}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Status" error={errors.status}>
            <Select value={values.status} onValueChange={(v) => set("status", v)} options={STATUS_OPTIONS} />
          </Field>
          <Field label="Priority" error={errors.priority}>
            <Select value={values.priority} onValueChange={(v) => set("priority", v)} options={PRIORITY_OPTIONS} />
          </Field>
          <Field label="Assignees" error={errors.assigneeIds}>
            <MultiPicker options={memberOptions} selected={values.assigneeIds} onChange={(ids) => set("assigneeIds", ids)} empty="Unassigned" />
          </Field>
          <Field label="Due date" error={errors.dueDate}>
            <Input type="date" value={values.dueDay} onChange={(e) => set("dueDay", e.target.value, "dueDate")} />
          </Field>
          <Field label="Story points" error={errors.storyPoints}>
            <Input type="number" inputMode="numeric" min={1} max={21} step={1} placeholder="1–21" value={values.storyPoints} onChange={(e) => set("storyPoints", e.target.value)} />
          </Field>
          {labelOptions.length > 0 ? (
            <Field label="Labels" error={errors.labelIds}>
              <MultiPicker options={labelOptions} selected={values.labelIds} onChange={(ids) => set("labelIds", ids)} empty="No labels" />
            </Field>
          ) : null}
        </div>
      </div>
    </Dialog>
  );
}

interface PickerOption {
  value: string;
  label: string;
  icon?: ReactNode;
}

interface MultiPickerProps {
  options: PickerOption[];
  selected: string[];
  onChange: (next: string[]) => void;
  /** Shown when nothing is picked. */
  empty: string;
  /** From <Field>: the label points at the trigger. */
  id?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

/** Several of a list (assignees, labels) in a menu of checkboxes that stays open while picking. */
function MultiPicker({ options, selected, onChange, empty, ...field }: MultiPickerProps) {
  const picked = options.filter((o) => selected.includes(o.value));
  const toggle = (value: string, on: boolean) =>
    // The options' order, not the click order.
    onChange(options.map((o) => o.value).filter((v) => (v === value ? on : selected.includes(v))));

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" {...field} className={cn(controlClasses, "flex h-10 items-center gap-2 text-left")}>
          {picked.length === 0 ? <span className="text-zinc-400">{empty}</span> : null}
          {picked.slice(0, 3).map((o) => (
            <span key={o.value} className="inline-flex shrink-0 items-center">
              {o.icon}
            </span>
          ))}
          <span className="min-w-0 flex-1 truncate">{picked.map((o) => o.label).join(", ")}</span>
          <ChevronDown className="size-4 shrink-0 text-zinc-500" aria-hidden />
        </button>
      </DropdownMenu.Trigger>
      <MenuContent align="start" className="max-h-72 overflow-y-auto">
        {options.length === 0 ? <p className="px-2.5 py-2 text-sm text-zinc-500">Nothing to pick</p> : null}
        {options.map((o) => (
          <DropdownMenu.CheckboxItem
            key={o.value}
            checked={selected.includes(o.value)}
            onCheckedChange={(on) => toggle(o.value, on)}
            onSelect={(e) => e.preventDefault()}
            className="relative flex cursor-default select-none items-center gap-2 rounded-lg py-1.5 pl-8 pr-3 text-sm text-zinc-700 outline-none data-[highlighted]:bg-zinc-100 data-[highlighted]:text-zinc-900"
          >
            <DropdownMenu.ItemIndicator className="absolute left-2.5">
              <Check className="size-4 text-indigo-600" aria-hidden />
            </DropdownMenu.ItemIndicator>
            {o.icon}
            <span className="truncate">{o.label}</span>
          </DropdownMenu.CheckboxItem>
        ))}
      </MenuContent>
    </DropdownMenu.Root>
  );
}
