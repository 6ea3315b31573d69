import { BarChart3, Download } from "lucide-react";
import { lazy, Suspense, useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { PageHeader } from "../../components/ui/Card";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { Field } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { useDebouncedValue } from "../../lib/use-debounced-value";
import { ChartSkeleton } from "../dashboard/ChartCard";
import { useUrlParams } from "../artists/list-controls";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { hours, monthRange, percent, weeksRange } from "./dates";
import { Heatmap } from "./Heatmap";
import { downloadUtilisationCsv, useUtilisation, type UtilisationReport } from "./utilisation.api";

const UtilisationChart = lazy(() => import("./UtilisationChart"));
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const PRESETS: { label: string; range: () => { from: string; to: string } }[] = [
  { label: "This month", range: () => monthRange() },
  { label: "This week", range: () => weeksRange(1) },
  { label: "Next 4 weeks", range: () => weeksRange(4) },
  { label: "Last 4 weeks", range: () => weeksRange(4, -4) },
  { label: "Next 12 weeks", range: () => weeksRange(12) },
];

function Totals({ report }: { report: UtilisationReport }) {
  const sum = (key: "availableHours" | "usedHours" | "overbookedHours" | "holdHours") => report.artists.reduce((s, a) => s + a.total[key], 0);
  const available = sum("availableHours");
  const used = sum("usedHours");
  const stats = [
    { label: "Utilisation", value: percent(available > 0 ? used / available : null) },
    { label: "Booked", value: hours(used) },
    { label: "Available", value: hours(available) },
    { label: report.includeHolds ? "Of which holds" : "Holds (not counted)", value: hours(sum("holdHours")) },
    { label: "Overbooked", value: hours(sum("overbookedHours")), alert: sum("overbookedHours") > 0 },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label="Totals">
      {stats.map((s) => (
        <div key={s.label} className="rounded-xl bg-white p-3 shadow-xs ring-1 ring-zinc-200">
          <dt className="text-xs font-medium text-zinc-500">{s.label}</dt>
          <dd className={cn("mt-1 text-xl font-semibold tabular-nums", s.alert ? "text-red-600" : "text-zinc-900")}>{s.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function UtilisationPage() {
  const workspace = useCurrentWorkspace();
  const [params, set] = useUrlParams();
  const month = monthRange();
  const from = DAY.test(params.get("from") ?? "") ? params.get("from")! : month.from;
  const to = DAY.test(params.get("to") ?? "") ? params.get("to")! : month.to;
  const includeHolds = params.get("holds") === "1";
  // The box follows the click at once: the URL change renders as a transition, which keeps the old
  // page (and an unticked box) on screen until the new report has loaded.
  const [holdsBox, setHoldsBox] = useState(includeHolds);
  useEffect(() => setHoldsBox(includeHolds), [includeHolds]);
  const [skillInput, setSkillInput] = useState(params.get("skill") ?? "");
  const skill = useDebouncedValue(skillInput.trim(), 300);
  const [downloading, setDownloading] = useState(false);
  const rangeError = to < from ? "The end can't be before the start" : null;
  const query = { from, to, includeHolds, skill };
  const report = useUtilisation(workspace.id, query, !rangeError);

  const download = async () => {
    setDownloading(true);
    try {
      await downloadUtilisationCsv(workspace.id, query);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setDownloading(false);
    }
  };

  const data = report.data;
  return (
    <>
      <title>{`Utilisation · ${workspace.name} · TeamFlow`}</title>
      <PageHeader
        title="Utilisation"
        description="Booked hours against each artist's working hours, per ISO week. Holds don't count unless you include them."
        actions={
          <Button variant="secondary" icon={<Download className="size-4" aria-hidden />} loading={downloading} disabled={!!rangeError} onClick={() => void download()}>
            Download CSV
          </Button>
        }
      />

      <div className="mb-5 space-y-3 rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200">
        <div className="flex flex-wrap gap-2" role="group" aria-label="Presets">
          {PRESETS.map((p) => {
            const r = p.range();
            const on = r.from === from && r.to === to;
            return (
              <button
                key={p.label}
                type="button"
                aria-pressed={on}
                onClick={() => set({ from: r.from, to: r.to })}
                className={cn("rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset", on ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50")}
              >
                {p.label}
              </button>
            );
          })}
        </div>
        <div className="grid gap-3 sm:grid-cols-[10rem_10rem_12rem_auto] sm:items-end">
          <Field label="From">
            <Input type="date" value={from} onChange={(e) => DAY.test(e.target.value) && set({ from: e.target.value })} />
          </Field>
          <Field label="To" error={rangeError}>
            <Input type="date" value={to} min={from} onChange={(e) => DAY.test(e.target.value) && set({ to: e.target.value })} />
          </Field>
          <Field label="Skill">
            <Input
              value={skillInput}
              placeholder="Any skill"
              onChange={(e) => setSkillInput(e.target.value)}
            />
          </Field>
          <label className="flex h-10 items-center gap-2 text-sm text-zinc-800">
            <input type="checkbox" className="size-4 rounded border-zinc-300 text-indigo-600" checked={holdsBox}
              onChange={(e) => {
                setHoldsBox(e.target.checked);
                set({ holds: e.target.checked ? "1" : null });
              }}
            />
            Count holds as booked
          </label>
        </div>
      </div>

      {rangeError ? null : report.isPending ? (
        <PageSpinner label="Loading utilisation…" />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} title="Couldn't load the utilisation report" />
      ) : !data || data.artists.length === 0 ? (
        <div className="rounded-xl bg-white ring-1 ring-zinc-200">
          <EmptyState icon={BarChart3} title="No artists to report on" description={skill ? "No artist has this skill." : "Add artists and their working hours to see how booked they are."} />
        </div>
      ) : (
        <div className="space-y-5">
          <Totals report={data} />
          <div className="flex items-center gap-3 text-xs text-zinc-500">
            <span>Low</span>
            <span className="h-2.5 w-28 rounded-full bg-gradient-to-r from-indigo-50 to-indigo-600" aria-hidden />
            <span>100%</span>
            <span className="ml-3 inline-flex items-center gap-1.5">
              <span className="size-2.5 rounded-sm bg-red-500" aria-hidden /> Overbooked
            </span>
            {report.isFetching ? <Spinner className="ml-auto size-4 text-zinc-400" label="Refreshing" /> : null}
          </div>
          <Heatmap workspaceId={workspace.id} report={data} />
          <Suspense fallback={<ChartSkeleton />}>
            <UtilisationChart report={data} />
          </Suspense>
        </div>
      )}
    </>
  );
}
