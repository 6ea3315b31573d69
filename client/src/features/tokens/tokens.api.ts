import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import type { TokenScope } from "../../lib/types";

const tokensKey = ["auth", "tokens"] as const;

export function useApiTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: () => api.get("/auth/tokens") });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scope: TokenScope; expiresInDays?: number }) => api.post("/auth/tokens", { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete("/auth/tokens/{id}", { path: { id } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
