import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { meQueryKey } from "../../lib/session";
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
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.post("/auth/password", { body: input }),
  });
}
