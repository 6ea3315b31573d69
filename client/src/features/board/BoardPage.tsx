import { useQueryClient } from "@tanstack/react-query";
import { SquareKanban } from "lucide-react";
import { useMemo, useState } from "react";
import { useOutletContext, useSearchParams } from "react-router-dom";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { useMe } from "../../lib/session";
import { useShortcut } from "../../lib/shortcuts";
import { useMembers } from "../members/members.api";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { CreateTaskDialog } from "../tasks/CreateTaskDialog";
import { TASK_STATUSES, useAllProjectTasks, type Task } from "../tasks/tasks.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { BoardSkeleton } from "./BoardSkeleton";
import { BoardToolbar } from "./BoardToolbar";
import {
  applyMoves,
  boardQueryKey,
  groupIntoColumns,
  isFiltered,
  matchesFilter,
  parseBoardFilter,
  placeDroppedCard,
  type BoardFilter,
  type BoardStatus,
  type Columns,
} from "./board-model";
import { KanbanBoard } from "./KanbanBoard";
import { useBoardMove, usePendingMoves } from "./use-board-move";
import { can } from "../../lib/permissions";

const ALL_MEMBERS = { page: 1, perPage: 100, q: "" };

/**
 * The project's kanban board: one column per status, drag and drop between
 * them, filters in the URL (`?q=&assignee=`), `?task=<id>` opens a card.
 * Others' changes arrive through the realtime layer, which refetches the list.
 */
export function BoardPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const me = useMe();
  const canEdit = can(workspace, "task:update");
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => parseBoardFilter(params), [params]);

  const query = useAllProjectTasks(project.id);
  const members = useMembers(workspace.id, ALL_MEMBERS);
  const move = useBoardMove(project.id, workspace.id);
  const pendingMoves = usePendingMoves(project.id);
  const [creatingIn, setCreatingIn] = useState<BoardStatus | null>(null);
  useShortcut("c", () => setCreatingIn("TODO"), canEdit && creatingIn === null);

  const tasks = useMemo(() => applyMoves(query.data ?? [], pendingMoves), [query.data, pendingMoves]);
  const columns = useMemo(() => groupIntoColumns(tasks), [tasks]);
  const shown = useMemo(() => (isFiltered(filter) ? filterColumns(columns, filter) : columns), [columns, filter]);

  const setFilter = (next: BoardFilter) =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        for (const [key, value] of [["q", next.q], ["assignee", next.assignee]] as const) {
          if (value) out.set(key, value);
          else out.delete(key);
        }
        return out;
      },
      { replace: true },
    );

  // Pushed, not replaced: Back closes the drawer again.
  const openTask = (task: Pick<Task, "id">) =>
    setParams((prev) => {
      const out = new URLSearchParams(prev);
      out.set("task", task.id);
      return out;
    });

  /** A new card shows at once; the refetch the creation triggers confirms it. */
  const showCreated = (task: Task) =>
    queryClient.setQueryData<Task[]>(boardQueryKey(project.id), (list) => (list && !list.some((t) => t.id === task.id) ? [...list, task] : list));

  const drop = (task: Task, status: BoardStatus, dropOrder: string[]) => {
    const current = tasks.find((t) => t.id === task.id);
    if (!current) {
      toast.error(`${task.key ?? "This task"} was deleted meanwhile`);
      return;
    }
    const placement = placeDroppedCard(task.id, status, dropOrder, tasks, filter);
    if (placement) move.mutate({ taskId: task.id, task: current, placement });
  };

  const onBoardCount = TASK_STATUSES.reduce((n, s) => n + columns[s].length, 0);
  const shownCount = TASK_STATUSES.reduce((n, s) => n + shown[s].length, 0);

  let body;
  if (query.isPending) body = <BoardSkeleton />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} title="Couldn't load the board" />;
  else if (onBoardCount === 0 && !isFiltered(filter)) {
    body = (
      <div className="rounded-xl bg-white ring-1 ring-zinc-200">
        <EmptyState
          icon={SquareKanban}
          title="No tasks yet"
          description={canEdit ? "Create the first task of this project. Press C anywhere on the board to add one." : "Nobody has created a task in this project yet."}
          action={canEdit ? <Button onClick={() => setCreatingIn("TODO")}>New task</Button> : null}
        />
      </div>
    );
  } else {
    body = (
      <KanbanBoard
        projectId={project.id}
        columns={shown}
        unfiltered={isFiltered(filter) ? columns : null}
        canEdit={canEdit}
        onDrop={drop}
        onOpenTask={openTask}
        onNewTask={setCreatingIn}
        onCreated={showCreated}
      />
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-4">
      <title>{`Board · ${project.name} · TeamFlow`}</title>
      <BoardToolbar
        filter={filter}
        onFilterChange={setFilter}
        members={members.data?.data ?? []}
        meId={me.data?.user.id}
        shown={shownCount}
        total={onBoardCount}
        refreshing={query.isFetching && !query.isPending}
        onNewTask={canEdit ? () => setCreatingIn("TODO") : undefined}
      />
      {body}
      {creatingIn ? (
        <CreateTaskDialog
          projectId={project.id}
          defaultStatus={creatingIn}
          onClose={() => setCreatingIn(null)}
          onCreated={(task) => {
            showCreated(task);
            toast.success(`Created ${task.key ?? task.title}`, { action: { label: "Open", onClick: () => openTask(task) } });
          }}
        />
      ) : null}
    </div>
  );
}

function filterColumns(columns: Columns, filter: BoardFilter): Columns {
  return Object.fromEntries(TASK_STATUSES.map((s) => [s, columns[s].filter((t) => matchesFilter(t, filter))])) as Columns;
}
