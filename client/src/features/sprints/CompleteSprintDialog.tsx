import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { Field } from "../../components/ui/Field";
import { NativeSelect } from "../../components/ui/Input";
import type { Task } from "../tasks/tasks.api";
import { useCompleteSprint, type CarryOverTarget, type Sprint } from "./sprints.api";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

interface Props {
  sprint: Sprint;
  /** The sprint's tasks, to say what carries over. */
  tasks: Task[];
  /** Planned sprints of the project: possible homes for unfinished tasks. */
  planned: Sprint[];
  onClose: () => void;
}

/**
 * Confirms completing the active sprint. Done tasks stay in it (its velocity);
 * the server moves every unfinished one to the backlog unless a planned
 * sprint is chosen here.
 */
export function CompleteSprintDialog({ sprint, tasks, planned, onClose }: Props) {
  const [carryOverTo, setCarryOverTo] = useState<CarryOverTarget>("backlog");
  const complete = useCompleteSprint(sprint.projectId);
  const done = tasks.filter((t) => t.status === "DONE");
  const unfinished = tasks.filter((t) => t.status !== "DONE" && t.status !== "ARCHIVED");
  const donePoints = done.reduce((sum, t) => sum + (t.storyPoints ?? 0), 0);
  const destination = carryOverTo === "backlog" ? "the backlog" : (planned.find((s) => s.id === carryOverTo)?.name ?? "the next sprint");

  const confirm = async () => {
    await complete.mutateAsync({ id: sprint.id, carryOverTo });
    toast.success(unfinished.length ? `Completed ${sprint.name}; ${plural(unfinished.length, "task")} moved to ${destination}` : `Completed ${sprint.name}`);
  };

  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Complete ${sprint.name}?`}
      description={`${plural(done.length, "task")} done (${plural(donePoints, "point")}): they stay in this sprint and count toward its velocity.`}
      confirmLabel="Complete sprint"
      tone="default"
      onConfirm={confirm}
    >
      {unfinished.length === 0 ? (
        <p className="text-sm text-zinc-700">Every task is done — nothing carries over.</p>
      ) : (
        <>
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="carry-over-summary">
            <strong>{plural(unfinished.length, "unfinished task")}</strong> will carry over to <strong>{destination}</strong>.
          </p>
          {planned.length > 0 ? (
            <Field label="Move unfinished tasks to">
              <NativeSelect value={carryOverTo} onChange={(e) => setCarryOverTo(e.target.value)}>
                <option value="backlog">Backlog</option>
                {planned.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          ) : null}
        </>
      )}
    </ConfirmDialog>
  );
}
