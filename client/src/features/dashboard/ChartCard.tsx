import type { ReactNode } from "react";
import { cn } from "../../lib/cn";
import type { TaskStatus } from "../tasks/tasks.api";

interface Props {
  title: string;
  description?: ReactNode;
  /**
   * What the chart shows, in words: the accessible name of the chart body,
   * which screen readers then skip (SVG charts read badly). Leave it out when
   * the body is plain, readable HTML (lists, links).
   */
  summary?: string;
  /** Right of the title: a legend or a toggle. */
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A titled white card holding one chart. */
export function ChartCard({ title, description, summary, aside, children, className }: Props) {
  return (
    <section aria-label={title} className={cn("flex min-w-0 flex-col rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200", className)}>
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
          {description ? <p className="mt-0.5 text-xs text-zinc-500">{description}</p> : null}
        </div>
        {aside}
      </div>
      {summary ? (
        <div role="img" aria-label={summary} className="min-w-0 flex-1">
          {children}
        </div>
      ) : (
        <div className="min-w-0 flex-1">{children}</div>
      )}
    </section>
  );
}

/** A grey box where a chart will be: the lazy chart code's loading placeholder. */
export function ChartSkeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("h-72 animate-pulse rounded-xl bg-white ring-1 ring-zinc-200", className)} />;
}

/** In place of a chart that has nothing to draw yet. */
export function ChartEmpty({ children }: { children: ReactNode }) {
  return <div className="flex h-56 items-center justify-center rounded-lg border border-dashed border-zinc-200 px-6 text-center text-sm text-zinc-500">{children}</div>;
}

// Colours and axis styles shared by the dashboard and sprint charts (Tailwind's palette, as hex for SVG).

export const STATUS_COLOR: Record<TaskStatus, string> = {
  TODO: "#a1a1aa", // zinc-400
  IN_PROGRESS: "#0ea5e9", // sky-500
  IN_REVIEW: "#8b5cf6", // violet-500
  BLOCKED: "#ef4444", // red-500
  DONE: "#10b981", // emerald-500
  ARCHIVED: "#d4d4d8", // zinc-300
};

export const CHART_COLOR = {
  primary: "#6366f1", // indigo-500
  muted: "#a1a1aa", // zinc-400
  grid: "#f4f4f5", // zinc-100
  axis: "#71717a", // zinc-500
  warning: "#f59e0b", // amber-500
};

export const axisProps = {
  tick: { fontSize: 12, fill: CHART_COLOR.axis },
  tickLine: false,
  axisLine: { stroke: "#e4e4e7" },
} as const;

export const tooltipProps = {
  contentStyle: { borderRadius: 8, border: "1px solid #e4e4e7", fontSize: 12, boxShadow: "0 4px 12px rgb(0 0 0 / 0.08)" },
  labelStyle: { color: "#18181b", fontWeight: 600 },
  cursor: { fill: "#f4f4f5" },
} as const;
