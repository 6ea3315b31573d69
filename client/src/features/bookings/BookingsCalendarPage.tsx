import { useQueryClient } from "@tanstack/react-query";
import { CalendarDays, ChevronLeft, ChevronRight, Plus, TriangleAlert, Users, X } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { toast } from "sonner";
import { Button, IconButton, buttonClasses } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { controlClasses } from "../../components/ui/Input";
import { Spinner } from "../../components/ui/Spinner";
import { ApiError } from "../../lib/api";
import { cn } from "../../lib/cn";
import { can } from "../../lib/permissions";
import { RoomPresence } from "../realtime/RoomPresence";
import { useRealtime } from "../realtime/realtime-context";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { useWorkspaceSkills } from "../artists/artists.api";
import { BookingDrawer } from "./BookingDrawer";
import { BookingFormDialog, type BookingDraft } from "./BookingFormDialog";
import {
  LIVE_STATUSES,
  STATUS_LABEL,
  bookingKeys,
  conflictMessage,
  isStale,
  useAllProjects,
  useBooking,
  useCalendar,
  useUpdateBooking,
  type BookingStatus,
  type CalendarArtist,
  type CalendarBooking,
  type CalendarFilter,
} from "./calendar.api";
import { CalendarGrid, type Span } from "./CalendarGrid";
import { ZOOMS, buildDays, dayWidthFor, dayWindow, fittedWindow, isoOf, parseIsoDay, shiftAnchor, visibleRange, workingSpanOfDay, type Zoom } from "./calendar-model";

/** Below this width the name column narrows and the toolbar wraps. */
const PHONE = "(max-width: 639px)";
const subscribeMedia = (cb: () => void) => {
  const mq = window.matchMedia(PHONE);
  mq.addEventListener("change", cb);
  return () => mq.removeEventListener("change", cb);
};
const usePhone = () => useSyncExternalStore(subscribeMedia, () => window.matchMedia(PHONE).matches);

/** Refetches after booking events arrive within this window only once. */
const REFETCH_DEBOUNCE_MS = 250;

function parseFilter(params: URLSearchParams): CalendarFilter {
  const status = (params.get("status") ?? "")
    .split(",")
    .filter((s): s is BookingStatus => (LIVE_STATUSES as string[]).includes(s));
  return {
    skill: params.get("skill") || undefined,
    projectId: params.get("project") || undefined,
    status: status.length ? status : undefined,
    q: params.get("q") || undefined,
  };
}

/**
 * The bookings calendar (SPEC §5): artists × days, with drag to create, move
 * and resize, filters in the URL (`?zoom=&date=&skill=&project=&status=&q=`),
 * `?booking=<id>` opening a booking (also on a direct load, scrolled to its
 * date), live updates and who else is looking.
 */
export function BookingsCalendarPage() {
  const workspace = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const phone = usePhone();
  const queryClient = useQueryClient();
  const canCreate = can(workspace, "booking:create");
  const canEdit = can(workspace, "booking:update");

  const zoom: Zoom = (["week", "2weeks", "month"] as const).find((z) => z === params.get("zoom")) ?? "2weeks";
  const anchor = parseIsoDay(params.get("date")) ?? new Date();
  const anchorIso = isoOf(anchor);
  const filter = useMemo(() => parseFilter(params), [params]);
  const bookingParam = params.get("booking");

  const range = useMemo(() => visibleRange(parseIsoDay(anchorIso)!, zoom), [anchorIso, zoom]);
  // The range asked for is whole days; the hours drawn (week zooms) fit the answer (fittedWindow below).
  const { from, to } = useMemo(() => {
    const whole = buildDays(range.first, range.count);
    return { from: new Date(whole[0]!.start).toISOString(), to: new Date(whole[whole.length - 1]!.end).toISOString() };
  }, [range]);
  const minDayWidth = phone ? Math.max(40, Math.round(dayWidthFor(zoom) * 0.7)) : dayWidthFor(zoom);
  const nameWidth = phone ? 128 : 220;

  const calendar = useCalendar(workspace.id, from, to, filter);
  const projects = useAllProjects(workspace.id);
  const projectList = useMemo(() => (projects.data ?? []).map((p) => ({ id: p.id, name: p.name })), [projects.data]);
  const projectName = useCallback((id: string | null) => (id ? (projectList.find((p) => p.id === id)?.name ?? null) : null), [projectList]);

  // Others' changes: any booking event of this workspace refetches the calendar (ranks of other holds move too), debounced.
  const rt = useRealtime();
  useEffect(() => {
    if (!rt) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = rt.onEvent((event) => {
      if (!event.type.startsWith("booking.") || (event.workspaceId && event.workspaceId !== workspace.id)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: bookingKeys.all(workspace.id) });
        const id = (event.data as { id?: string } | null)?.id;
        if (id) void queryClient.invalidateQueries({ queryKey: ["bookings", id] });
      }, REFETCH_DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [rt, queryClient, workspace.id]);

  // Optimistic moves: the bar shows where it was dropped until the server answers.
  const [pending, setPending] = useState<Map<string, Span>>(() => new Map());
  const saving = useMemo(() => new Set(pending.keys()), [pending]);
  const [problem, setProblem] = useState<{ text: string; retry?: { label: string; run: () => void } } | null>(null);
  const update = useUpdateBooking(workspace.id);

  const data = calendar.data;
  const days = useMemo(() => {
    const base = dayWindow(zoom);
    const window = data ? fittedWindow(base, buildDays(range.first, range.count), data.bookings, data.artists) : base;
    return buildDays(range.first, range.count, window);
  }, [range, zoom, data]);
  const bookingsByArtist = useMemo(() => {
    const map = new Map<string, CalendarBooking[]>();
    for (const b of data?.bookings ?? []) {
      const moved = pending.get(b.id);
      const shown = moved ? { ...b, start: new Date(moved.start).toISOString(), end: new Date(moved.end).toISOString(), artistId: moved.artistId ?? b.artistId } : b;
      const list = map.get(shown.artistId);
      if (list) list.push(shown);
      else map.set(shown.artistId, [shown]);
    }
    return map;
  }, [data, pending]);
  const byId = useMemo(() => new Map((data?.bookings ?? []).map((b) => [b.id, b])), [data]);
  const lookup = useCallback((id: string) => byId.get(id), [byId]);
  const artists = useMemo(() => data?.artists ?? [], [data]);

  const setParam = useCallback(
    (changes: Record<string, string | null>, replace = true) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );

  const move = useCallback(
    async (booking: CalendarBooking, span: Span, force = false) => {
      setProblem(null);
      setPending((prev) => new Map(prev).set(booking.id, span));
      const clear = () =>
        setPending((prev) => {
          const next = new Map(prev);
          next.delete(booking.id);
          return next;
        });
      try {
        const reassign = span.artistId && span.artistId !== booking.artistId ? { artistId: span.artistId } : {};
        await update.mutateAsync({ id: booking.id, body: { start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString(), version: booking.version, ...reassign, ...(force ? { force: true } : {}) } });
        clear();
      } catch (error) {
        clear();
        if (isStale(error)) {
          const text = `“${booking.title}” was changed by someone else meanwhile; the calendar was refreshed. Move it again if it still applies.`;
          setProblem({ text });
          return;
        }
        const who = (span.artistId && artists.find((a) => a.id === span.artistId)?.name) || booking.artistName;
        const outside = error instanceof ApiError && error.status === 409 && !error.details.some((d) => typeof d.bookingId === "string") && error.details.some((d) => /working hours|time off/.test(d.message));
        const text = outside
          ? `Couldn't move “${booking.title}”: that time is outside ${who}'s working hours or on their time off.`
          : `Couldn't move “${booking.title}”. ${conflictMessage(error, lookup, who)}`;
        setProblem({ text, retry: outside && canEdit ? { label: "Move anyway", run: () => void move(booking, span, true) } : undefined });
      }
    },
    [update, lookup, canEdit, artists],
  );

  const [draft, setDraft] = useState<BookingDraft | null>(null);
  const onCreate = useCallback((artist: CalendarArtist, span: Span) => setDraft({ artistId: artist.id, start: span.start, end: span.end }), []);
  const openBooking = useCallback((b: Pick<CalendarBooking, "id">) => setParam({ booking: b.id }, false), [setParam]);
  const closeBooking = useCallback(() => setParam({ booking: null }), [setParam]);

  const newBooking = () => {
    const artist = artists.find((a) => a.active);
    if (!artist) return;
    const today = days.find((d) => d.today) ?? days[0]!;
    const [start, end] = workingSpanOfDay(today, artist.workingHours, artist.timeOff, artist.timezone);
    setDraft({ artistId: artist.id, start, end });
  };

  // A direct link to a booking: go to its date once it is known, and bring it into view.
  const linked = useBooking(bookingParam);
  const jumped = useRef<string | null>(null);
  // Opening the page scrolls to today (a linked booking scrolls to itself once loaded).
  const [focus, setFocus] = useState<{ time: number; bookingId: string | null } | null>(() => (bookingParam ? null : { time: Date.now(), bookingId: null }));
  useEffect(() => {
    if (!linked.data || jumped.current === linked.data.id) return;
    jumped.current = linked.data.id;
    const start = Date.parse(linked.data.start);
    const visible = start >= Date.parse(from) && start < Date.parse(to);
    if (!visible) setParam({ date: isoOf(new Date(start)) });
    setFocus({ time: start, bookingId: linked.data.id });
  }, [linked.data, from, to, setParam]);

  // The workspace's skills, not only those of the artists shown: a chosen skill must not hide the others.
  const workspaceSkills = useWorkspaceSkills(workspace.id).data;
  const skills = useMemo(() => (workspaceSkills ?? []).map((s) => s.skill).sort((a, b) => a.localeCompare(b)), [workspaceSkills]);
  const [q, setQ] = useState(filter.q ?? "");
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((filter.q ?? "") !== q.trim()) setParam({ q: q.trim() || null });
    }, 300);
    return () => clearTimeout(timer);
  }, [q, filter.q, setParam]);

  const filtered = !!(filter.skill || filter.projectId || filter.status || filter.q);
  const rangeLabel = formatDays(days[0]!.start, days[days.length - 1]!.start, zoom);
  const toggleStatus = (s: BookingStatus) => {
    const current = filter.status ?? [];
    const next = current.includes(s) ? current.filter((x) => x !== s) : [...current, s];
    setParam({ status: next.length && next.length < LIVE_STATUSES.length ? next.join(",") : null });
  };

  let body;
  if (calendar.isPending) {
    body = (
      <div className="flex flex-1 items-center justify-center gap-2 rounded-xl bg-white py-24 text-sm text-zinc-500 ring-1 ring-zinc-200" data-testid="calendar-loading">
        <Spinner className="text-indigo-600" label="Loading the calendar" /> Loading the calendar…
      </div>
    );
  } else if (calendar.isError) {
    body = (
      <div className="rounded-xl bg-white ring-1 ring-zinc-200">
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} title="Couldn't load the calendar" />
      </div>
    );
  } else if (artists.length === 0 && !filtered) {
    body = (
      <div className="rounded-xl bg-white ring-1 ring-zinc-200">
        <EmptyState
          icon={Users}
          title="No artists yet"
          description="The calendar has a row for each artist you book. Add artists, their working hours and time off in the artist directory first."
          action={
            <Link to={`/w/${workspace.id}/artists`} className={buttonClasses()}>
              Go to the artist directory
            </Link>
          }
        />
      </div>
    );
  } else if (artists.length === 0) {
    body = (
      <div className="rounded-xl bg-white ring-1 ring-zinc-200">
        <EmptyState icon={Users} title="No artists match these filters" action={<Button variant="secondary" onClick={() => { setQ(""); setParam({ skill: null, project: null, status: null, q: null }); }}>Clear filters</Button>} />
      </div>
    );
  } else {
    body = (
      <>
        {data?.truncated && (
          <p role="status" className="mb-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="calendar-truncated">
            Showing the first {artists.length} of {data.artistCount} artists. Filter by skill, name or project to see the others.
          </p>
        )}
        <CalendarGrid
          days={days}
          minDayWidth={minDayWidth}
          zoom={zoom}
          artists={artists}
          bookingsByArtist={bookingsByArtist}
          canCreate={canCreate}
          canEdit={canEdit}
          saving={saving}
          nameWidth={nameWidth}
          onCreate={onCreate}
          onChange={move}
          onOpen={openBooking}
          focusTime={focus?.time ?? null}
          focusBookingId={focus?.bookingId ?? null}
        />
      </>
    );
  }

  return (
    <div className="flex h-[calc(100dvh-8.5rem)] min-h-[28rem] flex-col gap-3 lg:h-[calc(100dvh-8.5rem)]">
      <title>{`Bookings · ${workspace.name} · TeamFlow`}</title>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="flex items-center gap-2 text-xl font-semibold text-zinc-900">
          <CalendarDays className="size-5 text-indigo-600" aria-hidden /> Bookings
        </h1>
        <div className="flex items-center gap-1" role="group" aria-label="Dates">
          <IconButton label="Previous" onClick={() => setParam({ date: isoOf(shiftAnchor(anchor, zoom, -1)) })}>
            <ChevronLeft className="size-4" aria-hidden />
          </IconButton>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setParam({ date: null });
              setFocus({ time: Date.now(), bookingId: null });
            }}
          >
            Today
          </Button>
          <IconButton label="Next" onClick={() => setParam({ date: isoOf(shiftAnchor(anchor, zoom, 1)) })}>
            <ChevronRight className="size-4" aria-hidden />
          </IconButton>
          <span className="ml-1 text-sm font-medium text-zinc-700" data-testid="calendar-range">
            {rangeLabel}
          </span>
        </div>
        <div role="radiogroup" aria-label="Zoom" className="flex rounded-lg bg-zinc-100 p-0.5">
          {ZOOMS.map((z) => (
            <button
              key={z.value}
              type="button"
              role="radio"
              aria-checked={zoom === z.value}
              onClick={() => setParam({ zoom: z.value === "2weeks" ? null : z.value })}
              className={cn("rounded-md px-2.5 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600", zoom === z.value ? "bg-white text-zinc-900 shadow-xs" : "text-zinc-600 hover:text-zinc-900")}
            >
              {z.label}
            </button>
          ))}
        </div>
        <div className="ml-auto flex items-center gap-2">
          <RoomPresence room={`calendar:${workspace.id}`} label="on the calendar" />
          {calendar.isFetching && !calendar.isPending ? <Spinner label="Refreshing" /> : null}
          {canCreate ? (
            <Button size="sm" icon={<Plus className="size-4" aria-hidden />} onClick={newBooking} disabled={!artists.some((a) => a.active)}>
              New booking
            </Button>
          ) : null}
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter the calendar">
        <div className="w-full sm:w-48">
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search artists" aria-label="Search artists" className={cn(controlClasses, "h-8 py-1")} />
        </div>
        <div className="w-[calc(50%-0.25rem)] sm:w-40">
        <select aria-label="Skill" value={filter.skill ?? ""} onChange={(e) => setParam({ skill: e.target.value || null })} className={cn(controlClasses, "h-8 py-0 pr-8")}>
          <option value="">All skills</option>
          {[...skills, ...(filter.skill && !skills.some((s) => s.toLowerCase() === filter.skill?.toLowerCase()) ? [filter.skill] : [])].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        </div>
        <div className="w-[calc(50%-0.25rem)] sm:w-48">
        <select aria-label="Project" value={filter.projectId ?? ""} onChange={(e) => setParam({ project: e.target.value || null })} className={cn(controlClasses, "h-8 py-0 pr-8")}>
          <option value="">All projects</option>
          {projectList.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        </div>
        <div role="group" aria-label="Statuses" className="flex gap-1">
          {LIVE_STATUSES.map((s) => {
            const on = !filter.status || filter.status.includes(s);
            return (
              <button
                key={s}
                type="button"
                aria-pressed={on}
                onClick={() => toggleStatus(s)}
                className={cn("h-8 rounded-lg px-2.5 text-xs font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-indigo-600", on ? "bg-indigo-50 text-indigo-800 ring-indigo-200" : "bg-white text-zinc-500 ring-zinc-200 line-through")}
              >
                {STATUS_LABEL[s]}
              </button>
            );
          })}
        </div>
        <Legend />
      </div>

      {problem ? (
        <div role="alert" data-testid="calendar-problem" className="flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p className="flex-1">{problem.text}</p>
          {problem.retry ? (
            <Button size="sm" variant="secondary" onClick={problem.retry.run}>
              {problem.retry.label}
            </Button>
          ) : null}
          <IconButton label="Dismiss" className="size-6" onClick={() => setProblem(null)}>
            <X className="size-3.5" aria-hidden />
          </IconButton>
        </div>
      ) : null}

      {body}

      {draft ? (
        <BookingFormDialog
          workspaceId={workspace.id}
          artists={artists}
          projects={projectList}
          draft={draft}
          lookup={lookup}
          onClose={() => setDraft(null)}
          onCreated={(b) => toast.success(`Booked “${b.title}”`, { action: { label: "Open", onClick: () => openBooking(b) } })}
        />
      ) : null}
      {bookingParam ? <BookingDrawer bookingId={bookingParam} projectName={projectName} lookup={lookup} artists={artists} onClose={closeBooking} /> : null}
    </div>
  );
}

function Legend() {
  return (
    <div aria-hidden className="ml-auto hidden items-center gap-3 text-xs text-zinc-500 md:flex">
      <span className="flex items-center gap-1">
        <span className="h-3 w-5 rounded-sm border-2 border-indigo-300 bg-[repeating-linear-gradient(135deg,rgb(199_210_254)_0_3px,white_3px_6px)]" /> Hold
      </span>
      <span className="flex items-center gap-1">
        <span className="h-3 w-5 rounded-sm border-2 border-dashed border-indigo-500 bg-white" /> Pencil
      </span>
      <span className="flex items-center gap-1">
        <span className="h-3 w-5 rounded-sm bg-indigo-500" /> Confirmed
      </span>
      <span className="flex items-center gap-1">
        <span className="h-3 w-5 rounded-sm bg-zinc-200" /> Not working
      </span>
      <span className="flex items-center gap-1">
        <span className="h-3 w-5 rounded-sm bg-[repeating-linear-gradient(45deg,rgb(251_191_36/0.45)_0_3px,transparent_3px_6px)]" /> Time off
      </span>
    </div>
  );
}

function formatDays(first: number, last: number, zoom: Zoom): string {
  if (zoom === "month") return new Date(first).toLocaleDateString(undefined, { month: "long", year: "numeric" });
  const f = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
  try {
    return f.formatRange(new Date(first), new Date(last));
  } catch {
    return `${f.format(new Date(first))} – ${f.format(new Date(last))}`;
  }
}

