import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { meQueryKey } from "../../lib/session";
import { connectedAccountsKey } from "./connected-accounts.api";
import type { Me } from "../../lib/types";

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; timezone?: string }) => api.patch("/auth/me", { body: input }),
    onSuccess: ({ user }) => {
      queryClient.setQueryData<Me>(meQueryKey, (me) => (me ? { ...me, user } : me));
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword?: string; newPassword: string }) => api.post("/auth/password", { body: input }),
    // A first password changes what the connected accounts section allows (the last provider may go).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectedAccountsKey }),
  });
}
