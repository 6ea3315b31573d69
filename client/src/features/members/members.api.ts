import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../lib/api";
import { meQueryKey } from "../../lib/session";
import type { Role } from "../../lib/types";
import { forgetWorkspace } from "../workspaces/workspaces.api";

export const memberKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "members"] as const,
  list: (workspaceId: string, params: { page: number; perPage: number; q: string }) =>
    ["workspaces", workspaceId, "members", params] as const,
};

export function useMembers(workspaceId: string, params: { page: number; perPage: number; q: string }) {
  return useQuery({
    queryKey: memberKeys.list(workspaceId, params),
    queryFn: () => call("get", "/workspaces/{id}/members", { path: { id: workspaceId }, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useChangeRole(workspaceId: string, selfId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      api.patch("/workspaces/{id}/members/{userId}", { path: { id: workspaceId, userId }, body: { role } }),
    onSettled: (_data, _error, { userId }) => {
      void queryClient.invalidateQueries({ queryKey: memberKeys.all(workspaceId) });
      // My own role lives in /auth/me and decides what the UI offers.
      if (userId === selfId) void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useRemoveMember(workspaceId: string, selfId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete("/workspaces/{id}/members/{userId}", { path: { id: workspaceId, userId } }),
    onSuccess: (_data, userId) => {
      if (userId === selfId) forgetWorkspace(queryClient, workspaceId);
      else void queryClient.invalidateQueries({ queryKey: memberKeys.all(workspaceId) });
    },
  });
}
