import { useQuery } from "@tanstack/react-query";
import { api, API_BASE } from "../../lib/api";

export type SignInProvider = { id: "google" | "microsoft" | "github" | "oidc"; name: string };

/** The sign-in providers this server has configured (public). */
export function useSignInProviders() {
  return useQuery({ queryKey: ["auth", "providers"], queryFn: () => api.get("/auth/providers"), staleTime: 5 * 60_000 });
}

/** Where the browser goes to sign in with a provider (a full page navigation, not fetch). */
export function providerSignInUrl(provider: SignInProvider["id"], next: string | null): string {
  const query = next ? `?${new URLSearchParams({ next })}` : "";
  return `${API_BASE}/auth/oauth/${provider}${query}`;
}
