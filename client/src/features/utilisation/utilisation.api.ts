import { useQuery } from "@tanstack/react-query";
import { api, type Schema } from "../../lib/api";
import { downloadFromApi } from "../../lib/download";

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

/** Downloads the report as CSV (see downloadFromApi for why it is not a plain link). */
export async function downloadUtilisationCsv(workspaceId: string, params: UtilisationParams): Promise<void> {
  const qs = new URLSearchParams({ format: "csv" });
  for (const [k, v] of Object.entries(query(params))) if (v !== undefined) qs.set(k, String(v));
  await downloadFromApi(`/workspaces/${encodeURIComponent(workspaceId)}/reports/utilisation?${qs}`, { accept: "text/csv", fileName: `utilisation-${params.from}-${params.to}.csv` });
}
