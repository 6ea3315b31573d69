import { useId, type ReactNode } from "react";
import { toast } from "sonner";
import { Avatar } from "../../components/ui/Avatar";
import { errorMessage } from "../../lib/api";
import type { Member } from "../../lib/types";
import {
  TASK_PRIORITIES,
  TASK_PRIORITY_LABEL,
  TASK_STATUSES,
  TASK_STATUS_LABEL,
  type Label,
  type Task,
  type TaskPriority,
  type TaskStatus,
} from "../tasks/tasks.api";
import { DueDateField, ReadOnlyDate, StoryPointsField } from "./fields";
import { MultiPicker } from "./MultiPicker";
import { PriorityIcon, PropertySelect, StatusIcon } from "./PropertySelect";
import type { Sprint } from "../sprints/sprints.api";
import type { SaveTask } from "./use-task-patch";

const STATUS_OPTIONS = [...TASK_STATUSES, "ARCHIVED" as const].map((s) => ({ value: s, label: TASK_STATUS_LABEL[s], icon: <StatusIcon status={s} /> }));
const PRIORITY_OPTIONS = TASK_PRIORITIES.map((p) => ({ value: p, label: TASK_PRIORITY_LABEL[p], icon: <PriorityIcon priority={p} /> }));
const NO_SPRINT = "none";
const LABEL_COLORS = ["#6366f1", "#0ea5e9", "#10b981", "#84cc16", "#f59e0b", "#f97316", "#ef4444", "#ec4899", "#8b5cf6", "#64748b"];

/** A stable colour for a new label, from its name. */
function colorFor(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return LABEL_COLORS[Math.abs(h) % LABEL_COLORS.length]!;
}

interface TaskPropertiesProps {
  task: Task;
  canEdit: boolean;
  save: SaveTask;
  /** Who can be assigned: workspace members, or only me for a personal task. */
  assignable: Member[];
  labels: Label[];
  labelsLoading: boolean;
  sprints: Sprint[];
  createLabel: (input: { name: string; color: string }) => Promise<Label>;
}

/** Status, priority, people, labels, dates, points and sprint, each editable in place. */
export function TaskProperties({ task, canEdit, save, assignable, labels, labelsLoading, sprints, createLabel }: TaskPropertiesProps) {
  const id = useId();
  const done = task.status === "DONE";

  return (
    <dl className="grid grid-cols-[7.5rem_minmax(0,1fr)] items-center gap-x-3 gap-y-1.5 text-sm" data-testid="task-properties">
      <Property label="Status" htmlFor={`${id}-status`}>
        {canEdit ? (
          <PropertySelect<TaskStatus> id={`${id}-status`} label="Status" value={task.status} options={STATUS_OPTIONS} onChange={(status) => save({ status })} />
        ) : (
          <ReadOnlyValue icon={<StatusIcon status={task.status} />}>{TASK_STATUS_LABEL[task.status]}</ReadOnlyValue>
        )}
      </Property>

      <Property label="Priority" htmlFor={`${id}-priority`}>
        {canEdit ? (
          <PropertySelect<TaskPriority>
            id={`${id}-priority`}
            label="Priority"
            value={task.priority}
            options={PRIORITY_OPTIONS}
            onChange={(priority) => save({ priority })}
          />
        ) : (
          <ReadOnlyValue icon={<PriorityIcon priority={task.priority} />}>{TASK_PRIORITY_LABEL[task.priority]}</ReadOnlyValue>
        )}
      </Property>

      <Property label="Assignees">
        {canEdit ? (
          <AssigneesPicker task={task} save={save} assignable={assignable} />
        ) : (
          <ReadOnlyValue>{task.assignees.length ? <People people={task.assignees} /> : <span className="text-zinc-500">Unassigned</span>}</ReadOnlyValue>
        )}
      </Property>

      <Property label="Labels">
        {canEdit ? (
          <LabelsPicker task={task} save={save} labels={labels} loading={labelsLoading} createLabel={createLabel} />
        ) : (
          <ReadOnlyValue>{task.labels.length ? <LabelPills labels={task.labels} /> : <span className="text-zinc-500">No labels</span>}</ReadOnlyValue>
        )}
      </Property>

      <Property label="Due date" htmlFor={`${id}-due`}>
        {canEdit ? (
          <DueDateField id={`${id}-due`} dueDate={task.dueDate} done={done} onSave={(dueDate) => save({ dueDate })} />
        ) : (
          <ReadOnlyValue>
            <ReadOnlyDate dueDate={task.dueDate} done={done} />
          </ReadOnlyValue>
        )}
      </Property>

      <Property label="Story points" htmlFor={`${id}-points`}>
        {canEdit ? (
          <StoryPointsField id={`${id}-points`} points={task.storyPoints} onSave={(storyPoints) => save({ storyPoints })} />
        ) : (
          <ReadOnlyValue>{task.storyPoints ?? <span className="text-zinc-500">None</span>}</ReadOnlyValue>
        )}
      </Property>

      {task.projectId ? (
        <Property label="Sprint" htmlFor={`${id}-sprint`}>
          <SprintField id={`${id}-sprint`} task={task} sprints={sprints} canEdit={canEdit} save={save} />
        </Property>
      ) : null}
    </dl>
  );
}

function ReadOnlyValue({ icon, children }: { icon?: ReactNode; children: ReactNode }) {
  return (
    <span className="flex min-h-8 items-center gap-2 px-2 text-zinc-800">
      {icon}
      {children}
    </span>
  );
}

function Property({ label, htmlFor, children }: { label: string; htmlFor?: string; children: ReactNode }) {
  return (
    <>
      <dt className="py-1.5 text-zinc-500">{htmlFor ? <label htmlFor={htmlFor}>{label}</label> : label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

function People({ people }: { people: { id: string; name: string }[] }) {
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
      {people.map((p) => (
        <span key={p.id} className="inline-flex min-w-0 items-center gap-1.5">
          <Avatar name={p.name} seed={p.id} size="sm" className="size-6 text-[10px]" />
          <span className="truncate">{p.name}</span>
        </span>
      ))}
    </span>
  );
}

export function LabelPills({ labels }: { labels: { id: string; name: string; color: string }[] }) {
  return (
    <span className="flex min-w-0 flex-wrap gap-1">
      {labels.map((l) => (
        <span key={l.id} className="inline-flex items-center gap-1.5 rounded-full bg-white px-2 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-inset ring-zinc-200">
          <span className="size-2 rounded-full" style={{ backgroundColor: l.color }} aria-hidden />
          {l.name}
        </span>
      ))}
    </span>
  );
}

function AssigneesPicker({ task, save, assignable }: { task: Task; save: SaveTask; assignable: Member[] }) {
  const selected = task.assignees.map((a) => a.id);
  // Someone assigned but no longer listed (left the workspace) still shows, so they can be removed.
  const options = [
    ...assignable.map((m) => ({ id: m.userId, label: m.name, keywords: m.email })),
    ...task.assignees.filter((a) => !assignable.some((m) => m.userId === a.id)).map((a) => ({ id: a.id, label: a.name })),
  ].map((o) => ({ ...o, icon: <Avatar name={o.label} seed={o.id} size="sm" className="size-6 text-[10px]" /> }));

  const toggle = (userId: string) => {
    const on = selected.includes(userId);
    const assignees = on ? task.assignees.filter((a) => a.id !== userId) : [...task.assignees, { id: userId, name: options.find((o) => o.id === userId)?.label ?? "" }];
    save({ assigneeIds: assignees.map((a) => a.id) }, { assignees });
  };

  return (
    <MultiPicker
      label="Assignees"
      testId="assignees-picker"
      options={options}
      selected={selected}
      onToggle={toggle}
      summary={task.assignees.map((a) => a.name).join(", ")}
      emptyText="No member matches"
      trigger={task.assignees.length ? <People people={task.assignees} /> : <span className="text-zinc-500">Unassigned</span>}
    />
  );
}

function LabelsPicker({ task, save, labels, loading, createLabel }: { task: Task; save: SaveTask; labels: Label[]; loading: boolean; createLabel: TaskPropertiesProps["createLabel"] }) {
  const selected = task.labels.map((l) => l.id);
  const apply = (next: Task["labels"]) => save({ labelIds: next.map((l) => l.id) }, { labels: [...next].sort((a, b) => a.name.localeCompare(b.name)) });

  const toggle = (labelId: string) => {
    if (selected.includes(labelId)) return apply(task.labels.filter((l) => l.id !== labelId));
    const label = labels.find((l) => l.id === labelId);
    if (label) apply([...task.labels, { id: label.id, name: label.name, color: label.color }]);
  };

  const create = async (name: string) => {
    try {
      const label = await createLabel({ name, color: colorFor(name) });
      apply([...task.labels, { id: label.id, name: label.name, color: label.color }]);
    } catch (err) {
      toast.error(errorMessage(err, "Couldn't create the label."));
    }
  };

  return (
    <MultiPicker
      label="Labels"
      testId="labels-picker"
      options={labels.map((l) => ({ id: l.id, label: l.name, icon: <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: l.color }} aria-hidden /> }))}
      selected={selected}
      onToggle={toggle}
      onCreate={create}
      createText={(name) => `Create label “${name}”`}
      loading={loading}
      emptyText="No labels yet — type a name to create one"
      summary={task.labels.map((l) => l.name).join(", ")}
      trigger={task.labels.length ? <LabelPills labels={task.labels} /> : <span className="text-zinc-500">No labels</span>}
    />
  );
}

function SprintField({ id, task, sprints, canEdit, save }: { id: string; task: Task; sprints: Sprint[]; canEdit: boolean; save: SaveTask }) {
  const current = sprints.find((s) => s.id === task.sprintId);
  if (!canEdit) return <ReadOnlyValue>{current?.name ?? (task.sprintId ? "A sprint" : "Backlog")}</ReadOnlyValue>;
  // Tasks go into planned or active sprints only; a completed one stays listed while it is the task's.
  const options = [
    { value: NO_SPRINT, label: "Backlog (no sprint)" },
    ...sprints
      .filter((s) => s.status !== "COMPLETED" || s.id === task.sprintId)
      .map((s) => ({ value: s.id, label: s.status === "ACTIVE" ? `${s.name} (active)` : s.status === "COMPLETED" ? `${s.name} (completed)` : s.name })),
  ];
  return (
    <PropertySelect<string>
      id={id}
      label="Sprint"
      value={task.sprintId ?? NO_SPRINT}
      options={options}
      onChange={(value) => save({ sprintId: value === NO_SPRINT ? null : value })}
    />
  );
}
