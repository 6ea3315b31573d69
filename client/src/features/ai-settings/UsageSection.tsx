import { BarChart3, ChevronLeft, ChevronRight } from "lucide-react";
import { lazy, Suspense } from "react";
import { IconButton } from "../../components/ui/Button";
import { Section } from "../../components/ui/Card";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { ChartSkeleton } from "../dashboard/ChartCard";
import { useAiUsage, type AiUsage } from "./ai-settings.api";
import { currentMonth, formatCount, formatMoney, monthLabel, shiftMonth } from "./format";
import { UsageTables } from "./UsageTables";

const UsageChart = lazy(() => import("./UsageChart"));

function MonthPicker({ month, onChange }: { month: string; onChange: (month: string) => void }) {
  const isCurrent = month >= currentMonth();
  return (
    <div role="group" aria-label="Month" className="flex items-center gap-1">
      <IconButton label="Previous month" onClick={() => onChange(shiftMonth(month, -1))}>
        <ChevronLeft className="size-4" aria-hidden />
      </IconButton>
      <span className="min-w-[9rem] text-center text-sm font-medium text-zinc-900" aria-live="polite">
        {monthLabel(month)}
      </span>
      <IconButton label="Next month" onClick={() => onChange(shiftMonth(month, 1))} disabled={isCurrent}>
        <ChevronRight className="size-4" aria-hidden />
      </IconButton>
    </div>
  );
}

function Stat({ label, value, hint, className }: { label: string; value: string; hint?: string; className?: string }) {
  return (
    <div className={cn("min-w-0 rounded-lg bg-zinc-50 px-3 py-2.5", className)}>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold tabular-nums text-zinc-900">{value}</dd>
      {hint ? <dd className="text-xs text-zinc-500">{hint}</dd> : null}
    </div>
  );
}

function Totals({ usage }: { usage: AiUsage }) {
  const t = usage.totals;
  const notes = [
    t.estimatedCalls > 0 ? `${formatCount(t.estimatedCalls)} with estimated tokens (the server reported none)` : null,
    t.unpricedCalls > 0 ? `${formatCount(t.unpricedCalls)} of models not in the price table, counted at 0` : null,
  ].filter(Boolean);
  return (
    <div>
      <dl aria-label="Totals" className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
        {/* Cost first and full width on a phone: five tiles then fill two columns evenly. */}
        <Stat label="Estimated cost" value={formatMoney(t.cost, usage.currency)} hint={usage.currency} className="col-span-2 sm:col-span-1" />
        <Stat label="Calls" value={formatCount(t.calls)} />
        <Stat label="Tokens" value={formatCount(t.inputTokens + t.outputTokens)} hint={`${formatCount(t.inputTokens)} in · ${formatCount(t.outputTokens)} out`} />
        <Stat label="Cache hits" value={formatCount(t.cacheHits)} hint="Answered from the cache, not charged" />
        <Stat label="Fallbacks" value={formatCount(t.fallbackCalls)} hint="Answered by the fallback provider" />
      </dl>
      {notes.length > 0 ? <p className="mt-2 text-xs text-zinc-500">Of these calls: {notes.join("; ")}.</p> : null}
    </div>
  );
}

/** A month of the workspace's AI usage: totals, calls per day, and who and what used it. */
export function UsageSection({ workspaceId, month, onMonthChange }: { workspaceId: string; month: string; onMonthChange: (month: string) => void }) {
  const usage = useAiUsage(workspaceId, month);
  const shown = usage.data?.month === month ? usage.data : undefined;
  return (
    <Section id="ai-usage" title="Usage" description="Every AI call of this workspace, with the estimated cost from the server's price table." actions={<MonthPicker month={month} onChange={onMonthChange} />}>
      {usage.isError ? (
        <ErrorState error={usage.error} onRetry={() => void usage.refetch()} title="Couldn't load the AI usage" />
      ) : !shown ? (
        <PageSpinner label="Loading usage…" />
      ) : shown.totals.calls === 0 ? (
        <EmptyState icon={BarChart3} title={`No AI calls in ${monthLabel(month)}`} description="Usage shows here once members use AI features such as task breakdown." />
      ) : (
        <div className="space-y-4">
          <Totals usage={shown} />
          <Suspense fallback={<ChartSkeleton className="h-64" />}>
            <UsageChart usage={shown} />
          </Suspense>
          <UsageTables usage={shown} />
        </div>
      )}
    </Section>
  );
}
