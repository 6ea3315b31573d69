import type { ReactNode } from "react";
import type { AiUsage, UsageTotals } from "./ai-settings.api";
import { formatCount, formatMoney } from "./format";

const FEATURE_LABEL: Record<string, string> = {
  "task-breakdown": "Task breakdown",
  assistant: "Assistant",
  blueprint: "Blueprint",
};
const featureLabel = (f: string) => FEATURE_LABEL[f] ?? f;

interface Row {
  key: string;
  label: ReactNode;
  totals: UsageTotals;
}

/** One breakdown table (feature, model or user): calls, tokens, cache hits, fallbacks and cost per row. */
function BreakdownTable({ title, firstColumn, rows, currency }: { title: string; firstColumn: string; rows: Row[]; currency: string }) {
  return (
    <section aria-label={title} className="min-w-0 rounded-xl bg-white shadow-xs ring-1 ring-zinc-200">
      <h3 className="border-b border-zinc-100 px-4 py-3 text-sm font-semibold text-zinc-900">{title}</h3>
      {/* Focusable: on a phone the table scrolls sideways, and a keyboard user must be able to scroll it. */}
      <div className="overflow-x-auto rounded-b-xl focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600" tabIndex={0} role="region" aria-label={`${title}, scrolls sideways`}>
        {/* Fixed layout: the three tables' columns line up under one another. */}
        <table className="w-full min-w-[34rem] table-fixed text-left text-sm">
          <colgroup>
            <col className="w-[32%]" />
          </colgroup>
          <thead className="text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">{firstColumn}</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Calls</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Cost</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Tokens in / out</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Cache hits</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Fallbacks</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 tabular-nums">
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" className="max-w-[20rem] px-4 py-2 text-left font-medium break-words text-zinc-900">{r.label}</th>
                <td className="px-3 py-2 text-right">{formatCount(r.totals.calls)}</td>
                <td className="px-3 py-2 text-right font-medium whitespace-nowrap text-zinc-900">{formatMoney(r.totals.cost, currency)}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  {formatCount(r.totals.inputTokens)} / {formatCount(r.totals.outputTokens)}
                </td>
                <td className="px-3 py-2 text-right">{formatCount(r.totals.cacheHits)}</td>
                <td className="px-4 py-2 text-right">{formatCount(r.totals.fallbackCalls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The month's usage per feature, per model and per user. */
export function UsageTables({ usage }: { usage: AiUsage }) {
  const features: Row[] = usage.perFeature.map((f) => ({ key: f.feature, label: featureLabel(f.feature), totals: f }));
  const models: Row[] = usage.perModel.map((m) => ({
    key: `${m.provider} ${m.model}`,
    label: (
      <>
        <span className="font-mono text-xs">{m.model}</span>
        <span className="block text-xs font-normal text-zinc-500">
          {m.provider}
          {m.priced ? "" : " · not in the price table (counted at 0)"}
        </span>
      </>
    ),
    totals: m,
  }));
  const users: Row[] = usage.perUser.map((u) => ({ key: u.userId ?? "deleted", label: u.name, totals: u }));
  return (
    <div className="space-y-4">
      <BreakdownTable title="By feature" firstColumn="Feature" rows={features} currency={usage.currency} />
      <BreakdownTable title="By model" firstColumn="Model" rows={models} currency={usage.currency} />
      <BreakdownTable title="By member" firstColumn="Member" rows={users} currency={usage.currency} />
    </div>
  );
}
