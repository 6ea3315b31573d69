import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, call, type Schema } from "../../lib/api";
import { can, type Permitted } from "../../lib/permissions";
import { useRealtime } from "../realtime/realtime-context";

/** Job listings, their applications board and hiring, as the API serves them (SPEC §4.5). */

export type JobListing = Schema<"JobListing">;
export type JobListingInput = Schema<"CreateJobListingRequest">;
export type JobApplication = Schema<"JobApplication">;
export type ApplicationStatus = Schema<"JobApplicationStatus">;
export type ApplicationEvent = Schema<"JobApplicationEvent">;
export type PublicListing = Schema<"PublicJobListing">;

/** The board's columns, in workflow order. */
export const BOARD_COLUMNS: { status: ApplicationStatus; label: string }[] = [
  { status: "APPLIED", label: "Applied" },
  { status: "REVIEWING", label: "Reviewing" },
  { status: "SHORTLISTED", label: "Shortlisted" },
  { status: "OFFERED", label: "Offered" },
  { status: "HIRED", label: "Hired" },
  { status: "REJECTED", label: "Rejected" },
  { status: "WITHDRAWN", label: "Withdrawn" },
];
export const statusLabel = (s: ApplicationStatus) => BOARD_COLUMNS.find((c) => c.status === s)?.label ?? s;

/** ADMIN+ post and edit listings, move applications and hire (job_listing:manage). */
export const canManageJobs = (workspace: Permitted) => can(workspace, "job_listing:manage");

export const jobKeys = {
  all: (workspaceId: string) => ["job-listings", workspaceId] as const,
  list: (workspaceId: string, filter: Record<string, string | undefined>) => ["job-listings", workspaceId, "list", filter] as const,
  one: (workspaceId: string, id: string) => ["job-listings", workspaceId, "one", id] as const,
  applications: (workspaceId: string, id: string) => ["job-listings", workspaceId, "applications", id] as const,
  events: (workspaceId: string, applicationId: string) => ["job-listings", workspaceId, "events", applicationId] as const,
};

export function useListings(workspaceId: string, filter: { status?: "OPEN" | "CLOSED"; q?: string; skill?: string; page: number }) {
  return useQuery({
    queryKey: jobKeys.list(workspaceId, { status: filter.status, q: filter.q, skill: filter.skill, page: String(filter.page) }),
    queryFn: () =>
      call("get", "/workspaces/{workspaceId}/job-listings", {
        path: { workspaceId },
        query: { status: filter.status, q: filter.q || undefined, skill: filter.skill || undefined, page: filter.page, perPage: 20 },
      }),
  });
}

export function useListing(workspaceId: string, id: string) {
  return useQuery({ queryKey: jobKeys.one(workspaceId, id), queryFn: () => api.get("/job-listings/{id}", { path: { id } }) });
}

export function useApplications(workspaceId: string, listingId: string) {
  return useQuery({
    queryKey: jobKeys.applications(workspaceId, listingId),
    queryFn: () => api.get("/job-listings/{id}/applications", { path: { id: listingId }, query: { perPage: 100 } }),
  });
}

/** The signed-in user's own application to a listing (applied from inside), or null. */
export function useMyApplication(workspaceId: string, listingId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...jobKeys.applications(workspaceId, listingId), "mine"] as const,
    enabled,
    queryFn: async () => (await api.get("/job-listings/{id}/applications", { path: { id: listingId }, query: { mine: "true", perPage: 1 } }))[0] ?? null,
  });
}

export type ApplyInput = Schema<"ApplyToJobListingRequest">;

export function useApply(workspaceId: string, listingId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({ mutationFn: (body: ApplyInput) => api.post("/job-listings/{id}/applications", { path: { id: listingId }, body }), onSuccess: invalidate });
}

export function useWithdraw(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({ mutationFn: (id: string) => api.post("/applications/{id}/withdraw", { path: { id } }), onSuccess: invalidate });
}

export function useApplicationEvents(workspaceId: string, applicationId: string | null) {
  return useQuery({
    queryKey: jobKeys.events(workspaceId, applicationId ?? ""),
    enabled: !!applicationId,
    queryFn: () => api.get("/applications/{id}/events", { path: { id: applicationId! } }),
  });
}

const useInvalidate = (workspaceId: string) => {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: jobKeys.all(workspaceId) });
};

export function useSaveListing(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: JobListingInput & { version?: number } }) =>
      id ? api.patch("/job-listings/{id}", { path: { id }, body }) : api.post("/workspaces/{workspaceId}/job-listings", { path: { workspaceId }, body }),
    onSuccess: invalidate,
  });
}

export function useDeleteListing(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({ mutationFn: (id: string) => api.delete("/job-listings/{id}", { path: { id } }), onSuccess: invalidate });
}

/**
 * The board as the server will order it after a move (applications.service placeApplication): the card
 * leaves its column and goes in at `position` (default the end) of the target, the others close up or make room.
 */
export function placeInColumn(all: JobApplication[], id: string, status: ApplicationStatus, position: number | undefined): JobApplication[] {
  const moving = all.find((a) => a.id === id);
  if (!moving) return all;
  const column = (s: ApplicationStatus) => all.filter((a) => a.status === s && a.id !== id).sort((x, y) => x.position - y.position);
  const target = column(status);
  const at = Math.min(position ?? target.length, target.length);
  target.splice(at, 0, { ...moving, status });
  const placed = new Map<string, JobApplication>();
  for (const list of [column(moving.status), target]) list.forEach((a, i) => placed.set(a.id, { ...a, position: i }));
  return all.map((a) => placed.get(a.id) ?? a);
}

export function useMoveApplication(workspaceId: string, listingId: string) {
  const qc = useQueryClient();
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, status, position }: { id: string; status: ApplicationStatus; position?: number }) => api.patch("/applications/{id}", { path: { id }, body: { status, position } }),
    // Optimistic: the card moves at once; the server's order comes back with the refetch.
    onMutate: async ({ id, status, position }) => {
      const key = jobKeys.applications(workspaceId, listingId);
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData(key);
      qc.setQueryData(key, (old: JobApplication[] | undefined) => old && placeInColumn(old, id, status, position));
      return { before };
    },
    onError: (_e, _v, c) => {
      if (c?.before) qc.setQueryData(jobKeys.applications(workspaceId, listingId), c.before);
    },
    onSettled: invalidate,
  });
}

export function useHire(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, pencil }: { id: string; pencil?: { start: string; end: string; force?: boolean } }) => api.post("/applications/{id}/hire", { path: { id }, body: { pencil } }),
    onSuccess: invalidate,
  });
}

/** Others' changes (job_listing.*, job_application.*) refetch this workspace's job queries. */
export function useLiveJobs(workspaceId: string) {
  const rt = useRealtime();
  const qc = useQueryClient();
  useEffect(() => {
    if (!rt) return;
    return rt.onEvent((event) => {
      if (!(event.type.startsWith("job_listing.") || event.type.startsWith("job_application.")) || event.workspaceId !== workspaceId) return;
      void qc.invalidateQueries({ queryKey: jobKeys.all(workspaceId) });
    });
  }, [rt, qc, workspaceId]);
}

export function formatRate(l: Pick<JobListing, "rateMin" | "rateMax" | "currency">): string | null {
  const f = (v: number) => new Intl.NumberFormat("en", { style: "currency", currency: l.currency, maximumFractionDigits: 0 }).format(v / 100);
  if (l.rateMin != null && l.rateMax != null) return `${f(l.rateMin)}–${f(l.rateMax)} / day`;
  if (l.rateMin != null) return `from ${f(l.rateMin)} / day`;
  if (l.rateMax != null) return `up to ${f(l.rateMax)} / day`;
  return null;
}
