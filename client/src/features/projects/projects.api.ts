import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schema } from "../../lib/api";

export type Project = Schema<"Project">;
export type ProjectStatus = Schema<"ProjectStatus">;
/** Every field a project is created with. */
export type ProjectInput = Required<Schema<"CreateProjectRequest">>;

export interface ProjectListParams {
  page: number;
  perPage: number;
  q: string;
  status?: ProjectStatus;
  includeArchived?: boolean;
}

export const projectKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "projects"] as const,
  list: (workspaceId: string, params: ProjectListParams) => ["workspaces", workspaceId, "projects", params] as const,
};

export const STATUS_LABEL: Record<ProjectStatus, string> = {
  ACTIVE: "Active",
  ON_HOLD: "On hold",
  COMPLETED: "Completed",
  ARCHIVED: "Archived",
};

export const PROJECT_COLORS = ["#6366f1", "#0ea5e9", "#10b981", "#84cc16", "#f59e0b", "#f97316", "#ef4444", "#ec4899", "#8b5cf6", "#64748b"];

/** A project key suggested from its name: initials of several words, or the start of one word. */
export function suggestKey(name: string): string {
  const words = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  let key = words.length >= 2 ? words.slice(0, 4).map((w) => w[0]).join("") : (words[0] ?? "").slice(0, 3);
  key = key.replace(/^[0-9]+/, "");
  if (key.length < 2 && words.length > 0) key = words.join("").replace(/^[0-9]+/, "").slice(0, 3);
  return key.slice(0, 10);
}

export function useProjects(workspaceId: string, params: ProjectListParams) {
  return useQuery({
    queryKey: projectKeys.list(workspaceId, params),
    queryFn: () =>
      call("get", "/workspaces/{workspaceId}/projects", {
        path: { workspaceId },
        query: { ...params, q: params.q || undefined, includeArchived: params.includeArchived ? "true" : undefined, sort: "name" },
      }),
    placeholderData: keepPreviousData,
  });
}

function useInvalidate(workspaceId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: projectKeys.all(workspaceId) });
}

export function useCreateProject(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: (input: ProjectInput) => api.post("/workspaces/{workspaceId}/projects", { path: { workspaceId }, body: input }),
    onSuccess: () => void invalidate(),
  });
}

export function useUpdateProject(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, ...changes }: Partial<ProjectInput> & { id: string; version: number }) => api.patch("/projects/{id}", { path: { id }, body: changes }),
    onSettled: () => void invalidate(),
  });
}

export function useArchiveProject(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) => api.post(archive ? "/projects/{id}/archive" : "/projects/{id}/restore", { path: { id } }),
    onSettled: () => void invalidate(),
  });
}

export function useDeleteProject(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: (id: string) => api.delete("/projects/{id}", { path: { id } }),
    onSettled: () => void invalidate(),
  });
}

export function useProject(projectId: string) {
  return useQuery({
    queryKey: ["projects", projectId] as const,
    queryFn: () => api.get("/projects/{id}", { path: { id: projectId } }),
  });
}
