import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type ApiBody, type Schema } from "../../lib/api";

/**
 * Server state of the Blueprint wizard: the project's blueprint threads, one
 * thread's guide with its answers (GET /threads/:id/blueprint), saving a
 * section, recommendations per phase and accepting one. The key sits under
 * ["projects", id], so the artifact events of other tabs' saves refresh it.
 */
export type Blueprint = Schema<"Blueprint">;
export type BlueprintPhase = Schema<"BlueprintPhase">;
export type BlueprintSection = Schema<"BlueprintSection">;
export type Recommendation = Schema<"BlueprintStoredRecommendation">;
export type RecommendationSet = Schema<"BlueprintRecommendations">;
export type SavedSection = Schema<"BlueprintSectionSaved">;
export type SaveBody = ApiBody<"put", "/threads/{id}/blueprint/sections/{sectionKey}">;

export const blueprintThreadsKey = (projectId: string) => ["projects", projectId, "threads", "blueprint"] as const;
export const blueprintKey = (projectId: string, threadId: string) => ["projects", projectId, "blueprint", threadId] as const;

export function useBlueprintThreads(projectId: string) {
  return useQuery({ queryKey: blueprintThreadsKey(projectId), queryFn: () => api.get("/projects/{id}/threads", { path: { id: projectId }, query: { mode: "blueprint", perPage: 20 } }) });
}

export function useCreateBlueprintThread(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/projects/{id}/threads", { path: { id: projectId }, body: { mode: "blueprint" } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["projects", projectId, "threads"] }),
  });
}

export function useBlueprint(projectId: string, threadId: string | null) {
  return useQuery({ enabled: Boolean(threadId), queryKey: blueprintKey(projectId, threadId ?? ""), queryFn: () => api.get("/threads/{id}/blueprint", { path: { id: threadId! } }) });
}

/** Puts a saved section (and the artifact and progress it answered) into the cached blueprint. */
export function mergeSaved(bp: Blueprint, saved: SavedSection): Blueprint {
  const phases = bp.phases.map((p) => {
    if (!p.sections.some((s) => s.key === saved.section.key)) return p;
    const sections = p.sections.map((s) => (s.key === saved.section.key ? saved.section : s));
    const answered = sections.reduce((n, s) => n + s.answered, 0);
    const status: BlueprintPhase["status"] = sections.every((s) => s.status === "complete") ? "complete" : sections.every((s) => s.status === "todo") ? "todo" : "partial";
    return { ...p, sections, answered, status };
  });
  return { ...bp, phases, artifact: saved.artifact, progress: saved.progress };
}

export async function saveSection(threadId: string, sectionKey: string, body: SaveBody): Promise<SavedSection> {
  return api.put("/threads/{id}/blueprint/sections/{sectionKey}", { path: { id: threadId, sectionKey }, body });
}

/** Puts a phase's stored recommendations (null when none are left) into the cached blueprint. */
function withRecommendations(bp: Blueprint, phaseKey: string, set: RecommendationSet | null): Blueprint {
  const open = set && set.recommendations.length > 0 ? set : null;
  return { ...bp, phases: bp.phases.map((p) => (p.key === phaseKey ? { ...p, recommendations: open } : p)) };
}

/** Asks the provider; the server stores the answer as the phase's recommendations (shown again after a reload). */
export function useRecommendations(projectId: string, threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (phaseKey: string) => api.post("/threads/{id}/blueprint/phases/{phaseKey}/recommendations", { path: { id: threadId, phaseKey } }),
    onSuccess: (set, phaseKey) => queryClient.setQueryData<Blueprint>(blueprintKey(projectId, threadId), (bp) => (bp ? withRecommendations(bp, phaseKey, set) : bp)),
  });
}

export function useDismissRecommendation(projectId: string, threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ phaseKey, recommendationId }: { phaseKey: string; recommendationId: string }) =>
      api.delete("/threads/{id}/blueprint/phases/{phaseKey}/recommendations/{recommendationId}", { path: { id: threadId, phaseKey, recommendationId } }),
    onSuccess: (set, { phaseKey }) => queryClient.setQueryData<Blueprint>(blueprintKey(projectId, threadId), (bp) => (bp ? withRecommendations(bp, phaseKey, set) : bp)),
  });
}

export function useAcceptRecommendation(projectId: string, threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ phaseKey, sectionKey, text, recommendationId }: { phaseKey: string; sectionKey: string; text: string; recommendationId: string }) =>
      api.post("/threads/{id}/blueprint/phases/{phaseKey}/recommendations/accept", { path: { id: threadId, phaseKey }, body: { sectionKey, text, recommendationId } }),
    onSuccess: (saved, { phaseKey, recommendationId }) =>
      queryClient.setQueryData<Blueprint>(blueprintKey(projectId, threadId), (bp) => {
        if (!bp) return bp;
        const merged = mergeSaved(bp, saved);
        const set = merged.phases.find((p) => p.key === phaseKey)?.recommendations ?? null;
        return withRecommendations(merged, phaseKey, set ? { ...set, recommendations: set.recommendations.filter((r) => r.id !== recommendationId) } : null);
      }),
  });
}
