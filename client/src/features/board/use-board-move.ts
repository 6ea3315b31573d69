import { useMutation, useMutationState, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, ApiError, call, errorMessage, type Paged } from "../../lib/api";
import { meQueryKey } from "../../lib/session";
import type { Me, Member } from "../../lib/types";
import { memberKeys } from "../members/members.api";
import { rememberTask, taskKeys, type Task } from "../tasks/tasks.api";
import type { Placement } from "./board-model";

/** A card move as the board asks for it; `task` is the card as it was when dragged. */
export interface BoardMove {
  taskId: string;
  task: Task;
  placement: Placement;
}

const moveKey = (projectId: string) => ["board-move", projectId] as const;

/** Writes to every cached "all tasks of the project" array (the board, the sprint planner); paged lists are left to refetch. */
function patchCachedTask(queryClient: QueryClient, projectId: string, taskId: string, patch: (task: Task) => Task): void {
  queryClient.setQueriesData<unknown>({ queryKey: taskKeys.project(projectId) }, (data: unknown) =>
    Array.isArray(data) ? (data as Task[]).map((t) => (t.id === taskId ? patch(t) : t)) : data,
  );
}

/** The newest version of a task the cache knows (a move right after another move of the same card needs the second one's). */
function latestVersion(queryClient: QueryClient, projectId: string, task: Task): number {
  let version = task.version;
  for (const [, data] of queryClient.getQueriesData<unknown>({ queryKey: taskKeys.project(projectId) })) {
    if (!Array.isArray(data)) continue;
    const cached = (data as Task[]).find((t) => t.id === task.id);
    if (cached && cached.version > version) version = cached.version;
  }
  return version;
}

/**
 * Moves cards on the board: the card moves in the cache at once, the request
 * follows. On a version conflict (409) the card goes where the server says and
 * a toast names who changed it; on any other error it goes back.
 */
export function useBoardMove(projectId: string, workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: moveKey(projectId),
    // One move at a time: each one's neighbours and version are those left by the previous one.
    scope: { id: `board-move:${projectId}` },
    mutationFn: ({ task, placement }: BoardMove) =>
      api.post("/tasks/{id}/move", {
        path: { id: task.id },
        body: {
          status: placement.status,
          beforeId: placement.beforeId,
          afterId: placement.afterId,
          version: latestVersion(queryClient, projectId, task),
        },
      }),
    onMutate: async ({ taskId, placement }) => {
      // A refetch already on its way would land the card back in its old column.
      await queryClient.cancelQueries({ queryKey: taskKeys.project(projectId) });
      patchCachedTask(queryClient, projectId, taskId, (t) => ({ ...t, status: placement.status, position: placement.position }));
    },
    onSuccess: (saved) => {
      patchCachedTask(queryClient, projectId, saved.id, () => saved);
      rememberTask(queryClient, saved);
    },
    onError: async (error, { task }) => {
      const current = error instanceof ApiError && error.status === 409 ? (error.current as Task | null) : null;
      if (current?.id === task.id) {
        patchCachedTask(queryClient, projectId, task.id, () => current);
        rememberTask(queryClient, current);
        const who = await lastEditorName(queryClient, workspaceId, task.id);
        toast.warning(`${who} changed ${task.key ?? "this task"} meanwhile — the board was refreshed`, {
          description: "Your move was not saved. Drag the card again if it still needs to move.",
        });
        return;
      }
      // Only this card goes back: other cards may have changed since the drag began.
      patchCachedTask(queryClient, projectId, task.id, (t) => ({ ...t, status: task.status, position: task.position }));
      toast.error(`Couldn't move ${task.key ?? "the task"}`, { description: errorMessage(error) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.project(projectId) }),
  });
}

/**
 * Moves sent but not answered yet. The board shows them on top of the cached
 * list, so a refetch that started before the server saved a move (another
 * user's change triggers one) cannot show the card in its old place.
 */
export function usePendingMoves(projectId: string): BoardMove[] {
  return useMutationState({
    filters: { mutationKey: moveKey(projectId), status: "pending" },
    select: (mutation) => mutation.state.variables as BoardMove,
  });
}

/**
 * Who changed a task last, for the conflict toast: the newest entry of its
 * activity that is not a comment (comments don't change the task's version).
 */
async function lastEditorName(queryClient: QueryClient, workspaceId: string, taskId: string): Promise<string> {
  try {
    const page = (n?: number) => call("get", "/tasks/{id}/activity", { path: { id: taskId }, query: { perPage: 100, page: n } });
    const first = await page();
    const pages = first.meta.totalPages;
    const last = pages > 1 ? await page(pages) : first;
    const actorId = [...last.data].reverse().find((a) => a.field !== "comment")?.actorId;
    if (!actorId) return "Someone";
    // Me, from another tab or through the API.
    if (actorId === queryClient.getQueryData<Me>(meQueryKey)?.user.id) return "You";
    for (const [, page] of queryClient.getQueriesData<Paged<Member>>({ queryKey: memberKeys.all(workspaceId) })) {
      const member = page?.data?.find((m) => m.userId === actorId);
      if (member) return member.name;
    }
  } catch {
    // The toast still says what happened, without a name.
  }
  return "Someone";
}
