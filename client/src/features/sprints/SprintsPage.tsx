import { IterationCw, Plus } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { useOutletContext } from "react-router-dom";
import { Button } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ChartSkeleton } from "../dashboard/ChartCard";
import { BacklogPanel } from "./BacklogPanel";
import { CompletedSprints } from "./CompletedSprints";
import { SprintFormDialog } from "./SprintFormDialog";
import { SprintPanel } from "./SprintPanel";
import { canPlanSprints, useProjectStats, useSprints } from "./sprints.api";

// recharts is big: the charts arrive in their own chunk while the planner is already usable.
const SprintCharts = lazy(() => import("./SprintCharts"));

function SprintProgress({ projectId }: { projectId: string }) {
  const stats = useProjectStats(projectId);
  const skeleton = (
    <div className="grid gap-4 lg:grid-cols-3">
      <ChartSkeleton className="lg:col-span-2" />
      <ChartSkeleton />
    </div>
  );
  if (stats.isPending) return skeleton;
  if (stats.isError) {
    return (
      <div className="rounded-xl bg-white ring-1 ring-zinc-200">
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} title="Couldn't load the sprint charts" />
      </div>
    );
  }
  return (
    <Suspense fallback={skeleton}>
      <SprintCharts stats={stats.data} />
    </Suspense>
  );
}

/**
 * The project's Sprints tab: burndown and velocity, the active and planned
 * sprints with their tasks next to the backlog, and the completed sprints.
 */
export function SprintsPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const sprints = useSprints(project.id);
  const [creating, setCreating] = useState(false);
  const canPlan = canPlanSprints(workspace);

  if (sprints.isPending) return <PageSpinner label="Loading sprints…" />;
  if (sprints.isError) return <ErrorState error={sprints.error} onRetry={() => void sprints.refetch()} title="Couldn't load the sprints" />;

  const open = sprints.data.filter((s) => s.status !== "COMPLETED"); // the server lists the active one first
  const completed = sprints.data.filter((s) => s.status === "COMPLETED");
  const newSprint = canPlan ? (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
      New sprint
    </Button>
  ) : null;

  return (
    <div className="space-y-6 pb-8">
      <title>{`Sprints · ${project.name} · TeamFlow`}</title>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold text-zinc-900">Sprints</h2>
          <p className="text-sm text-zinc-500">Plan tasks into time-boxed sprints, run one at a time, and see how the team is doing.</p>
        </div>
        {sprints.data.length > 0 ? newSprint : null}
      </div>

      {sprints.data.length > 0 ? <SprintProgress projectId={project.id} /> : null}

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <div className="space-y-4">
          {open.length > 0 ? (
            open.map((s) => <SprintPanel key={s.id} sprint={s} openSprints={open} workspace={workspace} />)
          ) : (
            <div className="rounded-xl bg-white ring-1 ring-zinc-200">
              <EmptyState
                icon={IterationCw}
                title={sprints.data.length ? "No sprint planned" : "No sprints yet"}
                description={
                  canPlan
                    ? "Plan a sprint, move tasks into it from the backlog, then start it to follow its burndown."
                    : "When your team plans a sprint, it shows up here with its tasks."
                }
                action={newSprint}
              />
            </div>
          )}
        </div>
        <BacklogPanel projectId={project.id} openSprints={open} workspace={workspace} />
      </div>

      <CompletedSprints sprints={completed} />

      {creating ? <SprintFormDialog projectId={project.id} sprint={null} sprints={sprints.data} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
