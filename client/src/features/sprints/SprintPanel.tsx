import { CheckCircle2, MoreHorizontal, Pencil, Play, Target, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button, IconButton } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { MenuContent, MenuItem, MenuRoot, MenuTrigger } from "../../components/ui/Menu";
import { errorMessage } from "../../lib/api";
import type { Permitted } from "../../lib/permissions";
import { useAllProjectTasks, type Task } from "../tasks/tasks.api";
import { CompleteSprintDialog } from "./CompleteSprintDialog";
import { PlanningTaskList } from "./PlanningTaskList";
import { SprintFormDialog } from "./SprintFormDialog";
import { sprintDateRange, timeLeft } from "./sprint-dates";
import { canDeleteSprints, canPlanSprints, useDeleteSprint, useStartSprint, type Sprint } from "./sprints.api";

type Dialog = "edit" | "delete" | "complete" | null;

interface Props {
  sprint: Sprint;
  /** The project's planned and active sprints (move targets, carry-over targets). */
  openSprints: Sprint[];
  /** The current workspace, with what the server lets me do there. */
  workspace: Permitted;
}

function Summary({ sprint, tasks }: { sprint: Sprint; tasks: Task[] | undefined }) {
  const done = tasks?.filter((t) => t.status === "DONE") ?? [];
  const donePoints = done.reduce((s, t) => s + (t.storyPoints ?? 0), 0);
  const parts = [sprintDateRange(sprint), `${sprint.taskCount} task${sprint.taskCount === 1 ? "" : "s"} · ${sprint.points} point${sprint.points === 1 ? "" : "s"}`];
  const showProgress = sprint.status === "ACTIVE" && tasks && tasks.length > 0;
  const percent = sprint.points > 0 ? Math.round((donePoints / sprint.points) * 100) : tasks?.length ? Math.round((done.length / tasks.length) * 100) : 0;
  return (
    <>
      <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-zinc-500">
        {parts.map((part) => (
          <span key={part} className="whitespace-nowrap">
            {part}
          </span>
        ))}
      </p>
      {sprint.goal ? (
        <p className="mt-2 flex items-start gap-1.5 text-sm text-zinc-700">
          <Target className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-label="Goal" />
          <span className="min-w-0 break-words">{sprint.goal}</span>
        </p>
      ) : null}
      {showProgress ? (
        <div className="mt-3 flex items-center gap-3">
          <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-100" role="progressbar" aria-label="Done" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full rounded-full bg-emerald-500" style={{ width: `${percent}%` }} />
          </div>
          <span className="text-xs tabular-nums text-zinc-500">
            {done.length}/{tasks.length} done
          </span>
        </div>
      ) : null}
    </>
  );
}

/** A planned or active sprint: its numbers, its tasks, and start / complete / edit / delete. */
export function SprintPanel({ sprint, openSprints, workspace }: Props) {
  const tasks = useAllProjectTasks(sprint.projectId, { sprintId: sprint.id });
  const start = useStartSprint(sprint.projectId);
  const remove = useDeleteSprint(sprint.projectId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const active = sprint.status === "ACTIVE";
  const canPlan = canPlanSprints(workspace);
  const canDelete = canDeleteSprints(workspace) && !active;
  const left = active ? timeLeft(sprint.endDate) : null;

  const startSprint = () =>
    start.mutate(sprint.id, {
      onSuccess: () => toast.success(`Started ${sprint.name}`),
      // The server is the authority on "one active sprint per project": show its reason as it is.
      onError: (err) => toast.error(errorMessage(err)),
    });

  return (
    <section aria-label={sprint.name} data-testid="sprint-panel" className="rounded-xl bg-white shadow-xs ring-1 ring-zinc-200">
      <header className="flex flex-col gap-3 border-b border-zinc-100 px-4 py-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h3 className="flex flex-wrap items-center gap-2 text-base font-semibold text-zinc-900">
            <span className="break-all">{sprint.name}</span>
            <Badge tone={active ? "green" : "neutral"}>{active ? "Active" : "Planned"}</Badge>
            {left ? <span className="text-xs font-normal text-zinc-500">{left}</span> : null}
          </h3>
          <Summary sprint={sprint} tasks={tasks.data} />
        </div>
        {canPlan ? (
          <div className="flex shrink-0 items-center gap-1">
            {active ? (
              <Button size="sm" variant="secondary" icon={<CheckCircle2 className="size-4" aria-hidden />} disabled={!tasks.data} onClick={() => setDialog("complete")}>
                Complete sprint
              </Button>
            ) : (
              <Button size="sm" variant="secondary" icon={<Play className="size-4" aria-hidden />} loading={start.isPending} onClick={startSprint}>
                Start sprint
              </Button>
            )}
            <MenuRoot>
              <MenuTrigger asChild>
                <IconButton label={`More actions for ${sprint.name}`}>
                  <MoreHorizontal className="size-4" />
                </IconButton>
              </MenuTrigger>
              <MenuContent align="end">
                <MenuItem onSelect={() => setDialog("edit")}>
                  <Pencil className="size-4" aria-hidden /> Edit sprint
                </MenuItem>
                {canDelete ? (
                  <MenuItem onSelect={() => setDialog("delete")} className="text-red-700 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-800">
                    <Trash2 className="size-4" aria-hidden /> Delete sprint
                  </MenuItem>
                ) : null}
              </MenuContent>
            </MenuRoot>
          </div>
        ) : null}
      </header>
      <PlanningTaskList
        projectId={sprint.projectId}
        sprintId={sprint.id}
        tasks={tasks}
        targets={openSprints}
        canPlan={canPlan}
        empty={canPlan ? "No tasks yet. Plan tasks into this sprint from the backlog." : "No tasks in this sprint yet."}
      />

      {dialog === "edit" ? <SprintFormDialog projectId={sprint.projectId} sprint={sprint} onClose={() => setDialog(null)} /> : null}
      {dialog === "complete" && tasks.data ? (
        <CompleteSprintDialog sprint={sprint} tasks={tasks.data} planned={openSprints.filter((s) => s.status === "PLANNED")} onClose={() => setDialog(null)} />
      ) : null}
      <ConfirmDialog
        open={dialog === "delete"}
        onOpenChange={(open) => !open && setDialog(null)}
        title={`Delete ${sprint.name}?`}
        description={sprint.taskCount > 0 ? `Its ${sprint.taskCount} task${sprint.taskCount === 1 ? "" : "s"} go back to the backlog.` : "It has no tasks."}
        confirmLabel="Delete sprint"
        onConfirm={async () => {
          await remove.mutateAsync(sprint.id);
          toast.success(`Deleted ${sprint.name}`);
        }}
      />
    </section>
  );
}
