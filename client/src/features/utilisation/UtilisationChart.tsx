import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, CHART_COLOR, ChartCard, ChartEmpty, tooltipProps } from "../dashboard/ChartCard";
import { hours } from "./dates";
import type { UtilisationReport } from "./utilisation.api";

// Loaded lazily by the utilisation page: recharts stays out of the first page's bundle.

const weekLabel = (day: string) => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

/** Used vs available hours per ISO week, summed over the report's artists. */
export default function UtilisationChart({ report }: { report: UtilisationReport }) {
  const data = report.weeks.map((w, i) => {
    let available = 0;
    let used = 0;
    for (const a of report.artists) {
      const cell = a.weeks.find((c) => c.week === w.week) ?? a.weeks[i];
      available += cell?.availableHours ?? 0;
      used += cell?.usedHours ?? 0;
    }
    return { week: w.week, label: weekLabel(w.start), available: Math.round(available * 10) / 10, used: Math.round(used * 10) / 10 };
  });
  const summary = `Booked against available hours per week: ${data.map((d) => `week of ${d.label}: ${hours(d.used)} of ${hours(d.available)}`).join("; ")}.`;
  const empty = data.every((d) => d.available === 0 && d.used === 0);
  return (
    <ChartCard title="Booked vs available" description={`Hours per ISO week, all artists shown${report.includeHolds ? ", holds counted" : ""}`} summary={summary}>
      {empty ? (
        <ChartEmpty>No working hours or bookings in this range.</ChartEmpty>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 12, right: 8, bottom: 0, left: -12 }}>
            <CartesianGrid stroke={CHART_COLOR.grid} vertical={false} />
            <XAxis dataKey="label" {...axisProps} />
            <YAxis {...axisProps} />
            <Tooltip {...tooltipProps} labelFormatter={(l) => `Week of ${l}`} formatter={(v, name) => [hours(Number(v)), name]} />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value) => <span style={{ color: CHART_COLOR.axis }}>{value}</span>} />
            <Bar dataKey="available" name="Available" fill="#c7d2fe" radius={[4, 4, 0, 0]} maxBarSize={36} isAnimationActive={false} />
            <Bar dataKey="used" name="Booked" fill={CHART_COLOR.primary} radius={[4, 4, 0, 0]} maxBarSize={36} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
