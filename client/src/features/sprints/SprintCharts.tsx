import { useState } from "react";
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { cn } from "../../lib/cn";
import { axisProps, CHART_COLOR, ChartCard, ChartEmpty, tooltipProps } from "../dashboard/ChartCard";
import { shortDay, today } from "./sprint-dates";
import type { ProjectStats } from "./sprints.api";

// Loaded lazily by the Sprints tab: recharts is the heaviest thing on the page.

type Unit = "points" | "tasks";
type Burndown = NonNullable<ProjectStats["burndown"]>;

function UnitToggle({ unit, onChange }: { unit: Unit; onChange: (unit: Unit) => void }) {
  return (
    <div role="group" aria-label="Burndown unit" className="inline-flex rounded-lg bg-zinc-100 p-0.5 text-xs font-medium">
      {(["points", "tasks"] as const).map((u) => (
        <button
          key={u}
          type="button"
          aria-pressed={unit === u}
          onClick={() => onChange(u)}
          className={cn("rounded-md px-2.5 py-1 capitalize", unit === u ? "bg-white text-zinc-900 shadow-xs" : "text-zinc-500 hover:text-zinc-800")}
        >
          {u}
        </button>
      ))}
    </div>
  );
}

function BurndownCard({ burndown }: { burndown: Burndown | null }) {
  // Points when the sprint is estimated; otherwise tasks are the only measure there is.
  const [unit, setUnit] = useState<Unit>(burndown && burndown.totalPoints === 0 ? "tasks" : "points");
  if (!burndown) {
    return (
      <ChartCard title="Burndown" summary="No active sprint, so no burndown." className="lg:col-span-2">
        <ChartEmpty>Start a sprint to follow its burndown here.</ChartEmpty>
      </ChartCard>
    );
  }
  const byPoints = unit === "points";
  const data = burndown.days.map((d) => ({
    date: d.date,
    remaining: byPoints ? d.remaining : d.remainingTasks,
    ideal: byPoints ? d.ideal : d.idealTasks,
    scope: byPoints ? d.scope : d.scopeTasks,
  }));
  const total = byPoints ? burndown.totalPoints : burndown.totalTasks;
  // The scope line only when it moved: a flat line at the top would only repeat the total.
  const scopes = data.map((d) => d.scope).filter((v): v is number => v !== null);
  const scopeChanged = new Set(scopes).size > 1;
  const top = Math.max(1, total, ...scopes);
  const latest = [...data].reverse().find((d) => d.remaining !== null);
  const now = today();
  const summary = `Burndown of ${burndown.name}: ${latest?.remaining ?? total} of ${total} ${unit} remaining (ideal ${latest?.ideal ?? total}).`;
  return (
    <ChartCard
      title={`Burndown · ${burndown.name}`}
      description={`${unit === "points" ? "Story points" : "Tasks"} left each day against a steady pace to the end date${scopeChanged ? "; the scope line shows work that came in or left mid-sprint" : ""}.`}
      summary={summary}
      aside={<UnitToggle unit={unit} onChange={setUnit} />}
      className="lg:col-span-2"
    >
      <p className="mb-2 text-2xl font-semibold tabular-nums text-zinc-900" data-testid="burndown-remaining">
        {latest?.remaining ?? total}
        <span className="ml-1 text-sm font-normal text-zinc-500">
          of {total} {unit} left
        </span>
      </p>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={CHART_COLOR.grid} vertical={false} />
          <XAxis dataKey="date" tickFormatter={shortDay} minTickGap={16} {...axisProps} />
          <YAxis allowDecimals={false} domain={[0, top]} {...axisProps} />
          <Tooltip {...tooltipProps} cursor={{ stroke: "#d4d4d8" }} labelFormatter={(d) => shortDay(String(d))} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          {now >= burndown.startDate && now <= burndown.endDate ? (
            <ReferenceLine x={now} stroke="#d4d4d8" label={{ value: "Today", position: "insideTopLeft", fontSize: 11, fill: CHART_COLOR.axis }} />
          ) : null}
          <Line name="Ideal" type="linear" dataKey="ideal" stroke={CHART_COLOR.muted} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
          {scopeChanged ? <Line name="Scope" type="stepAfter" dataKey="scope" stroke={CHART_COLOR.warning} strokeWidth={1.5} dot={false} isAnimationActive={false} /> : null}
          <Line name="Remaining" type="linear" dataKey="remaining" stroke={CHART_COLOR.primary} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

function VelocityCard({ velocity }: { velocity: ProjectStats["velocity"] }) {
  if (velocity.length === 0) {
    return (
      <ChartCard title="Velocity" summary="No completed sprints yet, so no velocity.">
        <ChartEmpty>Complete a sprint to see how many points the team gets done.</ChartEmpty>
      </ChartCard>
    );
  }
  const average = Math.round((velocity.reduce((s, v) => s + v.completedPoints, 0) / velocity.length) * 10) / 10;
  const summary = `Velocity of the last ${velocity.length} sprints: ${velocity.map((v) => `${v.name} ${v.completedPoints} points`).join(", ")}. Average ${average}.`;
  return (
    <ChartCard title="Velocity" description={`Points done in the last ${velocity.length} sprint${velocity.length === 1 ? "" : "s"} · average ${average}`} summary={summary}>
      <ResponsiveContainer width="100%" height={252}>
        <BarChart data={velocity} margin={{ top: 20, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={CHART_COLOR.grid} vertical={false} />
          <XAxis dataKey="name" interval={0} {...axisProps} />
          <YAxis allowDecimals={false} {...axisProps} />
          <Tooltip {...tooltipProps} formatter={(v) => [`${v} points`, "Done"]} />
          <ReferenceLine y={average} stroke={CHART_COLOR.muted} strokeDasharray="4 4" />
          <Bar dataKey="completedPoints" name="Points done" fill={CHART_COLOR.primary} radius={[4, 4, 0, 0]} maxBarSize={48} isAnimationActive={false}>
            <LabelList dataKey="completedPoints" position="top" fontSize={12} fill={CHART_COLOR.axis} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** Burndown of the active sprint and velocity of the last sprints, from GET /projects/:id/stats. */
export default function SprintCharts({ stats }: { stats: ProjectStats }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {/* Keyed by sprint so the unit toggle starts fresh for a new sprint. */}
      <BurndownCard key={stats.burndown?.sprintId ?? "none"} burndown={stats.burndown} />
      <VelocityCard velocity={stats.velocity} />
    </div>
  );
}
