import { Link } from "react-router-dom";
import { Bar, BarChart, CartesianGrid, LabelList, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TASK_STATUS_LABEL, type TaskStatus } from "../tasks/tasks.api";
import { axisProps, CHART_COLOR, ChartCard, ChartEmpty, STATUS_COLOR, tooltipProps } from "./ChartCard";
import type { WorkspaceStats } from "./dashboard.api";

// Loaded lazily by the dashboard: recharts stays out of the first page's bundle.

const STATUS_ORDER: TaskStatus[] = ["TODO", "IN_PROGRESS", "IN_REVIEW", "BLOCKED", "DONE", "ARCHIVED"];
const weekLabel = (day: string) => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

function TasksByStatus({ stats }: { stats: WorkspaceStats }) {
  // Archived tasks only show when there are some: they are rarely what a team looks for.
  const statuses = STATUS_ORDER.filter((s) => s !== "ARCHIVED" || (stats.byStatus.ARCHIVED ?? 0) > 0);
  const data = statuses.map((s) => ({ status: s, label: TASK_STATUS_LABEL[s], count: stats.byStatus[s] ?? 0, fill: STATUS_COLOR[s] }));
  const summary = `Tasks by status: ${data.map((d) => `${d.label} ${d.count}`).join(", ")}. ${stats.total} in total.`;
  return (
    <ChartCard title="Tasks by status" description="Every task of the team's projects" summary={summary}>
      <div className="flex flex-col items-center gap-4 sm:flex-row">
        <div className="relative size-48 shrink-0">
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie data={data.filter((d) => d.count > 0)} dataKey="count" nameKey="label" innerRadius="62%" outerRadius="100%" paddingAngle={2} stroke="none" isAnimationActive={false} />
              <Tooltip {...tooltipProps} />
            </PieChart>
          </ResponsiveContainer>
          <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
            <span className="text-2xl font-semibold tabular-nums text-zinc-900">{stats.total}</span>
            <span className="text-xs text-zinc-500">tasks</span>
          </div>
        </div>
        <ul className="w-full space-y-1.5 text-sm">
          {data.map((d) => (
            <li key={d.status} className="flex items-center gap-2">
              <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: d.fill }} aria-hidden />
              <span className="flex-1 text-zinc-600">{d.label}</span>
              <span className="font-medium tabular-nums text-zinc-900">{d.count}</span>
            </li>
          ))}
        </ul>
      </div>
    </ChartCard>
  );
}

function CompletedPerWeek({ weeks }: { weeks: WorkspaceStats["completedPerWeek"] }) {
  const total = weeks.reduce((s, w) => s + w.tasks, 0);
  const data = weeks.map((w) => ({ ...w, label: weekLabel(w.weekStart) }));
  const summary = `Tasks completed per week over the last ${weeks.length} weeks: ${data.map((d) => `week of ${d.label} ${d.tasks}`).join(", ")}.`;
  return (
    <ChartCard title="Completed per week" description={`${total} task${total === 1 ? "" : "s"} done in the last ${weeks.length} weeks (weeks start Monday)`} summary={summary}>
      {total === 0 ? (
        <ChartEmpty>Nothing completed in the last {weeks.length} weeks yet.</ChartEmpty>
      ) : (
        <ResponsiveContainer width="100%" height={224}>
          <BarChart data={data} margin={{ top: 20, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid stroke={CHART_COLOR.grid} vertical={false} />
            <XAxis dataKey="label" {...axisProps} />
            <YAxis allowDecimals={false} {...axisProps} />
            <Tooltip {...tooltipProps} labelFormatter={(l) => `Week of ${l}`} formatter={(v, _n, item) => [`${v} tasks · ${item.payload.points} points`, "Done"]} />
            <Bar dataKey="tasks" name="Tasks done" fill={STATUS_COLOR.DONE} radius={[4, 4, 0, 0]} maxBarSize={40} isAnimationActive={false}>
              <LabelList dataKey="tasks" position="top" fontSize={11} fill={CHART_COLOR.axis} formatter={(v) => (Number(v) > 0 ? String(v) : "")} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

function Velocity({ velocity }: { velocity: WorkspaceStats["velocity"] }) {
  if (velocity.length === 0) {
    return (
      <ChartCard title="Velocity" summary="No completed sprints yet, so no velocity.">
        <ChartEmpty>Complete a sprint in any project to see the points your team gets done per sprint.</ChartEmpty>
      </ChartCard>
    );
  }
  const data = velocity.map((v) => ({ ...v, label: `${v.projectKey} · ${v.name}` }));
  const average = Math.round((velocity.reduce((s, v) => s + v.completedPoints, 0) / velocity.length) * 10) / 10;
  const summary = `Story points done per sprint: ${data.map((d) => `${d.label} ${d.completedPoints}`).join(", ")}.`;
  return (
    <ChartCard title="Velocity" description={`Story points done in the last ${velocity.length} sprint${velocity.length === 1 ? "" : "s"} · average ${average}`} summary={summary}>
      <ResponsiveContainer width="100%" height={224}>
        <BarChart data={data} margin={{ top: 20, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid stroke={CHART_COLOR.grid} vertical={false} />
          <XAxis dataKey="label" {...axisProps} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} {...axisProps} />
          <Tooltip {...tooltipProps} formatter={(v) => [`${v} points`, "Done"]} />
          <Bar dataKey="completedPoints" name="Points done" fill={CHART_COLOR.primary} radius={[4, 4, 0, 0]} maxBarSize={40} isAnimationActive={false}>
            <LabelList dataKey="completedPoints" position="top" fontSize={11} fill={CHART_COLOR.axis} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

const SHOWN_PROJECTS = 6;

/** Plain bars (no SVG needed): each project's open tasks, linking to its board. */
function OpenByProject({ workspaceId, projects }: { workspaceId: string; projects: WorkspaceStats["projects"] }) {
  const shown = projects.filter((p) => p.total > 0).slice(0, SHOWN_PROJECTS);
  const max = Math.max(1, ...shown.map((p) => p.open));
  return (
    <ChartCard title="Open tasks by project" description="Projects with the most work left">
      <ul className="space-y-3" data-testid="open-by-project">
        {shown.map((p) => (
          <li key={p.id}>
            <div className="mb-1 flex items-center justify-between gap-2 text-sm">
              <Link to={`/w/${workspaceId}/projects/${p.id}/board`} className="truncate text-zinc-700 hover:text-indigo-700 hover:underline">
                {p.name} <span className="font-mono text-xs text-zinc-400">{p.key}</span>
              </Link>
              <span className="shrink-0 tabular-nums text-zinc-900">
                {p.open}
                {p.overdue ? <span className="ml-2 text-xs font-medium text-red-600">{p.overdue} overdue</span> : null}
              </span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-zinc-100">
              <div className="h-full rounded-full" style={{ width: `${(p.open / max) * 100}%`, backgroundColor: p.color }} />
            </div>
          </li>
        ))}
      </ul>
    </ChartCard>
  );
}

/** The dashboard's charts: tasks by status, completed per week, velocity and open work per project. */
export default function DashboardCharts({ workspaceId, stats }: { workspaceId: string; stats: WorkspaceStats }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TasksByStatus stats={stats} />
      <CompletedPerWeek weeks={stats.completedPerWeek} />
      <Velocity velocity={stats.velocity} />
      <OpenByProject workspaceId={workspaceId} projects={stats.projects} />
    </div>
  );
}
