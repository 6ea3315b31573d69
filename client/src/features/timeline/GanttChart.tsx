import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from "react";
import { GripVertical } from "lucide-react";
import { cn } from "../../lib/cn";
import { formatRange } from "../bookings/calendar-model";
import { STATUS_LABEL } from "../bookings/calendar.api";
import { addDaysIso, artistLanes, barOf, bookingStyle, LANE_HEIGHT, ROW_HEIGHT, ticksOf, xOfDay, xOfInstant, type GanttRange, type GanttZoom } from "./gantt-model";
import type { Milestone, Phase, TimelineBooking } from "./timeline.api";

const HEADER_HEIGHT = 36;

type DragKind = "move" | "start" | "end" | "link" | "reorder";
interface Drag {
  kind: DragKind;
  phaseId: string;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  /** Where the pointer is, in chart coordinates (for the link line). */
  px: number;
  py: number;
}

export interface GanttProps {
  phases: Phase[];
  milestones: Milestone[];
  bookings: TimelineBooking[];
  range: GanttRange;
  zoom: GanttZoom;
  dayWidth: number;
  nameWidth: number;
  today: string;
  canEdit: boolean;
  onMovePhase: (phase: Phase, startDate: string, endDate: string) => void;
  onLink: (predecessor: Phase, dependent: Phase) => void;
  onReorder: (phaseId: string, toIndex: number) => void;
  onOpenPhase: (phase: Phase) => void;
  onOpenMilestone: (milestone: Milestone) => void;
}

/** The phase with a drag applied: moved, or one edge moved (never past the other edge). */
function dragged(p: Phase, drag: Drag | null, dayWidth: number): Pick<Phase, "startDate" | "endDate"> {
  if (!drag || drag.phaseId !== p.id) return p;
  const days = Math.round(drag.dx / dayWidth);
  if (drag.kind === "move") return { startDate: addDaysIso(p.startDate, days), endDate: addDaysIso(p.endDate, days) };
  if (drag.kind === "start") {
    const s = addDaysIso(p.startDate, days);
    return { startDate: s > p.endDate ? p.endDate : s, endDate: p.endDate };
  }
  if (drag.kind === "end") {
    const e = addDaysIso(p.endDate, days);
    return { startDate: p.startDate, endDate: e < p.startDate ? p.startDate : e };
  }
  return p;
}

/**
 * The Gantt: a row per phase (bar with its progress; drag to move, drag an edge to resize, drag the dot to
 * another bar to make that one depend on this one, drag the grip to reorder), dependency arrows
 * (red when the dependent starts before its predecessor ends), milestones as diamonds, and a lane per
 * booked artist showing the project's bookings as the calendar draws them. Every bar is a button
 * that opens its form, which is the keyboard path.
 */
export function GanttChart(props: GanttProps) {
  const { phases, milestones, bookings, range, zoom, dayWidth, nameWidth, today, canEdit } = props;
  const chartRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const width = range.count * dayWidth;
  const ticks = ticksOf(range, zoom);
  const artists = artistLanes(bookings);
  const phaseRowY = (i: number) => HEADER_HEIGHT + i * ROW_HEIGHT;
  const milestoneY = phaseRowY(phases.length);
  const artistsTop = milestoneY + ROW_HEIGHT + 28;
  const artistTops: number[] = [];
  let y = artistsTop;
  for (const a of artists) {
    artistTops.push(y);
    y += Math.max(ROW_HEIGHT, a.laneCount * LANE_HEIGHT + 10);
  }
  const height = y + 8;
  const index = new Map(phases.map((p, i) => [p.id, i]));
  const todayX = xOfDay(today, range, dayWidth) + dayWidth / 2;

  // On opening and on every zoom: scroll to today, or to the first phase when the plan starts later.
  const firstStart = phases.reduce<string | null>((min, p) => (!min || p.startDate < min ? p.startDate : min), null);
  const focusX = Math.min(todayX, firstStart && firstStart > today ? xOfDay(firstStart, range, dayWidth) : todayX);
  const scrolledFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    const el = chartRef.current;
    if (!el || scrolledFor.current === zoom) return;
    scrolledFor.current = zoom;
    el.scrollLeft = Math.max(0, focusX - 3 * dayWidth);
  }, [zoom, focusX, dayWidth]);

  const chartPoint = (e: { clientX: number; clientY: number }) => {
    const box = chartRef.current!.getBoundingClientRect();
    return { x: e.clientX - box.left - nameWidth + chartRef.current!.scrollLeft, y: e.clientY - box.top + chartRef.current!.scrollTop };
  };

  const press = (e: ReactPointerEvent, phaseId: string, kind: DragKind) => {
    if (!canEdit || e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    chartRef.current?.setPointerCapture(e.pointerId);
    const p = chartPoint(e);
    setDrag({ kind, phaseId, x0: e.clientX, y0: e.clientY, dx: 0, dy: 0, px: p.x, py: p.y });
  };

  const move = (e: ReactPointerEvent) => {
    if (!drag) return;
    const p = chartPoint(e);
    setDrag({ ...drag, dx: e.clientX - drag.x0, dy: e.clientY - drag.y0, px: p.x, py: p.y });
  };

  const release = (e: ReactPointerEvent) => {
    if (!drag) return;
    const d = drag;
    setDrag(null);
    const phase = phases.find((p) => p.id === d.phaseId);
    if (!phase) return;
    const moved = Math.abs(d.dx) > 3 || Math.abs(d.dy) > 3;
    if (d.kind === "link") {
      const target = (document.elementsFromPoint(e.clientX, e.clientY).find((el) => el instanceof HTMLElement && el.dataset.phaseBar) as HTMLElement | undefined)?.dataset.phaseBar;
      const dependent = phases.find((p) => p.id === target);
      if (dependent && dependent.id !== phase.id) props.onLink(phase, dependent);
      return;
    }
    if (d.kind === "reorder") {
      const to = Math.max(0, Math.min(phases.length - 1, index.get(phase.id)! + Math.round(d.dy / ROW_HEIGHT)));
      if (to !== index.get(phase.id)) props.onReorder(phase.id, to);
      return;
    }
    if (!moved) {
      props.onOpenPhase(phase);
      return;
    }
    const next = dragged(phase, d, dayWidth);
    if (next.startDate !== phase.startDate || next.endDate !== phase.endDate) props.onMovePhase(phase, next.startDate, next.endDate);
  };

  const barKey = (e: KeyboardEvent, phase: Phase) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      props.onOpenPhase(phase);
    } else if (canEdit && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
      e.preventDefault();
      const n = e.key === "ArrowLeft" ? -1 : 1;
      if (e.shiftKey) {
        const end = addDaysIso(phase.endDate, n);
        if (end >= phase.startDate) props.onMovePhase(phase, phase.startDate, end);
      } else props.onMovePhase(phase, addDaysIso(phase.startDate, n), addDaysIso(phase.endDate, n));
    }
  };

  const arrows = phases.flatMap((p) =>
    p.dependsOn.flatMap((predId) => {
      const pred = phases.find((x) => x.id === predId);
      if (!pred) return [];
      const a = barOf(dragged(pred, drag, dayWidth), range, dayWidth);
      const b = barOf(dragged(p, drag, dayWidth), range, dayWidth);
      const x1 = a.left + a.width;
      const y1 = phaseRowY(index.get(pred.id)!) + ROW_HEIGHT / 2;
      const x2 = b.left;
      const y2 = phaseRowY(index.get(p.id)!) + ROW_HEIGHT / 2;
      const late = p.lateDependencies.includes(predId);
      const bend = Math.max(x1 + 8, Math.min(x2 - 8, x1 + 12));
      const path = x2 - 16 >= x1 ? `M${x1},${y1} H${bend} V${y2} H${x2 - 2}` : `M${x1},${y1} h8 V${(y1 + y2) / 2} H${x2 - 10} V${y2} H${x2 - 2}`;
      return [{ key: `${predId}>${p.id}`, path, late, label: `${p.name} starts after ${pred.name}${late ? " (starts too early)" : ""}` }];
    }),
  );

  return (
    <div
      ref={chartRef}
      data-gantt
      className={cn("relative min-h-0 flex-1 overflow-auto overscroll-contain rounded-xl bg-white ring-1 ring-zinc-200 print:overflow-visible print:ring-0", drag && "select-none")}
      onPointerMove={move}
      onPointerUp={release}
      onPointerCancel={() => setDrag(null)}
    >
      <div className="relative" style={{ width: nameWidth + width, height }}>
        {/* header */}
        <div className="sticky top-0 z-30 flex border-b border-zinc-200 bg-white" style={{ height: HEADER_HEIGHT }}>
          <div className="sticky left-0 z-10 flex shrink-0 items-end border-r border-zinc-200 bg-white px-3 pb-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-500" style={{ width: nameWidth }}>
            Phases
          </div>
          <div className="relative" style={{ width }}>
            {ticks.map((t) => (
              <div key={t.iso} className={cn("absolute bottom-0 top-0 border-l pl-1 pt-2 text-[11px] whitespace-nowrap", t.major ? "border-zinc-300 font-medium text-zinc-700" : "border-zinc-100 text-zinc-500", t.iso === today && "text-rose-600")} style={{ left: xOfDay(t.iso, range, dayWidth) }}>
                {t.label}
              </div>
            ))}
          </div>
        </div>

        {/* grid lines and today */}
        <div aria-hidden className="pointer-events-none absolute bottom-0" style={{ left: nameWidth, top: HEADER_HEIGHT, width }}>
          {ticks.map((t) => (
            <div key={t.iso} className={cn("absolute inset-y-0 border-l", t.major ? "border-zinc-200" : "border-zinc-100")} style={{ left: xOfDay(t.iso, range, dayWidth) }} />
          ))}
          <div data-testid="today-line" className="absolute inset-y-0 z-10 w-0.5 bg-rose-500/80" style={{ left: todayX }} title="Today" />
        </div>

        {/* phases */}
        {phases.map((p, i) => {
          const span = dragged(p, drag, dayWidth);
          const bar = barOf(span, range, dayWidth);
          const active = drag?.phaseId === p.id;
          const reorderOffset = active && drag.kind === "reorder" ? drag.dy : 0;
          const late = p.lateDependencies.length > 0;
          const label = `${p.name}, ${formatRange(`${span.startDate}T00:00:00Z`, `${addDaysIso(span.endDate, 1)}T00:00:00Z`, "UTC")}, ${p.progress}% done${late ? ", starts before a phase it depends on ends" : ""}`;
          return (
            <div key={p.id} className={cn("absolute left-0 flex border-b border-zinc-100", active && drag.kind === "reorder" && "z-20 bg-indigo-50/80 shadow")} style={{ top: phaseRowY(i) + reorderOffset, height: ROW_HEIGHT, width: nameWidth + width }} data-testid="phase-row" data-phase-id={p.id}>
              <div className="sticky left-0 z-20 flex shrink-0 items-center gap-1 border-r border-zinc-200 bg-white px-1.5 text-sm" style={{ width: nameWidth }}>
                {canEdit ? (
                  <span role="presentation" data-testid="reorder-grip" className="cursor-grab touch-none text-zinc-400 hover:text-zinc-700 print:hidden" onPointerDown={(e) => press(e, p.id, "reorder")} title="Drag to reorder">
                    <GripVertical className="size-4" />
                  </span>
                ) : null}
                <span className="size-2.5 shrink-0 rounded-full" style={{ background: p.color }} aria-hidden />
                <span className="truncate font-medium text-zinc-800" title={p.name}>
                  {p.name}
                </span>
              </div>
              <div className="relative" style={{ width }}>
                <div
                  role="button"
                  tabIndex={0}
                  title={label}
                  data-testid="phase-bar"
                  data-phase-bar={p.id}
                  data-start={span.startDate}
                  data-end={span.endDate}
                  onPointerDown={(e) => press(e, p.id, "move")}
                  onClick={canEdit ? undefined : () => props.onOpenPhase(p)}
                  onKeyDown={(e) => barKey(e, p)}
                  className={cn(
                    "group absolute top-1.5 flex touch-none items-center overflow-hidden rounded-md border-2 text-xs font-medium text-zinc-900 shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-1",
                    canEdit ? "cursor-grab" : "cursor-pointer",
                    late && "ring-2 ring-rose-400",
                    active && drag.kind !== "reorder" && "z-20 cursor-grabbing shadow-lg",
                  )}
                  style={{ left: bar.left, width: bar.width, height: ROW_HEIGHT - 12, borderColor: p.color, background: `color-mix(in srgb, ${p.color} 18%, white)` }}
                >
                  <span aria-hidden className="absolute inset-y-0 left-0" style={{ width: `${p.progress}%`, background: `color-mix(in srgb, ${p.color} 55%, white)` }} />
                  <span className="relative truncate px-2">{bar.width > 60 ? `${p.name} · ${p.progress}%` : `${p.progress}%`}</span>
                  {/* Named by its visible text plus these details: an aria-label would hide the visible text from speech input. */}
                  <span className="sr-only">{`${bar.width > 60 ? "" : `, ${p.name}`}, ${label.slice(p.name.length + 2)}`}</span>
                  {canEdit ? (
                    <>
                      <span aria-hidden data-handle="start" className="absolute inset-y-0 left-0 w-2 cursor-ew-resize" onPointerDown={(e) => press(e, p.id, "start")} />
                      <span aria-hidden data-handle="end" className="absolute inset-y-0 right-0 w-2 cursor-ew-resize" onPointerDown={(e) => press(e, p.id, "end")} />
                    </>
                  ) : null}
                </div>
                {canEdit ? (
                  <span
                    aria-hidden
                    data-handle="link"
                    title="Drag to another phase: it will start after this one"
                    className="absolute z-10 size-3 cursor-crosshair rounded-full border-2 border-white bg-indigo-600 shadow print:hidden"
                    style={{ left: bar.left + bar.width + 2, top: ROW_HEIGHT / 2 - 6 }}
                    onPointerDown={(e) => press(e, p.id, "link")}
                  />
                ) : null}
              </div>
            </div>
          );
        })}

        {/* dependency arrows (and the line of a link being drawn) */}
        <svg aria-hidden className="pointer-events-none absolute top-0 z-10" style={{ left: nameWidth }} width={width} height={height}>
          <defs>
            <marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0 L8,4 L0,8 z" fill="#52525b" />
            </marker>
            <marker id="gantt-arrow-late" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0 L8,4 L0,8 z" fill="#e11d48" />
            </marker>
          </defs>
          {arrows.map((a) => (
            <path key={a.key} data-testid="dependency-arrow" data-dependency={a.key} d={a.path} fill="none" stroke={a.late ? "#e11d48" : "#52525b"} strokeWidth={1.5} markerEnd={a.late ? "url(#gantt-arrow-late)" : "url(#gantt-arrow)"}>
              <title>{a.label}</title>
            </path>
          ))}
          {drag?.kind === "link"
            ? (() => {
                const p = phases.find((x) => x.id === drag.phaseId)!;
                const bar = barOf(p, range, dayWidth);
                return <line x1={bar.left + bar.width + 8} y1={phaseRowY(index.get(p.id)!) + ROW_HEIGHT / 2} x2={drag.px} y2={drag.py} stroke="#4f46e5" strokeWidth={2} strokeDasharray="4 3" />;
              })()
            : null}
        </svg>

        {/* milestones */}
        <div className="absolute left-0 flex border-b border-zinc-200" style={{ top: milestoneY, height: ROW_HEIGHT, width: nameWidth + width }}>
          <div className="sticky left-0 z-20 flex shrink-0 items-center border-r border-zinc-200 bg-white px-3 text-sm font-medium text-zinc-600" style={{ width: nameWidth }}>
            Milestones
          </div>
          <div className="relative" style={{ width }}>
            {milestones.map((m) => {
              const label = `Milestone ${m.name}, ${m.date}${m.done ? ", done" : ""}`;
              return (
                <button
                  key={m.id}
                  type="button"
                  aria-label={label}
                  title={label}
                  data-testid="milestone"
                  data-milestone-id={m.id}
                  onClick={() => props.onOpenMilestone(m)}
                  className="absolute top-1/2 z-10 flex -translate-x-1/2 -translate-y-1/2 items-center gap-1 outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
                  style={{ left: xOfDay(m.date, range, dayWidth) + dayWidth / 2 }}
                >
                  <span aria-hidden className={cn("block size-3.5 rotate-45 border-2 border-amber-600", m.done ? "bg-amber-500" : "bg-white")} />
                </button>
              );
            })}
            {milestones.map((m) => (
              <span key={`l-${m.id}`} aria-hidden className="pointer-events-none absolute top-1/2 -translate-y-1/2 whitespace-nowrap pl-3 text-[11px] text-zinc-600" style={{ left: xOfDay(m.date, range, dayWidth) + dayWidth / 2 }}>
                {m.name}
              </span>
            ))}
          </div>
        </div>

        {/* booked artists */}
        <div className="absolute left-0 border-b border-zinc-200 bg-zinc-50" style={{ top: milestoneY + ROW_HEIGHT, height: 28, width: nameWidth + width }}>
          <div className="sticky left-0 flex h-full items-center px-3 text-xs font-semibold uppercase tracking-wide text-zinc-500" style={{ width: Math.max(nameWidth, 220) }}>
            Booked artists {artists.length ? `(${artists.length})` : "— none yet"}
          </div>
        </div>
        {artists.map((a, i) => (
          <div key={a.artistId} data-testid="artist-lane" data-artist-id={a.artistId} className="absolute left-0 flex border-b border-zinc-100" style={{ top: artistTops[i], height: Math.max(ROW_HEIGHT, a.laneCount * LANE_HEIGHT + 10), width: nameWidth + width }}>
            <div className="sticky left-0 z-20 flex shrink-0 items-center gap-2 border-r border-zinc-200 bg-white px-3 text-sm" style={{ width: nameWidth }}>
              <span className="size-2.5 shrink-0 rounded-full" style={{ background: a.color }} aria-hidden />
              <span className="truncate text-zinc-800" title={a.name}>
                {a.name}
              </span>
            </div>
            <div className="relative" style={{ width }}>
              {a.bookings.map((b) => {
                const left = xOfInstant(b.start, range, dayWidth);
                const w = Math.max(6, xOfInstant(b.end, range, dayWidth) - left);
                const rank = b.status === "HOLD" && b.holdRank ? `H${b.holdRank}` : null;
                const label = `${b.title}, ${STATUS_LABEL[b.status]}${rank ? ` ${b.holdRank}` : ""}, ${a.name}, ${formatRange(b.start, b.end)}`;
                return (
                  <div
                    key={b.id}
                    data-testid="timeline-booking"
                    data-status={b.status}
                    title={label}
                    aria-label={label}
                    role="img"
                    className="absolute flex items-center gap-1 overflow-hidden rounded-md border-2 px-1 text-[11px] text-zinc-900"
                    style={{ left, width: w, top: 5 + (a.lanes.get(b.id) ?? 0) * LANE_HEIGHT, height: LANE_HEIGHT - 4, ...bookingStyle(b.status, a.color) }}
                  >
                    {rank ? <span className="shrink-0 rounded bg-zinc-900/80 px-1 text-[10px] font-bold leading-4 text-white">{rank}</span> : null}
                    <span className="truncate font-medium">{b.title}</span>
                  </div>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
