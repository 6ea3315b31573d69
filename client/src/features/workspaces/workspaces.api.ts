import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { meQueryKey } from "../../lib/session";
import type { Me } from "../../lib/types";

export const workspaceKeys = {
  all: ["workspaces"] as const,
  detail: (id: string) => ["workspaces", id] as const,
};

export function useWorkspace(id: string) {
  return useQuery({ queryKey: workspaceKeys.detail(id), queryFn: () => api.get("/workspaces/{id}", { path: { id } }) });
}

export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => api.post("/workspaces", { body: input }),
    onSuccess: async () => {
      // The switcher lists the workspaces of /auth/me.
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      await queryClient.invalidateQueries({ queryKey: workspaceKeys.all });
    },
  });
}

/** PATCH /workspaces/:id: the name (owner) or the settings (admin+), with the version check. */
export function useRenameWorkspace(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; holdExpiryHours?: number | null; version?: number }) => api.patch("/workspaces/{id}", { path: { id }, body: input }),
    onSuccess: (workspace) => {
      queryClient.setQueryData(workspaceKeys.detail(id), workspace);
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
    onError: () => {
      // A 409 means someone else changed it: show the current name.
      void queryClient.invalidateQueries({ queryKey: workspaceKeys.detail(id) });
    },
  });
}

export function useDeleteWorkspace(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete("/workspaces/{id}", { path: { id } }),
    onSuccess: () => forgetWorkspace(queryClient, id),
  });
}

/**
 * Drops a workspace the user no longer belongs to (deleted or left) from the
 * cached /auth/me right away, so `/` does not redirect back into it, then
 * refetches to be sure.
 */
export function forgetWorkspace(queryClient: QueryClient, id: string): void {
  queryClient.setQueryData<Me>(meQueryKey, (me) => (me ? { ...me, workspaces: me.workspaces.filter((w) => w.id !== id) } : me));
  queryClient.removeQueries({ queryKey: workspaceKeys.detail(id) });
  void queryClient.invalidateQueries({ queryKey: meQueryKey });
}
