import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, call, fetchAllPages, type Schema } from "../../lib/api";

export type Booking = Schema<"Booking">;
export type BookingStatus = Schema<"BookingStatus">;
export type BookingEvent = Schema<"BookingEvent">;
export type Artist = Schema<"Artist">;
export type AvailabilityCheck = Schema<"AvailabilityCheck">;

/** A booking of the calendar answer: the booking plus the names the bars show. */
export type CalendarBooking = Schema<"CalendarBooking">;
/** An artist row of the calendar answer, with the working time the grid shades. */
export type CalendarArtist = Schema<"CalendarArtist">;
/** The calendar answer's data, with how many artists matched (`truncated`: more than the rows returned). */
export type CalendarData = Schema<"Calendar">["data"] & Schema<"Calendar">["meta"];

export interface CalendarFilter {
  skill?: string;
  projectId?: string;
  status?: BookingStatus[];
  artistIds?: string[];
  q?: string;
  includeInactive?: boolean;
}

/** The statuses a calendar shows unless filtered (cancelled, released and declined ones are history). */
export const LIVE_STATUSES: BookingStatus[] = ["HOLD", "PENCIL", "CONFIRMED"];

export const STATUS_LABEL: Record<BookingStatus, string> = {
  HOLD: "Hold",
  PENCIL: "Pencil",
  CONFIRMED: "Confirmed",
  CANCELLED: "Cancelled",
  RELEASED: "Released",
  DECLINED: "Declined",
};

export const bookingKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "bookings"] as const,
  calendar: (workspaceId: string, from: string, to: string, filter: CalendarFilter) => ["workspaces", workspaceId, "bookings", "calendar", from, to, filter] as const,
  detail: (bookingId: string) => ["bookings", bookingId] as const,
  events: (bookingId: string) => ["bookings", bookingId, "events"] as const,
};

// ---------------------------------------------------------------------------
// The calendar read

/** GET /workspaces/:id/calendar: the artists (with working hours and time off) and bookings of a range, in one answer. */
export async function fetchCalendar(workspaceId: string, from: string, to: string, filter: CalendarFilter, signal?: AbortSignal): Promise<CalendarData> {
  const body = await call("get", "/workspaces/{workspaceId}/calendar", {
    path: { workspaceId },
    query: {
      from,
      to,
      skill: filter.skill || undefined,
      projectId: filter.projectId || undefined,
      status: filter.status?.length ? filter.status.join(",") : undefined,
      artistId: filter.artistIds?.length ? filter.artistIds.join(",") : undefined,
      q: filter.q || undefined,
      includeInactive: filter.includeInactive ? "true" : undefined,
    },
    signal,
  });
  return { ...body.data, ...body.meta };
}

export function useCalendar(workspaceId: string, from: string, to: string, filter: CalendarFilter) {
  return useQuery({
    queryKey: bookingKeys.calendar(workspaceId, from, to, filter),
    queryFn: ({ signal }) => fetchCalendar(workspaceId, from, to, filter, signal),
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------------------
// One booking

export function useBooking(bookingId: string | null) {
  return useQuery({
    queryKey: bookingKeys.detail(bookingId ?? ""),
    queryFn: () => api.get("/bookings/{id}", { path: { id: bookingId! } }),
    enabled: !!bookingId,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useBookingEvents(bookingId: string) {
  return useQuery({ queryKey: bookingKeys.events(bookingId), queryFn: () => api.get("/bookings/{id}/events", { path: { id: bookingId } }) });
}

export function useArtist(artistId: string | null | undefined) {
  return useQuery({ queryKey: ["artists", artistId ?? ""], queryFn: () => api.get("/artists/{id}", { path: { id: artistId! } }), enabled: !!artistId });
}

/** Every project of the workspace (for the project select and filter). */
export function useAllProjects(workspaceId: string) {
  return useQuery({
    queryKey: ["workspaces", workspaceId, "projects", "all-for-bookings"],
    queryFn: () => fetchAllPages((page) => call("get", "/workspaces/{workspaceId}/projects", { path: { workspaceId }, query: { page, perPage: 100, sort: "name" } })),
    staleTime: 60_000,
  });
}

/** Refreshes what shows bookings after a write (other holds' ranks may have moved too). */
export function useRefreshBookings(workspaceId: string) {
  const queryClient = useQueryClient();
  return (bookingId?: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: bookingKeys.all(workspaceId) }),
      bookingId ? queryClient.invalidateQueries({ queryKey: ["bookings", bookingId] }) : null,
    ]);
}

export type CreateBookingInput = Schema<"CreateBookingRequest">;
export type UpdateBookingInput = Schema<"UpdateBookingRequest">;

export function useCreateBooking(workspaceId: string) {
  const refresh = useRefreshBookings(workspaceId);
  return useMutation({
    mutationFn: (body: CreateBookingInput) => api.post("/workspaces/{workspaceId}/bookings", { path: { workspaceId }, body }),
    onSuccess: () => refresh(),
  });
}

export function useUpdateBooking(workspaceId: string) {
  const refresh = useRefreshBookings(workspaceId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateBookingInput }) => api.patch("/bookings/{id}", { path: { id }, body }),
    onSettled: (_data, _error, vars) => refresh(vars.id),
  });
}

export function useChangeStatus(workspaceId: string) {
  const refresh = useRefreshBookings(workspaceId);
  return useMutation({
    mutationFn: ({ id, status, version }: { id: string; status: BookingStatus; version: number }) => api.post("/bookings/{id}/status", { path: { id }, body: { status, version } }),
    onSettled: (_data, _error, vars) => refresh(vars.id),
  });
}

export function useCancelBooking(workspaceId: string) {
  const refresh = useRefreshBookings(workspaceId);
  return useMutation({
    mutationFn: (id: string) => api.delete("/bookings/{id}", { path: { id } }),
    onSettled: (_data, _error, id) => refresh(id),
  });
}

export function useRespond(workspaceId: string) {
  const refresh = useRefreshBookings(workspaceId);
  return useMutation({
    mutationFn: ({ id, response, note }: { id: string; response: "accept" | "decline"; note?: string }) =>
      api.post("/bookings/{id}/respond", { path: { id }, body: { response, ...(note ? { note } : {}) } }),
    onSettled: (_data, _error, vars) => refresh(vars.id),
  });
}

export function checkAvailability(workspaceId: string, body: Schema<"CheckAvailabilityRequest">) {
  return api.post("/workspaces/{workspaceId}/availability/check", { path: { workspaceId }, body });
}

// ---------------------------------------------------------------------------
// Conflict messages

/** A version conflict (someone else changed the booking first), as opposed to an overlap. */
export const isStale = (error: unknown) => error instanceof ApiError && error.status === 409 && error.details.some((d) => d.field === "version");

/**
 * The sentence for a refused write: on an overlap (409) it names the booking
 * in the way — title, artist and time in the viewer's timezone.
 */
export function conflictMessage(error: unknown, lookup: (id: string) => { title: string; artistName?: string } | undefined, artistName?: string): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : "Something went wrong. Please try again.";
  const other = error.details.find((d) => typeof d.bookingId === "string");
  if (error.status === 409 && other) {
    const known = lookup(other.bookingId as string);
    const title = known?.title ?? /“(.+)”/.exec(String(other.message))?.[1] ?? "another booking";
    const who = known?.artistName ?? artistName ?? "the artist";
    const status = typeof other.status === "string" ? STATUS_LABEL[other.status as BookingStatus]?.toLowerCase() : "firm";
    const when = typeof other.start === "string" && typeof other.end === "string" ? formatWhen(other.start, other.end) : "";
    return `Conflicts with the ${status} booking “${title}” for ${who}${when ? `, ${when}` : ""}.`;
  }
  return error.message;
}

function formatWhen(start: string, end: string): string {
  const f = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  try {
    return f.formatRange(new Date(start), new Date(end));
  } catch {
    return `${f.format(new Date(start))} – ${f.format(new Date(end))}`;
  }
}
