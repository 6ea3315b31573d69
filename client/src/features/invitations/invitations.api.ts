import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { meQueryKey } from "../../lib/session";
import type { Invitation, InvitationPreview, Role, WorkspaceSummary } from "../../lib/types";

export const invitationKeys = {
  list: (workspaceId: string) => ["workspaces", workspaceId, "invitations"] as const,
  preview: (token: string) => ["invitation-preview", token] as const,
};

export function useInvitations(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: invitationKeys.list(workspaceId),
    queryFn: () => api.list<Invitation>(`/workspaces/${workspaceId}/invitations`, { query: { perPage: 100 } }),
    enabled,
  });
}

export function useCreateInvitation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) => api.post<Invitation>(`/workspaces/${workspaceId}/invitations`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitationKeys.list(workspaceId) }),
  });
}

export function useRevokeInvitation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/invitations/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitationKeys.list(workspaceId) }),
  });
}

/** Public preview of an invitation link (no sign-in needed). */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: invitationKeys.preview(token),
    queryFn: () => api.get<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`),
  });
}

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ workspace: WorkspaceSummary }>(`/invitations/${encodeURIComponent(token)}/accept`),
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
    mutationFn: () => api.post(`/invitations/${encodeURIComponent(token)}/decline`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitationKeys.preview(token) }),
  });
}
