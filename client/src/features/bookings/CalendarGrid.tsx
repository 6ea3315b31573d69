import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from "react";
import { cn } from "../../lib/cn";
import { initials } from "../../lib/format";
import type { CalendarArtist, CalendarBooking } from "./calendar.api";
import { STATUS_LABEL } from "./calendar.api";
import { textColorOn } from "../../lib/color";
import {
  HOUR_MS,
  assignLanes,
  dayIndexAt,
  floorToHour,
  formatRange,
  inTimeOff,
  roundToHour,
  shiftDays,
  snapsToHours,
  timeAt,
  workingIntervals,
  workingSpanOfDay,
  xOf,
  type Day,
  type Zoom,
} from "./calendar-model";

export const DEFAULT_ACCENT = "#6366f1";
const LANE_HEIGHT = 30;
const ROW_PADDING = 8;
/** Pixels the pointer must travel before a press becomes a drag (less is a click). */
const DRAG_THRESHOLD = 4;

export interface Span {
  start: number;
  end: number;
  /** Where a moved bar was dropped when that is another artist's row. */
  artistId?: string;
}

type DragKind = "create" | "move" | "start" | "end";

interface DragState {
  kind: DragKind;
  artistId: string;
  booking: CalendarBooking | null;
  /** Pointer x in the timeline at the press and now. */
  x0: number;
  x: number;
  moved: boolean;
  /** The row under the pointer while a bar is moved (another artist's row reassigns it). */
  overArtistId: string | null;
}

interface GridProps {
  days: Day[];
  /** Least width of a day column; the columns stretch to fill the grid. */
  minDayWidth: number;
  zoom: Zoom;
  artists: CalendarArtist[];
  bookingsByArtist: Map<string, CalendarBooking[]>;
  canCreate: boolean;
  canEdit: boolean;
  /** Booking ids whose write is in flight (drawn faded). */
  saving: ReadonlySet<string>;
  nameWidth: number;
  onCreate: (artist: CalendarArtist, span: Span) => void;
  onChange: (booking: CalendarBooking, span: Span) => void;
  onOpen: (booking: CalendarBooking) => void;
  /** Instant to bring into view (changes of it scroll the grid). */
  focusTime: number | null;
  focusBookingId: string | null;
}

/**
 * The resource timeline: one row per artist (virtualised: only the rows on
 * screen are in the DOM), one column per day, bars positioned by time. A drag
 * on empty cells proposes a new booking; a drag of a bar moves it, of its
 * edges resizes it; everything snaps (1 h at week zoom, working days at the
 * wider zooms) and reports the result through onCreate / onChange.
 */
export function CalendarGrid(props: GridProps) {
  const { days, minDayWidth, zoom, artists, bookingsByArtist, nameWidth, focusTime, focusBookingId } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientWidth));
    observer.observe(el);
    setViewport(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  const dayWidth = Math.max(minDayWidth, Math.floor((viewport - nameWidth) / Math.max(1, days.length)));
  const timelineWidth = days.length * dayWidth;
  const [drag, setDrag] = useState<DragState | null>(null);
  const dragRef = useRef<DragState | null>(null);
  dragRef.current = drag;

  const layouts = useMemo(() => {
    const out = new Map<string, { lanes: Map<string, number>; count: number }>();
    for (const a of artists) out.set(a.id, assignLanes(bookingsByArtist.get(a.id) ?? []));
    return out;
  }, [artists, bookingsByArtist]);

  const rowHeight = useCallback((index: number) => ROW_PADDING * 2 + (layouts.get(artists[index]!.id)?.count ?? 1) * LANE_HEIGHT, [layouts, artists]);

  const virtualizer = useVirtualizer({
    count: artists.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    overscan: 6,
    getItemKey: (index) => artists[index]!.id,
  });
  // Lane counts change row heights: measure again.
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, layouts]);

  // Bring a day (or a booking's row) into view when asked.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || focusTime === null) return;
    const x = xOf(focusTime, days, dayWidth);
    el.scrollTo({ left: Math.max(0, x - dayWidth), behavior: "auto" });
    if (focusBookingId) {
      const index = artists.findIndex((a) => (bookingsByArtist.get(a.id) ?? []).some((b) => b.id === focusBookingId));
      if (index >= 0) virtualizer.scrollToIndex(index, { align: "center" });
    }
  }, [focusTime, focusBookingId, days, dayWidth, artists, bookingsByArtist, virtualizer]);

  const artistOf = useCallback((id: string) => artists.find((a) => a.id === id), [artists]);

  /** Where a drag lands, snapped (null: nothing sensible yet). */
  const resolve = useCallback(
    (d: DragState): Span | null => {
      const artist = artistOf(d.artistId);
      if (!artist) return null;
      const hours = snapsToHours(zoom);
      const span = (day: Day) => workingSpanOfDay(day, artist.workingHours, artist.timeOff, artist.timezone);
      if (d.kind === "create") {
        const lo = Math.min(d.x0, d.x);
        const hi = Math.max(d.x0, d.x);
        if (hours) {
          const start = floorToHour(timeAt(lo, days, dayWidth));
          const end = Math.max(start + HOUR_MS, floorToHour(timeAt(hi, days, dayWidth)) + HOUR_MS);
          return { start, end };
        }
        return { start: span(days[dayIndexAt(lo, days, dayWidth)]!)[0], end: span(days[dayIndexAt(hi, days, dayWidth)]!)[1] };
      }
      const b = d.booking!;
      const start = Date.parse(b.start);
      const end = Date.parse(b.end);
      const dx = d.x - d.x0;
      if (d.kind === "move") {
        const to = d.overArtistId && d.overArtistId !== d.artistId ? { artistId: d.overArtistId } : {};
        if (hours) {
          const moved = roundToHour(timeAt(xOf(start, days, dayWidth) + dx, days, dayWidth));
          return { start: moved, end: moved + (end - start), ...to };
        }
        const n = Math.round(dx / dayWidth);
        return { start: shiftDays(start, n), end: shiftDays(end, n), ...to };
      }
      if (d.kind === "end") {
        if (hours) return { start, end: Math.max(start + HOUR_MS, roundToHour(timeAt(xOf(end, days, dayWidth) + dx, days, dayWidth))) };
        const day = days[dayIndexAt(xOf(end, days, dayWidth) - 1 + dx, days, dayWidth)]!;
        const next = span(day)[1];
        return { start, end: next > start ? next : end };
      }
      if (hours) return { start: Math.min(end - HOUR_MS, roundToHour(timeAt(xOf(start, days, dayWidth) + dx, days, dayWidth))), end };
      const day = days[dayIndexAt(xOf(start, days, dayWidth) + dx, days, dayWidth)]!;
      const next = span(day)[0];
      return { start: next < end ? next : start, end };
    },
    [artistOf, zoom, days, dayWidth],
  );

  // The drag follows the pointer on the window (it may leave the row); handlers read the latest props through a ref.
  const timelineLeft = useRef(0);
  const { onCreate, onChange, onOpen } = props;
  const latest = useRef({ onCreate, onChange, onOpen, resolve, artistOf, timelineWidth });
  latest.current = { onCreate, onChange, onOpen, resolve, artistOf, timelineWidth };
  const dragging = drag !== null;
  useEffect(() => {
    if (!dragging) return;
    const move = (e: PointerEvent) => {
      const current = dragRef.current;
      if (!current) return;
      const x = Math.min(latest.current.timelineWidth, Math.max(0, e.clientX - timelineLeft.current));
      const moved = current.moved || Math.abs(x - current.x0) > DRAG_THRESHOLD;
      const overArtistId = current.kind === "move" ? rowAt(e.clientX, e.clientY) ?? current.overArtistId : null;
      if (x !== current.x || moved !== current.moved || overArtistId !== current.overArtistId) setDrag({ ...current, x, moved, overArtistId });
    };
    const up = () => {
      const current = dragRef.current;
      const h = latest.current;
      setDrag(null);
      if (!current) return;
      if (current.kind !== "create" && !current.moved) {
        h.onOpen(current.booking!);
        return;
      }
      const span = h.resolve(current);
      if (!span) return;
      if (current.kind === "create") {
        const artist = h.artistOf(current.artistId);
        if (artist) h.onCreate(artist, span);
        return;
      }
      const b = current.booking!;
      if (span.start !== Date.parse(b.start) || span.end !== Date.parse(b.end) || span.artistId) h.onChange(b, span);
    };
    const cancel = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") {
        dragRef.current = null;
        setDrag(null);
      }
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("keydown", cancel);
    return () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("keydown", cancel);
    };
  }, [dragging]);

  const startDrag = useCallback(
    (e: ReactPointerEvent, artistId: string, kind: DragKind, booking: CalendarBooking | null) => {
      if (e.button !== 0) return;
      const timeline = (e.currentTarget as HTMLElement).closest<HTMLElement>("[data-timeline]");
      if (!timeline) return;
      e.preventDefault();
      e.stopPropagation();
      timelineLeft.current = timeline.getBoundingClientRect().left;
      const x = e.clientX - timelineLeft.current;
      setDrag({ kind, artistId, booking, x0: x, x, moved: false, overArtistId: artistId });
    },
    [],
  );

  const preview = drag && (drag.kind === "create" || drag.moved) ? resolve(drag) : null;
  const now = Date.now();
  const todayX = days.length && now >= days[0]!.start && now < days[days.length - 1]!.end ? xOf(now, days, dayWidth) : null;

  return (
    <div
      ref={scrollRef}
      data-testid="calendar-scroll"
      className={cn("relative min-h-0 flex-1 overflow-auto overscroll-contain rounded-xl bg-white ring-1 ring-zinc-200", drag?.moved && "select-none")}
      style={{ "--name-w": `${nameWidth}px` } as CSSProperties}
    >
      <div role="grid" aria-label="Bookings calendar" aria-rowcount={artists.length + 1} style={{ width: nameWidth + timelineWidth }} className="relative">
        <HeaderRow days={days} dayWidth={dayWidth} zoom={zoom} nameWidth={nameWidth} artistCount={artists.length} />

        <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const artist = artists[item.index]!;
            const layout = layouts.get(artist.id)!;
            const mine = drag && drag.artistId === artist.id ? drag : null;
            return (
              <ArtistRow
                key={artist.id}
                index={item.index}
                top={item.start}
                height={item.size}
                artist={artist}
                bookings={bookingsByArtist.get(artist.id) ?? EMPTY}
                lanes={layout.lanes}
                days={days}
                dayWidth={dayWidth}
                zoom={zoom}
                nameWidth={nameWidth}
                canCreate={props.canCreate && artist.active}
                canEdit={props.canEdit}
                saving={props.saving}
                dragKind={mine?.kind ?? null}
                dragBookingId={mine?.booking?.id ?? null}
                preview={mine ? preview : null}
                dropTarget={!!drag && drag.kind === "move" && drag.moved && drag.overArtistId === artist.id && drag.artistId !== artist.id}
                onPress={startDrag}
                onOpen={onOpen}
              />
            );
          })}
          {todayX !== null ? (
            <div aria-hidden data-testid="today-line" className="pointer-events-none absolute inset-y-0 z-10 w-0.5 bg-rose-500/80" style={{ left: nameWidth + todayX }} />
          ) : null}
        </div>
      </div>
    </div>
  );
}

const EMPTY: CalendarBooking[] = [];

/** The artist of the calendar row under a point of the window, if any. */
function rowAt(x: number, y: number): string | null {
  const el = document.elementFromPoint(x, y);
  return el instanceof HTMLElement ? (el.closest<HTMLElement>("[data-artist-id]")?.dataset.artistId ?? null) : null;
}

/** The sticky row of day headers (memoised: the grid re-renders on every scroll, the days do not change). */
const HeaderRow = memo(function HeaderRow({ days, dayWidth, zoom, nameWidth, artistCount }: { days: Day[]; dayWidth: number; zoom: Zoom; nameWidth: number; artistCount: number }) {
  return (
        <div role="row" aria-rowindex={1} className="sticky top-0 z-30 flex border-b border-zinc-200 bg-white">
          <div role="columnheader" className="sticky left-0 z-10 flex shrink-0 items-end border-r border-zinc-200 bg-white px-3 pb-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-500" style={{ width: nameWidth }}>
            Artists · {artistCount}
          </div>
          {days.map((day) => (
            <div
              key={day.iso}
              role="columnheader"
              aria-label={new Date(day.start).toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" })}
              data-day={day.iso}
              data-hours={`${new Date(day.viewStart).getHours()}-${day.viewEnd === day.end ? 24 : new Date(day.viewEnd).getHours()}`}
              className={cn("shrink-0 border-r border-zinc-100 px-1.5 py-1.5 text-center", day.weekend && "bg-zinc-50", day.today && "bg-indigo-50")}
              style={{ width: dayWidth }}
            >
              <div className={cn("text-[10px] font-medium uppercase", day.today ? "text-indigo-700" : "text-zinc-500")}>{new Date(day.start).toLocaleDateString(undefined, { weekday: dayWidth < 60 ? "narrow" : "short" })}</div>
              <div className={cn("text-sm font-semibold tabular-nums", day.today ? "text-indigo-700" : "text-zinc-800")}>
                {new Date(day.start).getDate()}
                {dayWidth >= 90 ? <span className="ml-1 text-xs font-normal text-zinc-500">{new Date(day.start).toLocaleDateString(undefined, { month: "short" })}</span> : null}
              </div>
              {zoom === "week" ? <HourTicks day={day} width={dayWidth} /> : null}
            </div>
          ))}
        </div>
  );
});


/** 09, 12, 15, 18 under a day's date at week zoom. */
function HourTicks({ day, width }: { day: Day; width: number }) {
  const span = day.viewEnd - day.viewStart;
  return (
    <div aria-hidden className="relative mt-0.5 h-3 text-[9px] leading-3 text-zinc-400">
      {[9, 12, 15, 18].map((h) => {
        const t = new Date(day.start);
        t.setHours(h, 0, 0, 0);
        const left = ((t.getTime() - day.viewStart) / span) * width;
        return (
          <span key={h} className="absolute -translate-x-1/2 tabular-nums" style={{ left: left - 6 }}>
            {String(h).padStart(2, "0")}
          </span>
        );
      })}
    </div>
  );
}

interface RowProps {
  index: number;
  top: number;
  height: number;
  artist: CalendarArtist;
  bookings: CalendarBooking[];
  lanes: Map<string, number>;
  days: Day[];
  dayWidth: number;
  zoom: Zoom;
  nameWidth: number;
  canCreate: boolean;
  canEdit: boolean;
  saving: ReadonlySet<string>;
  dragKind: DragKind | null;
  dragBookingId: string | null;
  preview: Span | null;
  /** A bar of another row is being dragged over this one (dropping reassigns it here). */
  dropTarget: boolean;
  onPress: (e: ReactPointerEvent, artistId: string, kind: DragKind, booking: CalendarBooking | null) => void;
  onOpen: (booking: CalendarBooking) => void;
}

/** One artist: the sticky name cell, the shaded working time and the bars (re-rendered only when its own props change). */
const ArtistRow = memo(function ArtistRow(props: RowProps) {
  const { artist, bookings, lanes, days, dayWidth, zoom, nameWidth, top, height, dragKind, dragBookingId, preview } = props;
  const accent = artist.color || DEFAULT_ACCENT;
  const from = days[0]?.start ?? 0;
  const to = days[days.length - 1]?.end ?? 0;

  // Working time: hour resolution at the week zooms, whole days at month zoom.
  const working = useMemo(() => {
    if (snapsToHours(zoom) || zoom === "2weeks") return workingIntervals(from, to, artist.workingHours, artist.timeOff, artist.timezone);
    const all = workingIntervals(from, to, artist.workingHours, artist.timeOff, artist.timezone);
    return days.filter((d) => all.some(([s, e]) => s < d.end && e > d.start)).map((d): [number, number] => [d.start, d.end]);
  }, [zoom, from, to, days, artist.workingHours, artist.timeOff, artist.timezone]);

  const offDays = useMemo(() => days.map((d, i) => ({ i, day: d, off: artist.timeOff.find((t) => inTimeOff(d.iso, [t])) })).filter((d) => d.off), [days, artist.timeOff]);

  return (
    <div
      role="row"
      aria-rowindex={props.index + 2}
      data-testid="artist-row"
      data-artist-id={artist.id}
      data-artist-name={artist.name}
      data-drop-target={props.dropTarget || undefined}
      className={cn("absolute left-0 flex border-b border-zinc-100", props.dropTarget && "z-[5] ring-2 ring-inset ring-indigo-400")}
      // Paint containment: a row's bars and shading never repaint its neighbours while the grid scrolls.
      style={{ top, height, width: nameWidth + days.length * dayWidth, contain: "layout paint" }}
    >
      <div role="rowheader" className="sticky left-0 z-20 flex shrink-0 items-center gap-2 border-r border-zinc-200 bg-white px-3" style={{ width: nameWidth }}>
        <span aria-hidden className="flex size-7 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold" style={{ background: accent, color: textColorOn(accent) }}>
          {initials(artist.name)}
        </span>
        <div className="min-w-0">
          <div className="truncate text-sm font-medium text-zinc-900">
            {artist.name}
            {!artist.active ? <span className="ml-1 text-xs font-normal text-zinc-400">(inactive)</span> : null}
          </div>
          {artist.skills.length || artist.title ? <div className="truncate text-xs text-zinc-500">{artist.skills.length ? artist.skills.join(", ") : artist.title}</div> : null}
          <span className="sr-only">{`: ${bookings.length} booking${bookings.length === 1 ? "" : "s"} in view`}</span>
        </div>
      </div>

      <div
        role="gridcell"
        data-timeline
        className={cn("relative shrink-0 bg-zinc-100/80", props.canCreate && "cursor-crosshair")}
        style={{ width: days.length * dayWidth }}
        onPointerDown={props.canCreate ? (e) => props.onPress(e, artist.id, "create", null) : undefined}
      >
        {working.map(([s, e]) => {
          const left = xOf(s, days, dayWidth);
          return <div key={s} aria-hidden className="absolute inset-y-0 bg-white" style={{ left, width: Math.max(1, xOf(e, days, dayWidth) - left) }} />;
        })}
        {/* Day lines as one painted layer (a div per day per row was most of the DOM a scroll lays out); weekends shaded on top. */}
        <div aria-hidden className="pointer-events-none absolute inset-0" style={{ backgroundImage: `repeating-linear-gradient(to right, transparent 0 ${dayWidth - 1}px, rgb(244 244 245) ${dayWidth - 1}px ${dayWidth}px)` }} />
        {days.map((d, i) =>
          d.weekend ? <div key={d.iso} aria-hidden className="pointer-events-none absolute inset-y-0 border-r border-zinc-200 bg-zinc-200/30" style={{ left: i * dayWidth, width: dayWidth }} /> : null,
        )}
        {offDays.map(({ i, day, off }) => (
          <div
            key={day.iso}
            data-testid="time-off"
            title={`Time off${off!.reason ? `: ${off!.reason}` : ""}`}
            className="absolute inset-y-0 bg-[repeating-linear-gradient(45deg,rgb(251_191_36/0.25)_0_4px,transparent_4px_9px)]"
            style={{ left: i * dayWidth, width: dayWidth }}
          />
        ))}

        {bookings.map((b) => {
          const dragged = dragBookingId === b.id && dragKind !== "create" ? preview : null;
          return (
            <BookingBar
              key={b.id}
              booking={b}
              lane={lanes.get(b.id) ?? 0}
              span={dragged ?? { start: Date.parse(b.start), end: Date.parse(b.end) }}
              dragging={!!dragged}
              saving={props.saving.has(b.id)}
              accent={accent}
              days={days}
              dayWidth={dayWidth}
              canEdit={props.canEdit}
              artistId={artist.id}
              onPress={props.onPress}
              onOpen={props.onOpen}
            />
          );
        })}

        {dragKind === "create" && preview ? (
          <div
            data-testid="create-preview"
            aria-hidden
            className="pointer-events-none absolute rounded-md border-2 border-dashed border-indigo-500 bg-indigo-500/10"
            style={{ left: xOf(preview.start, days, dayWidth), width: Math.max(6, xOf(preview.end, days, dayWidth) - xOf(preview.start, days, dayWidth)), top: ROW_PADDING - 2, bottom: ROW_PADDING - 2 }}
          >
            <span className="absolute left-1 top-0.5 whitespace-nowrap text-[11px] font-medium text-indigo-800">{formatRange(preview.start, preview.end)}</span>
          </div>
        ) : null}
      </div>
    </div>
  );
});

interface BarProps {
  booking: CalendarBooking;
  lane: number;
  span: Span;
  dragging: boolean;
  saving: boolean;
  accent: string;
  days: Day[];
  dayWidth: number;
  canEdit: boolean;
  artistId: string;
  onPress: RowProps["onPress"];
  onOpen: RowProps["onOpen"];
}

/** A booking bar: hold hatched with its rank, pencil outlined, confirmed solid, in the artist's colour. */
function BookingBar({ booking: b, lane, span, dragging, saving, accent, days, dayWidth, canEdit, artistId, onPress, onOpen }: BarProps) {
  const left = xOf(span.start, days, dayWidth);
  const width = Math.max(8, xOf(span.end, days, dayWidth) - left);
  const status = b.status;
  const rank = status === "HOLD" && b.holdRank ? `H${b.holdRank}` : null;
  const when = formatRange(span.start, span.end);
  const details = `${STATUS_LABEL[status]}${rank ? ` ${b.holdRank}` : ""}, ${b.artistName}, ${when}${b.force ? ", forced outside working time" : ""}`;
  const label = `${b.title}${b.projectName ? ` (${b.projectName})` : ""}, ${details}`;
  const srDetails = `${b.projectName && width <= 110 ? `${b.projectName}, ` : ""}${details}`;

  const style: CSSProperties = { left, width, top: ROW_PADDING + lane * LANE_HEIGHT, height: LANE_HEIGHT - 4 };
  if (status === "CONFIRMED") {
    style.background = accent;
    style.borderColor = accent;
    style.color = textColorOn(accent);
  } else if (status === "PENCIL") {
    style.background = "white";
    style.borderColor = accent;
  } else {
    style.background = `repeating-linear-gradient(135deg, color-mix(in srgb, ${accent} 28%, white) 0 5px, white 5px 10px)`;
    style.borderColor = `color-mix(in srgb, ${accent} 60%, white)`;
  }

  const keyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onOpen(b);
    }
  };

  // One clip per bar: the bar itself truncates its inline content (rank, title, project) with an ellipsis.
  // Clipping or translucent children (per-span truncate, opacity, an sr-only span) each started a paint
  // chunk of their own: with ~150 bars in view, layerizing them was the largest part of a scroll frame.
  const descriptionId = `bar-details-${b.id}`;
  return (
    <div
      role="button"
      tabIndex={0}
      title={label}
      aria-describedby={descriptionId}
      data-testid="booking-bar"
      data-booking-id={b.id}
      data-status={status}
      onKeyDown={keyDown}
      onPointerDown={(e) => (canEdit ? onPress(e, artistId, "move", b) : (e.stopPropagation(), undefined))}
      onClick={canEdit ? undefined : () => onOpen(b)}
      className={cn(
        "group absolute z-[5] truncate rounded-md border-2 px-1.5 text-left text-xs leading-[22px] shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-1",
        status === "PENCIL" && "border-dashed",
        status !== "CONFIRMED" && "text-zinc-900",
        canEdit ? "cursor-grab" : "cursor-pointer",
        dragging && "z-20 cursor-grabbing opacity-90 shadow-lg ring-2 ring-indigo-500",
        saving && "opacity-60",
      )}
      style={style}
    >
      {rank ? <span className="mr-1 inline-block rounded bg-zinc-900/80 px-1 align-[1px] text-[10px] font-bold leading-4 text-white">{rank}</span> : null}
      <span className="font-medium">{b.title}</span>
      {b.projectName && width > 110 ? <span className={cn("ml-1", status !== "CONFIRMED" && "text-zinc-600")}>· {b.projectName}</span> : null}
      {/* The button's name is its visible text (as speech-input users say it); the details are its description, from a
          hidden element (never painted: an sr-only span is a clip of its own per bar). */}
      <span id={descriptionId} hidden>
        {srDetails}
      </span>
      {canEdit ? (
        <>
          <span aria-hidden data-handle="start" className="absolute inset-y-0 left-0 w-2 cursor-ew-resize" onPointerDown={(e) => onPress(e, artistId, "start", b)} />
          <span aria-hidden data-handle="end" className="absolute inset-y-0 right-0 w-2 cursor-ew-resize" onPointerDown={(e) => onPress(e, artistId, "end", b)} />
        </>
      ) : null}
    </div>
  );
}
