import { Link } from "react-router-dom";
import { cn } from "../../lib/cn";
import { hours, percent } from "./dates";
import type { UtilisationFigures, UtilisationReport } from "./utilisation.api";

const weekLabel = (day: string) => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

/** A cell's colour: indigo getting darker with utilisation, red when overbooked, grey with no available hours. */
function cellStyle(f: UtilisationFigures): { className: string; style?: { backgroundColor: string } } {
  if (f.overbookedHours > 0) return { className: "bg-red-500 text-white font-semibold" };
  if (f.utilisation === null) return { className: f.usedHours > 0 ? "bg-red-100 text-red-800" : "bg-zinc-50 text-zinc-400" };
  const u = Math.max(0, Math.min(1, f.utilisation));
  // indigo-50 (#eef2ff) → indigo-600 (#4f46e5)
  const mix = (a: number, b: number) => Math.round(a + (b - a) * u);
  return { className: u > 0.55 ? "text-white" : "text-indigo-950", style: { backgroundColor: `rgb(${mix(238, 79)} ${mix(242, 70)} ${mix(255, 229)})` } };
}

function tooltip(f: UtilisationFigures, name: string, label: string) {
  const lines = [`${name} · ${label}`, `Utilisation ${percent(f.utilisation)}`, `Booked ${hours(f.usedHours)} of ${hours(f.availableHours)} available`, `Confirmed ${hours(f.confirmedHours)} · pencil ${hours(f.pencilHours)} · holds ${hours(f.holdHours)}`];
  if (f.overbookedHours > 0) lines.push(`Overbooked ${hours(f.overbookedHours)}`);
  return lines.join("\n");
}

function Cell({ f, name, label, total }: { f: UtilisationFigures; name: string; label: string; total?: boolean }) {
  const { className, style } = cellStyle(f);
  const text = tooltip(f, name, label);
  return (
    <td className={cn("p-0.5", total && "border-l border-zinc-200 pl-2")}>
      <div
        className={cn("group relative flex h-10 min-w-14 items-center justify-center rounded-md text-xs tabular-nums", className)}
        style={style}
        title={text}
        aria-label={text.replaceAll("\n", ". ")}
        tabIndex={0}
        data-testid="heatmap-cell"
        data-overbooked={f.overbookedHours > 0 ? "true" : undefined}
      >
        {percent(f.utilisation)}
        <span role="tooltip" className="pointer-events-none absolute bottom-full left-1/2 z-10 mb-1 hidden w-56 -translate-x-1/2 whitespace-pre-line rounded-lg bg-zinc-900 px-2.5 py-1.5 text-left text-xs font-normal text-white shadow-lg group-hover:block group-focus:block">
          {text}
        </span>
      </div>
    </td>
  );
}

/** Artists × ISO weeks, each cell the week's utilisation; a totals column at the end. */
export function Heatmap({ workspaceId, report }: { workspaceId: string; report: UtilisationReport }) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white p-3 shadow-xs ring-1 ring-zinc-200">
      <table className="w-full border-separate border-spacing-0 text-sm" aria-label="Utilisation heatmap">
        <thead>
          <tr>
            <th className="sticky left-0 z-[1] bg-white px-2 py-1.5 text-left text-xs font-medium text-zinc-500">Artist</th>
            {report.weeks.map((w) => (
              <th key={w.week} className="px-0.5 py-1.5 text-center text-xs font-medium text-zinc-500" title={`${w.start} – ${w.end}`}>
                <span className="block whitespace-nowrap">{w.week.replace(/^\d{4}-/, "")}</span>
                <span className="block whitespace-nowrap font-normal text-zinc-400">{weekLabel(w.start)}</span>
              </th>
            ))}
            <th className="border-l border-zinc-200 px-0.5 py-1.5 pl-2 text-center text-xs font-medium text-zinc-500">Total</th>
          </tr>
        </thead>
        <tbody>
          {report.artists.map((a) => (
            <tr key={a.artistId}>
              <th scope="row" className="sticky left-0 z-[1] max-w-40 bg-white px-2 py-1 text-left font-medium text-zinc-800">
                <Link to={`/w/${workspaceId}/artists/${a.artistId}`} className="flex items-center gap-2 hover:text-indigo-700 hover:underline">
                  <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: a.color }} aria-hidden />
                  <span className="truncate">{a.name}</span>
                </Link>
              </th>
              {report.weeks.map((w, i) => {
                const f = a.weeks.find((c) => c.week === w.week) ?? a.weeks[i];
                return f ? <Cell key={w.week} f={f} name={a.name} label={`${w.week} (${weekLabel(w.start)} – ${weekLabel(w.end)})`} /> : <td key={w.week} />;
              })}
              <Cell f={a.total} name={a.name} label={`${report.from} – ${report.to}`} total />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
