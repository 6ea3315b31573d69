import type { Permitted } from "../../lib/permissions";
import { useAllProjectTasks } from "../tasks/tasks.api";
import { PlanningTaskList } from "./PlanningTaskList";
import { canPlanSprints, type Sprint } from "./sprints.api";

/** The backlog shows work still to do: finished tasks outside any sprint are left out. */
const UNFINISHED = "TODO,IN_PROGRESS,IN_REVIEW,BLOCKED";

/** Unfinished tasks of the project that are in no sprint, each plannable into an open sprint. */
export function BacklogPanel({ projectId, openSprints, workspace }: { projectId: string; openSprints: Sprint[]; workspace: Permitted }) {
  const tasks = useAllProjectTasks(projectId, { sprintId: "none", status: UNFINISHED });
  const here = tasks.data?.filter((t) => !t.sprintId) ?? [];
  const points = here.reduce((sum, t) => sum + (t.storyPoints ?? 0), 0);
  const canPlan = canPlanSprints(workspace);
  return (
    <section aria-label="Backlog" data-testid="backlog-panel" className="rounded-xl bg-white shadow-xs ring-1 ring-zinc-200">
      <header className="border-b border-zinc-100 px-4 py-3">
        <h3 className="text-base font-semibold text-zinc-900">Backlog</h3>
        <p className="mt-1 text-sm text-zinc-500">
          {tasks.data ? `${here.length} unfinished task${here.length === 1 ? "" : "s"} · ${points} point${points === 1 ? "" : "s"} · ` : ""}
          {!canPlan ? "Not planned into a sprint yet." : openSprints.length ? "Pick a sprint for a task to plan it." : "Create a sprint to plan these tasks."}
        </p>
      </header>
      <PlanningTaskList
        projectId={projectId}
        sprintId={null}
        tasks={tasks}
        targets={openSprints}
        canPlan={canPlan && openSprints.length > 0}
        empty="The backlog is empty: every unfinished task is planned into a sprint."
      />
    </section>
  );
}
