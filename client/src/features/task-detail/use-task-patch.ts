import { useMutation, useQueryClient, type Query } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, ApiError, errorMessage } from "../../lib/api";
import { taskKeys, type Task, type TaskInput } from "../tasks/tasks.api";

export const CONFLICT_MESSAGE = "Someone else changed this task — showing their version";

export interface TaskPatch {
  /** What the server gets (plus the version, added when the request goes out). */
  changes: Partial<TaskInput>;
  /** How the task looks meanwhile, for fields the changes don't name directly (assignees, labels). */
  preview?: Partial<Task>;
}

const SCALAR_FIELDS = ["title", "description", "status", "priority", "storyPoints", "dueDate", "sprintId", "parentId"] as const;

function previewOf({ changes, preview }: TaskPatch): Partial<Task> {
  const out: Partial<Task> = {};
  for (const field of SCALAR_FIELDS) {
    if (changes[field] !== undefined) Object.assign(out, { [field]: changes[field] });
  }
  return { ...out, ...preview };
}

/** True when a 409 carried the task as it is now (a version conflict). */
function conflictTask(error: unknown): Task | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const current = error.current as Task | null;
  return current && typeof current === "object" && "version" in current ? current : null;
}

/**
 * Saves drawer edits to one task: shows them at once (optimistic), sends them
 * one after the other (each PATCH needs the version the previous one
 * produced, so they share a mutation scope and read the version when they
 * run), and on a version conflict shows the other person's task and calls
 * `onConflict` (the drawer says so in a banner: toasts sit behind the modal
 * drawer for screen readers).
 */
export function useTaskPatch(taskId: string, { onConflict }: { onConflict: () => void }) {
  const queryClient = useQueryClient();
  const detailKey = taskKeys.detail(taskId);
  const scopeId = `task-patch:${taskId}`;

  /** Changes still queued behind the one that just finished, re-applied over the server's answer. */
  const queuedPreview = (except: TaskPatch): Partial<Task> =>
    queryClient
      .getMutationCache()
      .findAll({ status: "pending", predicate: (m) => m.options.scope?.id === scopeId })
      .map((m) => m.state.variables as TaskPatch)
      .filter((v) => v && v !== except)
      .reduce<Partial<Task>>((acc, v) => ({ ...acc, ...previewOf(v) }), {});

  // Lists (board, list, subtasks) and this task's activity; not the detail we just wrote.
  const refreshAround = () =>
    queryClient.invalidateQueries({
      queryKey: taskKeys.all,
      predicate: (q: Query) => !(q.queryKey[1] === "detail" && q.queryKey[2] === taskId && q.queryKey[3] !== "activity"),
    });

  return useMutation({
    scope: { id: scopeId },
    mutationFn: (patch: TaskPatch) => {
      const current = queryClient.getQueryData<Task>(detailKey);
      if (!current) throw new Error("The task is still loading; try again.");
      return api.patch("/tasks/{id}", { path: { id: taskId }, body: { ...patch.changes, version: current.version } });
    },
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: detailKey, exact: true });
      const before = queryClient.getQueryData<Task>(detailKey);
      const next = previewOf(patch);
      const previous = before ? (Object.fromEntries(Object.keys(next).map((k) => [k, before[k as keyof Task]])) as Partial<Task>) : {};
      queryClient.setQueryData<Task>(detailKey, (t) => (t ? { ...t, ...next } : t));
      return { previous };
    },
    onSuccess: (task, patch) => {
      queryClient.setQueryData<Task>(detailKey, { ...task, ...queuedPreview(patch) });
    },
    onError: (error, _patch, context) => {
      const current = conflictTask(error);
      if (current) {
        queryClient.setQueryData(detailKey, current);
        onConflict();
        return;
      }
      if (context) queryClient.setQueryData<Task>(detailKey, (t) => (t ? { ...t, ...context.previous } : t));
      toast.error(errorMessage(error, "Couldn't save the change."));
      void queryClient.invalidateQueries({ queryKey: detailKey, exact: true });
    },
    onSettled: () => void refreshAround(),
  });
}

/** The save function handed to the field editors. */
export type SaveTask = (changes: Partial<TaskInput>, preview?: Partial<Task>) => void;
