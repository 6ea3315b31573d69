import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, CHART_COLOR, ChartCard, tooltipProps } from "../dashboard/ChartCard";
import type { AiUsage } from "./ai-settings.api";
import { dayLabel, daysOf, formatCount, formatMoney } from "./format";

// Loaded lazily by the AI settings page: recharts stays out of the first page's bundle.

/** Calls per day of the month (every day, quiet ones at 0), with tokens and cost in the tooltip. */
export default function UsageChart({ usage }: { usage: AiUsage }) {
  const byDay = new Map(usage.perDay.map((d) => [d.day, d]));
  const data = daysOf(usage.month).map((day) => {
    const d = byDay.get(day);
    return { day, label: dayLabel(day), calls: d?.calls ?? 0, tokens: (d?.inputTokens ?? 0) + (d?.outputTokens ?? 0), cost: d?.cost ?? 0 };
  });
  const active = data.filter((d) => d.calls > 0);
  const summary = `AI calls per day: ${active.map((d) => `${d.label} ${d.calls} calls, ${formatMoney(d.cost, usage.currency)}`).join("; ") || "none"}.`;
  return (
    <ChartCard title="Calls per day" description="Days in UTC; hover a bar for tokens and cost." summary={summary}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid stroke={CHART_COLOR.grid} vertical={false} />
          <XAxis dataKey="label" minTickGap={12} {...axisProps} />
          <YAxis allowDecimals={false} {...axisProps} />
          <Tooltip
            {...tooltipProps}
            formatter={(v, _n, item) => [`${formatCount(Number(v))} calls · ${formatCount(item.payload.tokens)} tokens · ${formatMoney(item.payload.cost, usage.currency)}`, "Usage"]}
          />
          <Bar dataKey="calls" name="Calls" fill={CHART_COLOR.primary} radius={[3, 3, 0, 0]} maxBarSize={24} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
