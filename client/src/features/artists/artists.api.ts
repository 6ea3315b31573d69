import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schema } from "../../lib/api";

export type Artist = Schema<"Artist">;
export type ArtistInput = Schema<"CreateArtistRequest">;
export type ArtistUpdate = Schema<"UpdateArtistRequest">;
export type WorkingHoursRange = Schema<"WorkingHoursRange">;
export type TimeOff = Schema<"TimeOff">;
export type Booking = Schema<"Booking">;
export type BookingStatus = Schema<"BookingStatus">;

export interface ArtistListParams {
  page: number;
  perPage: number;
  q: string;
  skill: string;
  /** "" for all. */
  active: "" | "true" | "false";
}

export const artistKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "artists"] as const,
  list: (workspaceId: string, params: ArtistListParams) => ["workspaces", workspaceId, "artists", "list", params] as const,
  skills: (workspaceId: string) => ["workspaces", workspaceId, "artists", "skills"] as const,
  mine: (workspaceId: string, userId: string) => ["workspaces", workspaceId, "artists", "mine", userId] as const,
  one: (id: string) => ["artists", id] as const,
  workingHours: (id: string) => ["artists", id, "working-hours"] as const,
  timeOff: (id: string) => ["artists", id, "time-off"] as const,
  bookings: (id: string, params: object) => ["artists", id, "bookings", params] as const,
};

export function useArtists(workspaceId: string, params: ArtistListParams) {
  return useQuery({
    queryKey: artistKeys.list(workspaceId, params),
    queryFn: () =>
      call("get", "/workspaces/{workspaceId}/artists", {
        path: { workspaceId },
        query: { page: params.page, perPage: params.perPage, q: params.q || undefined, skill: params.skill || undefined, active: params.active || undefined },
      }),
    placeholderData: keepPreviousData,
  });
}

/** The workspace's skills (any case is one skill), most common first: for skill filters and suggestions. */
export function useWorkspaceSkills(workspaceId: string) {
  return useQuery({
    queryKey: artistKeys.skills(workspaceId),
    queryFn: () => api.get("/workspaces/{workspaceId}/artist-skills", { path: { workspaceId } }),
    staleTime: 60_000,
  });
}

/**
 * The artist of this workspace linked to `userId`, or null. The list has no
 * userId filter, so this reads the directory (100 a page) and looks; it is
 * cached for a few minutes (the sidebar asks on every page).
 */
export function useMyArtist(workspaceId: string, userId: string | undefined) {
  return useQuery({
    queryKey: artistKeys.mine(workspaceId, userId ?? ""),
    enabled: !!userId && !!workspaceId,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const mine = await call("get", "/workspaces/{workspaceId}/artists", { path: { workspaceId }, query: { userId: "me", perPage: 1 } });
      return mine.data[0] ?? null;
    },
  });
}

export function useArtist(id: string) {
  return useQuery({ queryKey: artistKeys.one(id), queryFn: () => api.get("/artists/{id}", { path: { id } }) });
}

function useInvalidateArtists(workspaceId: string) {
  const queryClient = useQueryClient();
  return (id?: string) => {
    void queryClient.invalidateQueries({ queryKey: artistKeys.all(workspaceId) });
    if (id) void queryClient.invalidateQueries({ queryKey: artistKeys.one(id) });
  };
}

export function useCreateArtist(workspaceId: string) {
  const invalidate = useInvalidateArtists(workspaceId);
  return useMutation({
    mutationFn: (input: ArtistInput) => api.post("/workspaces/{workspaceId}/artists", { path: { workspaceId }, body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateArtist(workspaceId: string) {
  const invalidate = useInvalidateArtists(workspaceId);
  return useMutation({
    mutationFn: ({ id, ...changes }: ArtistUpdate & { id: string }) => api.patch("/artists/{id}", { path: { id }, body: changes }),
    onSettled: (_d, _e, v) => invalidate(v.id),
  });
}

export function useDeleteArtist(workspaceId: string) {
  const invalidate = useInvalidateArtists(workspaceId);
  return useMutation({
    mutationFn: (id: string) => api.delete("/artists/{id}", { path: { id } }),
    onSuccess: () => invalidate(),
  });
}

/** Working hours and time off change every utilisation figure: refetch the reports. */
const invalidateReports = (queryClient: ReturnType<typeof useQueryClient>) =>
  void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === "workspaces" && q.queryKey[2] === "reports" });

export function useWorkingHours(artistId: string) {
  return useQuery({ queryKey: artistKeys.workingHours(artistId), queryFn: () => api.get("/artists/{id}/working-hours", { path: { id: artistId } }) });
}

export function useSaveWorkingHours(artistId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ranges: WorkingHoursRange[]) => api.put("/artists/{id}/working-hours", { path: { id: artistId }, body: ranges }),
    onSuccess: (data) => {
      queryClient.setQueryData(artistKeys.workingHours(artistId), data);
      invalidateReports(queryClient);
    },
  });
}

export function useTimeOff(artistId: string) {
  return useQuery({ queryKey: artistKeys.timeOff(artistId), queryFn: () => api.get("/artists/{id}/time-off", { path: { id: artistId } }) });
}

export function useAddTimeOff(artistId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Schema<"CreateTimeOffRequest">) => api.post("/artists/{id}/time-off", { path: { id: artistId }, body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: artistKeys.timeOff(artistId) });
      invalidateReports(queryClient);
    },
  });
}

export function useDeleteTimeOff(artistId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete("/time-off/{id}", { path: { id } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: artistKeys.timeOff(artistId) });
      invalidateReports(queryClient);
    },
  });
}

export interface ArtistBookingParams {
  page: number;
  perPage: number;
  status?: BookingStatus;
  from?: string;
}

export function useArtistBookings(artistId: string | undefined, params: ArtistBookingParams) {
  return useQuery({
    queryKey: artistKeys.bookings(artistId ?? "", params),
    enabled: !!artistId,
    queryFn: () => call("get", "/artists/{id}/bookings", { path: { id: artistId! }, query: { page: params.page, perPage: params.perPage, status: params.status, from: params.from } }),
    placeholderData: keepPreviousData,
  });
}
