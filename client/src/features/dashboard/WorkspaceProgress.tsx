import { AlertTriangle, CheckCircle2, FolderKanban, ListTodo, type LucideIcon } from "lucide-react";
import { lazy, Suspense } from "react";
import { Link } from "react-router-dom";
import { buttonClasses } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { cn } from "../../lib/cn";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ChartSkeleton } from "./ChartCard";
import { useWorkspaceStats, type WorkspaceStats } from "./dashboard.api";

// The dashboard is the first page people see: the chart code loads after the numbers.
const DashboardCharts = lazy(() => import("./DashboardCharts"));

function StatCard({ id, icon: Icon, label, value, hint, alert }: { id: string; icon: LucideIcon; label: string; value: number; hint: string; alert?: boolean }) {
  return (
    <div data-testid={`stat-${id}`} className="rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200">
      <dt className="flex items-center gap-2 text-sm text-zinc-500">
        <Icon className={cn("size-4", alert ? "text-red-500" : "text-zinc-400")} aria-hidden />
        {label}
      </dt>
      <dd className={cn("mt-1 text-2xl font-semibold tabular-nums", alert ? "text-red-600" : "text-zinc-900")}>{value}</dd>
      <dd className="mt-0.5 text-xs text-zinc-500">{hint}</dd>
    </div>
  );
}

function StatCards({ stats }: { stats: WorkspaceStats }) {
  const thisWeek = stats.completedPerWeek.at(-1) ?? { tasks: 0, points: 0 };
  const busyProjects = stats.projects.filter((p) => p.open > 0).length;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <StatCard id="open" icon={ListTodo} label="Open tasks" value={stats.open} hint={`${stats.total} in total`} />
      <StatCard id="overdue" icon={AlertTriangle} label="Overdue" value={stats.overdue} hint="Open and past their due date" alert={stats.overdue > 0} />
      <StatCard id="done-this-week" icon={CheckCircle2} label="Done this week" value={thisWeek.tasks} hint={`${thisWeek.points} story point${thisWeek.points === 1 ? "" : "s"}`} />
      <StatCard id="projects" icon={FolderKanban} label="Projects" value={stats.projects.length} hint={`${busyProjects} with open tasks`} />
    </dl>
  );
}

function ChartsSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {[0, 1, 2, 3].map((i) => (
        <ChartSkeleton key={i} />
      ))}
    </div>
  );
}

/** The dashboard's "Team progress" section: headline numbers, then the charts. */
export function WorkspaceProgress() {
  const workspace = useCurrentWorkspace();
  const stats = useWorkspaceStats(workspace.id);
  const projectsLink = (label: string) => (
    <Link to={`/w/${workspace.id}/projects`} className={buttonClasses({ variant: "secondary", size: "sm" })}>
      {label}
    </Link>
  );

  let body;
  if (stats.isPending) {
    body = (
      <div className="space-y-4" role="status" aria-busy="true" aria-label="Loading team progress">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="h-[108px] animate-pulse rounded-xl bg-white ring-1 ring-zinc-200" />
          ))}
        </div>
        <ChartsSkeleton />
      </div>
    );
  } else if (stats.isError) {
    body = (
      <div className="rounded-xl bg-white ring-1 ring-zinc-200">
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} title="Couldn't load your team's progress" />
      </div>
    );
  } else if (stats.data.total === 0) {
    const noProjects = stats.data.projects.length === 0;
    body = (
      <div className="rounded-xl bg-white ring-1 ring-zinc-200">
        <EmptyState
          icon={FolderKanban}
          title={noProjects ? "Create a project to see your team's progress" : "Add tasks to your projects to see your team's progress"}
          description="Tasks by status, what gets done each week and sprint velocity will show up here."
          action={projectsLink(noProjects ? "Go to projects" : "Open projects")}
        />
      </div>
    );
  } else {
    body = (
      <div className="space-y-4">
        <StatCards stats={stats.data} />
        <Suspense fallback={<ChartsSkeleton />}>
          <DashboardCharts workspaceId={workspace.id} stats={stats.data} />
        </Suspense>
      </div>
    );
  }

  return (
    <section aria-labelledby="team-progress" className="mb-10">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="team-progress" className="text-sm font-semibold text-zinc-900">
          Team progress
        </h2>
        <p className="text-xs text-zinc-500">Tasks of projects that are not archived; personal tasks are not counted.</p>
      </div>
      {body}
    </section>
  );
}
