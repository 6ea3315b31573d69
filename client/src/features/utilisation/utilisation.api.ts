import { useQuery } from "@tanstack/react-query";
import { API_BASE, api, ApiError, getAccessToken, refreshAccessToken, type Schema } from "../../lib/api";

export type UtilisationReport = Schema<"UtilisationReport">;
export type UtilisationFigures = UtilisationReport["artists"][number]["total"];

export interface UtilisationParams {
  from: string;
  to: string;
  includeHolds?: boolean;
  artistId?: string;
  skill?: string;
}

const query = (p: UtilisationParams) => ({ from: p.from, to: p.to, includeHolds: p.includeHolds ? ("true" as const) : undefined, artistId: p.artistId || undefined, skill: p.skill || undefined });

export function useUtilisation(workspaceId: string, params: UtilisationParams, enabled = true) {
  return useQuery({
    queryKey: ["workspaces", workspaceId, "reports", "utilisation", params] as const,
    enabled,
    queryFn: () => api.get("/workspaces/{workspaceId}/reports/utilisation", { path: { workspaceId }, query: query(params) }),
  });
}

/**
 * Downloads the report as CSV. The access token lives in memory (lib/api.ts),
 * so a plain link would go out unauthenticated: fetch it with the bearer
 * header (refreshing once on a 401) and save the blob.
 */
export async function downloadUtilisationCsv(workspaceId: string, params: UtilisationParams): Promise<void> {
  const qs = new URLSearchParams({ format: "csv" });
  for (const [k, v] of Object.entries(query(params))) if (v !== undefined) qs.set(k, String(v));
  const url = `${API_BASE}/workspaces/${encodeURIComponent(workspaceId)}/reports/utilisation?${qs}`;
  const get = () => {
    const token = getAccessToken();
    return fetch(url, { credentials: "include", headers: { Accept: "text/csv", ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  };
  let res = await get();
  if (res.status === 401 && (await refreshAccessToken())) res = await get();
  if (!res.ok) {
    let message = `The export failed (${res.status}).`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON
    }
    throw new ApiError({ status: res.status, code: "EXPORT_FAILED", message });
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = `utilisation-${params.from}-${params.to}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}
