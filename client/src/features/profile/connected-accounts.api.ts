import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";

export const connectedAccountsKey = ["auth", "identities"];
const key = connectedAccountsKey;

export function useConnectedAccounts() {
  return useQuery({ queryKey: key, queryFn: () => api.get("/auth/identities") });
}

export function useDisconnectAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete("/auth/identities/{id}", { path: { id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** Asks for a connect link and sends the browser there (the provider's page, then back to the profile). */
export function useConnectAccount() {
  return useMutation({
    mutationFn: (provider: "google" | "microsoft" | "github" | "oidc") => api.post("/auth/oauth/{provider}/connect", { path: { provider } }),
    onSuccess: ({ url }) => {
      window.location.assign(url);
    },
  });
}
