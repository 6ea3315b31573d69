import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Paged } from "../../lib/api";
import { invalidateTasks, rememberTask, taskKeys, type Task } from "../tasks/tasks.api";

/** Every cached "my tasks" page, whatever its filters. */
const allMyTaskLists = [...taskKeys.all, "mine"] as const;

/**
 * Ticks a task done or reopens it (DONE ↔ TODO). The row changes at once; on
 * an error (version conflict, no permission, offline) it goes back and the
 * error reaches the caller.
 */
export function useSetTaskDone() {
  const queryClient = useQueryClient();

  const replaceRow = (id: string, change: (task: Task) => Task) =>
    queryClient.setQueriesData<Paged<Task>>({ queryKey: allMyTaskLists }, (page) =>
      page ? { ...page, data: page.data.map((t) => (t.id === id ? change(t) : t)) } : page,
    );

  return useMutation({
    mutationFn: ({ task, done }: { task: Task; done: boolean }) =>
      api.patch("/tasks/{id}", { path: { id: task.id }, body: { status: done ? "DONE" : "TODO", version: task.version } }),
    onMutate: async ({ task, done }) => {
      // A refetch landing now would overwrite the optimistic row with the old one.
      await queryClient.cancelQueries({ queryKey: allMyTaskLists });
      const before = queryClient.getQueriesData<Paged<Task>>({ queryKey: allMyTaskLists });
      replaceRow(task.id, (t) => ({ ...t, status: done ? "DONE" : "TODO", completedAt: done ? new Date().toISOString() : null }));
      return { before };
    },
    onError: (_error, _vars, context) => {
      for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (saved) => {
      // The new version right away, so a second click does not hit a stale version.
      replaceRow(saved.id, () => saved);
      rememberTask(queryClient, saved);
    },
    onSettled: () => void invalidateTasks(queryClient),
  });
}
