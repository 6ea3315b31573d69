import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, API_BASE, expireSession, getAccessToken, refreshAccessToken, type Schema } from "../../lib/api";
import { uploadErrorFrom, UploadError } from "../attachments/upload";

/**
 * A project's documents for the assistant. Cached under ["projects", id, "documents"],
 * so the realtime provider's invalidation on document.* events keeps the library live.
 */
export type ProjectDocument = Schema<"Document">;
export type DocumentWithContent = Schema<"DocumentWithContent">;
export type SearchHit = Schema<"DocumentSearchHit">;


export const documentKeys = {
  list: (projectId: string, status: string, q: string, page: number) => ["projects", projectId, "documents", { status, q, page }] as const,
  search: (projectId: string, q: string) => ["projects", projectId, "documents", "search", q] as const,
  one: (projectId: string, id: string) => ["projects", projectId, "documents", id] as const,
};

export function useDocuments(projectId: string, filters: { status: string; q: string; page: number }) {
  return useQuery({
    queryKey: documentKeys.list(projectId, filters.status, filters.q, filters.page),
    queryFn: () =>
      call("get", "/projects/{id}/documents", {
        path: { id: projectId },
        query: { page: filters.page, perPage: 20, ...(filters.status ? { status: filters.status as ProjectDocument["status"] } : {}), ...(filters.q ? { q: filters.q } : {}) },
      }),
    placeholderData: (previous) => previous,
  });
}

export function useDocumentSearch(projectId: string, q: string) {
  return useQuery({
    queryKey: documentKeys.search(projectId, q),
    queryFn: () => call("get", "/projects/{id}/documents/search", { path: { id: projectId }, query: { q, page: 1, perPage: 20 } }),
    enabled: q.trim().length > 0,
  });
}

export function useDocument(projectId: string, id: string) {
  return useQuery({ queryKey: documentKeys.one(projectId, id), queryFn: () => api.get("/documents/{id}", { path: { id } }) });
}

export function useCreateTextDocument(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; content: string }) => api.post("/projects/{id}/documents", { path: { id: projectId }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["projects", projectId, "documents"] }),
  });
}

export function useDeleteDocument(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete("/documents/{id}", { path: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["projects", projectId, "documents"] }),
  });
}

/** One file to POST /projects/:id/documents with XHR (fetch reports no upload progress); a 401 refreshes the token once. */
export function uploadDocument(projectId: string, file: File, onProgress: (fraction: number) => void): Promise<ProjectDocument> {
  const send = (token: string | null) =>
    new Promise<{ status: number; text: string; retryAfter: string | null }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${API_BASE}/projects/${projectId}/documents`);
      xhr.withCredentials = true;
      xhr.setRequestHeader("Accept", "application/json");
      if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, retryAfter: xhr.getResponseHeader("Retry-After") });
      xhr.onerror = () => reject(new UploadError("network", "Connection lost — check your network and upload again"));
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  return (async () => {
    onProgress(0);
    let res = await send(getAccessToken());
    if (res.status === 401) {
      const token = await refreshAccessToken().catch(() => null);
      if (!token) {
        expireSession();
        throw new UploadError("other", "Your session has ended. Sign in again to upload.", 401);
      }
      res = await send(token);
    }
    if (res.status === 201) return (JSON.parse(res.text) as { data: ProjectDocument }).data;
    throw uploadErrorFrom(res.status, res.text, res.retryAfter, file.name, null);
  })();
}
