import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type ApiData } from "../../lib/api";

export type AiStatus = ApiData<"get", "/ai/status">;
export type ProviderStatus = AiStatus["providers"][number];
export type AiUsage = ApiData<"get", "/workspaces/{id}/ai/usage">;
export type UsageTotals = AiUsage["totals"];
export type AiBudget = AiUsage["budget"];

const statusKey = ["ai", "status"] as const;
const usageKey = (workspaceId: string) => ["ai", "usage", workspaceId] as const;

/** Which providers the server has and whether they answer (the server probes at most once a minute). */
export function useAiStatus() {
  return useQuery({ queryKey: statusKey, queryFn: () => api.get("/ai/status") });
}

/** The workspace's AI usage of `month` (YYYY-MM, UTC), with the budget. */
export function useAiUsage(workspaceId: string, month: string) {
  return useQuery({
    queryKey: [...usageKey(workspaceId), month],
    queryFn: () => api.get("/workspaces/{id}/ai/usage", { path: { id: workspaceId }, query: { month } }),
    placeholderData: (previous) => previous,
  });
}

/** Sets (amount) or removes (null) the monthly budget; the usage pages show the new one. */
export function useSetAiBudget(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { amount: number | null; currency: string }) => api.put("/workspaces/{id}/ai/budget", { path: { id: workspaceId }, body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: usageKey(workspaceId) }),
  });
}
