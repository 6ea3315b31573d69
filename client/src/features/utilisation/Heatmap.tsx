import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useMemo, useRef, useState } from "react";
import { Link } from "react-router-dom";
import { cn } from "../../lib/cn";
import { hours, percent } from "./dates";
import type { UtilisationFigures, UtilisationReport } from "./utilisation.api";

const weekLabel = (day: string) => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

/**
 * A cell's colour: indigo getting darker with utilisation, red when the
 * week is overbooked, grey with no available hours. A total is red only
 * when the whole range is over 100 %; overbooked weeks inside it get a red ring.
 */
function cellStyle(f: UtilisationFigures, total: boolean): { className: string; style?: { backgroundColor: string } } {
  const over = total ? (f.utilisation ?? 0) > 1 : f.overbookedHours > 0;
  if (over) return { className: "bg-red-500 text-white font-semibold" };
  if (f.utilisation === null) return { className: f.usedHours > 0 ? "bg-red-100 text-red-800" : "bg-zinc-50 text-zinc-400" };
  const u = Math.max(0, Math.min(1, f.utilisation));
  // indigo-50 (#eef2ff) → indigo-600 (#4f46e5)
  const mix = (a: number, b: number) => Math.round(a + (b - a) * u);
  const ring = f.overbookedHours > 0 ? " ring-2 ring-inset ring-red-500" : "";
  return { className: (u > 0.55 ? "text-white" : "text-indigo-950") + ring, style: { backgroundColor: `rgb(${mix(238, 79)} ${mix(242, 70)} ${mix(255, 229)})` } };
}

function tooltip(f: UtilisationFigures, name: string, label: string) {
  const lines = [`${name} · ${label}`, `Utilisation ${percent(f.utilisation)}`, `Booked ${hours(f.usedHours)} of ${hours(f.availableHours)} available`, `Confirmed ${hours(f.confirmedHours)} · pencil ${hours(f.pencilHours)} · holds ${hours(f.holdHours)}`];
  if (f.overbookedHours > 0) lines.push(`Overbooked ${hours(f.overbookedHours)}`);
  return lines.join("\n");
}

interface Tip {
  text: string;
  x: number;
  y: number;
}

function Cell({ f, name, label, total = false, onTip }: { f: UtilisationFigures; name: string; label: string; total?: boolean; onTip: (tip: Tip | null) => void }) {
  const { className, style } = cellStyle(f, total);
  const text = tooltip(f, name, label);
  const show = (el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    onTip({ text, x: r.left + r.width / 2, y: r.top });
  };
  return (
    <td className={cn("p-0.5", total && "border-l border-zinc-200 pl-2")}>
      <div
        className={cn("flex h-10 min-w-14 items-center justify-center rounded-md text-xs tabular-nums focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600", className)}
        style={style}
        aria-label={text.replaceAll("\n", ". ")}
        tabIndex={0}
        data-testid="heatmap-cell"
        data-overbooked={f.overbookedHours > 0 ? "true" : undefined}
        onMouseEnter={(e) => show(e.currentTarget)}
        onFocus={(e) => show(e.currentTarget)}
        onMouseLeave={() => onTip(null)}
        onBlur={() => onTip(null)}
      >
        {percent(f.utilisation)}
      </div>
    </td>
  );
}

type ArtistRow = UtilisationReport["artists"][number];

/** Above this many artists only the rows in view are rendered (a studio of 500 × 53 weeks is 26,500 cells). */
const VIRTUAL_FROM = 60;
const ROW_HEIGHT = 44; // h-10 cell + p-0.5

/** One artist's row; memoised so moving the tooltip re-renders no row. */
const HeatmapRow = memo(function HeatmapRow({ a, weeks, workspaceId, range, rowIndex, onTip }: { a: ArtistRow; weeks: UtilisationReport["weeks"]; workspaceId: string; range: string; rowIndex: number; onTip: (tip: Tip | null) => void }) {
  const byWeek = useMemo(() => new Map(a.weeks.map((c) => [c.week, c])), [a.weeks]);
  return (
    <tr aria-rowindex={rowIndex} style={{ height: ROW_HEIGHT }}>
      <th scope="row" className="sticky left-0 z-[1] max-w-40 bg-white px-2 py-1 text-left font-medium text-zinc-800">
        <Link to={`/w/${workspaceId}/artists/${a.artistId}`} className="flex items-center gap-2 hover:text-indigo-700 hover:underline">
          <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: a.color }} aria-hidden />
          <span className="truncate">{a.name}</span>
        </Link>
      </th>
      {weeks.map((w, i) => {
        const f = byWeek.get(w.week) ?? a.weeks[i];
        return f ? <Cell key={w.week} f={f} name={a.name} label={`${w.week} (${weekLabel(w.start)} – ${weekLabel(w.end)})`} onTip={onTip} /> : <td key={w.week} />;
      })}
      <Cell f={a.total} name={a.name} label={range} total onTip={onTip} />
    </tr>
  );
});

/**
 * Artists × ISO weeks, each cell the week's utilisation; a totals column at the end.
 * A long list scrolls inside the card with the header row and the names pinned, and
 * renders only the rows in view (aria-rowcount keeps the table's size known to screen readers).
 */
export function Heatmap({ workspaceId, report }: { workspaceId: string; report: UtilisationReport }) {
  // One tooltip, fixed to the viewport: the scrolling table would clip one inside a cell.
  const [tip, setTip] = useState<Tip | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = report.artists.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({ count: virtual ? report.artists.length : 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const rows = virtual ? items.map((v) => ({ a: report.artists[v.index]!, index: v.index })) : report.artists.map((a, index) => ({ a, index }));
  const padTop = virtual && items.length ? items[0]!.start : 0;
  const padBottom = virtual && items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const range = `${report.from} – ${report.to}`;
  const colSpan = report.weeks.length + 2;
  return (
    <div
      ref={scroller}
      className={cn("overflow-x-auto rounded-xl bg-white p-3 shadow-xs ring-1 ring-zinc-200", virtual && "max-h-[70vh] overflow-y-auto pt-0")}
      onScroll={() => setTip(null)}
      data-testid="heatmap"
      data-virtual={virtual ? "true" : undefined}
    >
      {tip ? (
        <div
          role="tooltip"
          className="pointer-events-none fixed z-50 w-60 -translate-x-1/2 -translate-y-full whitespace-pre-line rounded-lg bg-zinc-900 px-2.5 py-1.5 text-xs text-white shadow-lg"
          style={{ left: Math.max(124, Math.min(tip.x, window.innerWidth - 124)), top: tip.y - 6 }}
        >
          {tip.text}
        </div>
      ) : null}
      <table className="w-full border-separate border-spacing-0 text-sm" aria-label="Utilisation heatmap" aria-rowcount={report.artists.length + 1}>
        <thead className={cn(virtual && "sticky top-0 z-[2] bg-white")}>
          <tr aria-rowindex={1}>
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
          {padTop > 0 ? (
            <tr aria-hidden style={{ height: padTop }}>
              <td colSpan={colSpan} />
            </tr>
          ) : null}
          {rows.map(({ a, index }) => (
            <HeatmapRow key={a.artistId} a={a} weeks={report.weeks} workspaceId={workspaceId} range={range} rowIndex={index + 2} onTip={setTip} />
          ))}
          {padBottom > 0 ? (
            <tr aria-hidden style={{ height: padBottom }}>
              <td colSpan={colSpan} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
