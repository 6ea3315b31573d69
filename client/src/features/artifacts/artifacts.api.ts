import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schema } from "../../lib/api";
import { downloadFromApi } from "../../lib/download";
import { can, type Permitted } from "../../lib/permissions";

/**
 * Artifacts as the API serves them, cached under ["projects", projectId, "artifacts", …]
 * so the realtime provider's invalidation of the project on artifact events keeps the tab live.
 */

export type Artifact = Schema<"Artifact">;
export type ArtifactSummary = Schema<"ArtifactSummary">;
export type ArtifactType = Schema<"ArtifactType">;
export type ArtifactVersionSummary = Schema<"ArtifactVersionSummary">;
export type ArtifactDiff = Schema<"ArtifactDiff">;
export type ExportFormat = "md" | "pdf" | "docx";

export const ARTIFACT_TYPES: Array<{ value: ArtifactType; label: string }> = [
  { value: "user_story", label: "User story" },
  { value: "acceptance_criteria", label: "Acceptance criteria" },
  { value: "requirements", label: "Requirements" },
  { value: "blueprint", label: "Blueprint" },
  { value: "note", label: "Note" },
];
export const typeLabel = (type: ArtifactType) => ARTIFACT_TYPES.find((t) => t.value === type)?.label ?? type;

export const canWriteArtifacts = (workspace: Permitted) => can(workspace, "artifact:update");
export const canCreateArtifacts = (workspace: Permitted) => can(workspace, "artifact:create");
export const canDeleteArtifacts = (workspace: Permitted) => can(workspace, "artifact:delete");

const keys = {
  all: (projectId: string) => ["projects", projectId, "artifacts"] as const,
  list: (projectId: string, type: ArtifactType | null) => ["projects", projectId, "artifacts", "list", type ?? "all"] as const,
  one: (projectId: string, id: string) => ["projects", projectId, "artifacts", id] as const,
  versions: (projectId: string, id: string) => ["projects", projectId, "artifacts", id, "versions"] as const,
  diff: (projectId: string, id: string, from: number, to: number) => ["projects", projectId, "artifacts", id, "diff", from, to] as const,
};

export function useArtifacts(projectId: string, type: ArtifactType | null) {
  return useQuery({
    queryKey: keys.list(projectId, type),
    queryFn: () => call("get", "/projects/{id}/artifacts", { path: { id: projectId }, query: { perPage: 100, ...(type ? { type } : {}) } }),
    placeholderData: keepPreviousData,
  });
}

export function useArtifact(projectId: string, id: string) {
  return useQuery({ queryKey: keys.one(projectId, id), queryFn: () => api.get("/artifacts/{id}", { path: { id } }) });
}

export function useVersions(projectId: string, id: string) {
  return useQuery({ queryKey: keys.versions(projectId, id), queryFn: () => api.get("/artifacts/{id}/versions", { path: { id }, query: { perPage: 100 } }) });
}

export function useDiff(projectId: string, id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: keys.diff(projectId, id, from ?? 0, to ?? 0),
    queryFn: () => api.get("/artifacts/{id}/diff", { path: { id }, query: { from: from!, to: to! } }),
    enabled: from !== null && to !== null && from !== to,
  });
}

function useRefresh(projectId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.all(projectId) });
}

export function useCreateArtifact(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (body: Schema<"CreateArtifactRequest">) => api.post("/projects/{id}/artifacts", { path: { id: projectId }, body }),
    onSuccess: () => void refresh(),
  });
}

export function useSaveArtifact(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; title: string; content: string; version: number }) => api.patch("/artifacts/{id}", { path: { id }, body }),
    onSuccess: () => void refresh(),
  });
}

export function useDeleteArtifact(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({ mutationFn: (id: string) => api.delete("/artifacts/{id}", { path: { id } }), onSuccess: () => void refresh() });
}

/**
 * Downloads the export (see downloadFromApi: the API wants the Bearer token, a plain link cannot send it).
 * The server names the file after the title; `title` is the fallback should its header be missing.
 */
export function downloadExport(id: string, format: ExportFormat, title: string): Promise<void> {
  const fileName = `${title.replace(/[\\/:*?"<>|]+/g, "-").trim() || "artifact"}.${format}`;
  return downloadFromApi(`/artifacts/${encodeURIComponent(id)}/export?format=${format}`, { accept: "*/*", fileName });
}
