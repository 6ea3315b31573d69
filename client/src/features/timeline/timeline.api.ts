import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schema } from "../../lib/api";
import { can, type Permitted } from "../../lib/permissions";

/**
 * The project timeline as the API serves it (GET /projects/:id/timeline: phases, milestones and the
 * project's bookings in one call), cached under ["projects", projectId, "timeline"] so realtime
 * invalidation of the project refreshes it too.
 */
export type Phase = Schema<"Phase">;
export type Milestone = Schema<"Milestone">;
export type TimelineBooking = Schema<"TimelineBooking">;
export type ProjectTimeline = Schema<"ProjectTimeline">;
export type PhaseUpdate = Schema<"UpdatePhaseRequest">;
export type PhaseInput = Schema<"CreatePhaseRequest">;
export type MilestoneInput = Schema<"CreateMilestoneRequest">;
export type MilestoneUpdate = Schema<"UpdateMilestoneRequest">;

/** Contributors plan the timeline (timeline:edit); viewers only look. */
export const canEditTimeline = (workspace: Permitted) => can(workspace, "timeline:edit");

export const timelineKey = (projectId: string) => ["projects", projectId, "timeline"] as const;

export function useTimeline(projectId: string) {
  return useQuery({ queryKey: timelineKey(projectId), queryFn: () => api.get("/projects/{id}/timeline", { path: { id: projectId } }) });
}

function useRefresh(projectId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: timelineKey(projectId) });
}

export function useCreatePhase(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({ mutationFn: (body: PhaseInput) => api.post("/projects/{id}/phases", { path: { id: projectId }, body }), onSettled: () => void refresh() });
}

/** Patches a phase; the cached timeline shows the change at once and is refetched after (dependents may have moved). */
export function useUpdatePhase(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: ({ id, ...body }: PhaseUpdate & { id: string }) => api.patch("/phases/{id}", { path: { id }, body }),
    onMutate: ({ id, startDate, endDate, progress, name, color }) => {
      queryClient.setQueryData<ProjectTimeline>(timelineKey(projectId), (t) =>
        t ? { ...t, phases: t.phases.map((p) => (p.id === id ? { ...p, ...(startDate ? { startDate } : {}), ...(endDate ? { endDate } : {}), ...(progress !== undefined ? { progress } : {}), ...(name ? { name } : {}), ...(color ? { color } : {}) } : p)) } : t,
      );
    },
    // The saved phase at once, with its new version: the next edit, e.g. an arrow key right
    // after the form, must not wait for the refetch (shifted dependents come with it).
    onSuccess: (saved) => {
      queryClient.setQueryData<ProjectTimeline>(timelineKey(projectId), (t) => (t ? { ...t, phases: t.phases.map((p) => (p.id === saved.id ? saved : p)) } : t));
    },
    onSettled: () => void refresh(),
  });
}

export function useDeletePhase(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({ mutationFn: (id: string) => api.delete("/phases/{id}", { path: { id } }), onSettled: () => void refresh() });
}

export function useReorderPhases(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (order: string[]) => api.post("/projects/{id}/phases/reorder", { path: { id: projectId }, body: { order } }),
    onMutate: (order) => {
      queryClient.setQueryData<ProjectTimeline>(timelineKey(projectId), (t) => {
        if (!t) return t;
        const byId = new Map(t.phases.map((p) => [p.id, p]));
        return { ...t, phases: order.map((id, i) => ({ ...byId.get(id)!, order: i })).filter((p) => p.id) };
      });
    },
    onSettled: () => void refresh(),
  });
}

export function useCreateMilestone(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({ mutationFn: (body: MilestoneInput) => api.post("/projects/{id}/milestones", { path: { id: projectId }, body }), onSettled: () => void refresh() });
}

export function useUpdateMilestone(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({ mutationFn: ({ id, ...body }: MilestoneUpdate & { id: string }) => api.patch("/milestones/{id}", { path: { id }, body }), onSettled: () => void refresh() });
}

export function useDeleteMilestone(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({ mutationFn: (id: string) => api.delete("/milestones/{id}", { path: { id } }), onSettled: () => void refresh() });
}
