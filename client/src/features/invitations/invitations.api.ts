import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../lib/api";
import { meQueryKey } from "../../lib/session";
import type { Role } from "../../lib/types";

export const invitationKeys = {
  list: (workspaceId: string) => ["workspaces", workspaceId, "invitations"] as const,
  preview: (token: string) => ["invitation-preview", token] as const,
};

export function useInvitations(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: invitationKeys.list(workspaceId),
    queryFn: () => call("get", "/workspaces/{id}/invitations", { path: { id: workspaceId }, query: { perPage: 100 } }),
    enabled,
  });
}

export function useCreateInvitation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) => api.post("/workspaces/{id}/invitations", { path: { id: workspaceId }, body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitationKeys.list(workspaceId) }),
  });
}

export function useRevokeInvitation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete("/invitations/{id}", { path: { id } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitationKeys.list(workspaceId) }),
  });
}

/** Public preview of an invitation link (no sign-in needed). */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: invitationKeys.preview(token),
    queryFn: () => api.get("/invitations/{token}", { path: { token } }),
  });
}

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/invitations/{token}/accept", { path: { token } }),
    onSuccess: async () => {
      // The invitation page does not observe /auth/me: refetch it even if inactive,
      // so the workspace is known before we navigate into it.
      await queryClient.invalidateQueries({ queryKey: meQueryKey, refetchType: "all" });
      await queryClient.invalidateQueries({ queryKey: invitationKeys.preview(token) });
    },
  });
}

export function useDeclineInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/invitations/{token}/decline", { path: { token } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitationKeys.preview(token) }),
  });
}
