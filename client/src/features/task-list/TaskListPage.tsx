import { useQueryClient } from "@tanstack/react-query";
import { ListTodo, SearchX } from "lucide-react";
import { useEffect, useState } from "react";
import { useNavigate, useOutletContext } from "react-router-dom";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { useShortcut } from "../../lib/shortcuts";
import { useMembers } from "../members/members.api";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { invalidateTasks, TASK_STATUS_LABEL, useProjectTasks, type Task } from "../tasks/tasks.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { BulkActionBar } from "./BulkActionBar";
import { countFilters, DEFAULT_PER_PAGE, DEFAULT_SORT, toTaskFilters, useListView } from "./list-view";
import { Pagination } from "./Pagination";
import { TaskFilterBar } from "./TaskFilterBar";
import { TaskTable, useTaskHref } from "./TaskTable";
import { restoreTasks, useBulkTasks, type BulkAction } from "./task-list.api";
import { can } from "../../lib/permissions";

/** The project's List tab: filterable, sortable, paged table of its tasks with bulk actions. */
export function TaskListPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const navigate = useNavigate();
  const taskHref = useTaskHref();
  const { view, update, clearFilters } = useListView();
  const tasks = useProjectTasks(project.id, toTaskFilters(view));
  const members = useMembers(workspace.id, { page: 1, perPage: 100, q: "" }).data?.data ?? [];
  const canEdit = can(workspace, "task:update");

  const rows = tasks.data?.data ?? [];
  const meta = tasks.data?.meta;
  const selection = useRowSelection(rows, JSON.stringify(view));
  const bulk = useBulkRunner(project.id, selection.clear);
  useShortcut("Escape", selection.clear, selection.selected.size > 0);

  // A page past the end (rows deleted, a stale link): go to the last one.
  const lastPage = meta && meta.total > 0 && view.page > meta.totalPages ? meta.totalPages : null;
  useEffect(() => {
    if (lastPage) update({ page: String(lastPage) });
  }, [lastPage, update]);

  const filtered = countFilters(view) > 0;
  let body;
  if (tasks.isPending) body = <PageSpinner label="Loading tasks…" />;
  else if (tasks.isError) body = <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} title="Couldn't load the tasks" />;
  else if (rows.length === 0 && filtered) {
    body = (
      <EmptyState
        icon={SearchX}
        title="No tasks match these filters"
        description="Try fewer filters or another search."
        action={
          <Button variant="secondary" onClick={clearFilters}>
            Clear filters
          </Button>
        }
      />
    );
  } else if (rows.length === 0) {
    body = <EmptyState icon={ListTodo} title="No tasks in this project yet" description={canEdit ? "Add tasks from the Board tab; they show up here." : "Nobody has added a task here yet."} />;
  } else {
    body = (
      <div className={cn("overflow-x-auto transition-opacity", tasks.isPlaceholderData && "opacity-60")}>
        <TaskTable
          tasks={rows}
          sort={view.sort}
          onSort={(sort) => update({ sort: sort === DEFAULT_SORT ? null : sort })}
          selection={canEdit ? selection : null}
          onOpen={(id) => navigate(taskHref(id))}
        />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <title>{`List · ${project.name} · TeamFlow`}</title>
      <TaskFilterBar workspaceId={workspace.id} projectId={project.id} view={view} update={update} clearFilters={clearFilters} />
      <section aria-label="Tasks" aria-busy={tasks.isFetching} className="relative overflow-hidden rounded-xl bg-white shadow-xs ring-1 ring-zinc-200">
        {tasks.isFetching && !tasks.isPending ? <Spinner className="absolute right-3 top-2 z-10 size-4 text-zinc-400" label="Refreshing" /> : null}
        {body}
      </section>
      {meta && rows.length > 0 ? (
        <Pagination
          meta={meta}
          label="Task pages"
          onPage={(page) => update({ page: String(page) })}
          onPerPage={(perPage) => update({ perPage: perPage === DEFAULT_PER_PAGE ? null : String(perPage) })}
        />
      ) : null}
      {canEdit && selection.selected.size > 0 ? (
        <BulkActionBar count={selection.selected.size} members={members} busy={bulk.isPending} onRun={(action) => bulk.run([...selection.selected], action)} onClear={selection.clear} />
      ) : null}
    </div>
  );
}

/**
 * Checked rows of the page on screen. A new view (filters, sort, page) starts
 * with nothing checked, and rows that left the page drop out of the selection.
 */
function useRowSelection(rows: Task[], viewKey: string) {
  const [state, setState] = useState<{ viewKey: string; ids: ReadonlySet<string> }>({ viewKey, ids: new Set() });
  const ids = state.viewKey === viewKey ? state.ids : new Set<string>();
  const selected: ReadonlySet<string> = new Set(rows.filter((r) => ids.has(r.id)).map((r) => r.id));

  const set = (next: Set<string>) => setState({ viewKey, ids: next });
  return {
    selected,
    onToggle: (id: string, on: boolean) => {
      const next = new Set(selected);
      if (on) next.add(id);
      else next.delete(id);
      set(next);
    },
    onTogglePage: (on: boolean) => set(on ? new Set(rows.map((r) => r.id)) : new Set()),
    clear: () => set(new Set()),
  };
}

const DONE_MESSAGE: Record<BulkAction["action"], (n: string) => string> = {
  move: (n) => `Moved ${n}`,
  assign: (n) => `Reassigned ${n}`,
  close: (n) => `Closed ${n}`,
  delete: (n) => `Deleted ${n}`,
};

/** Runs a bulk action, says what happened (or the server's refusal), and offers undo after a delete. */
function useBulkRunner(projectId: string, onDone: () => void) {
  const bulk = useBulkTasks(projectId);
  const queryClient = useQueryClient();

  const undoDelete = async (ids: string[]) => {
    try {
      await restoreTasks(ids);
      toast.success(`Restored ${ids.length === 1 ? "the task" : `${ids.length} tasks`}`);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      void invalidateTasks(queryClient);
    }
  };

  const run = async (ids: string[], action: BulkAction) => {
    const n = `${ids.length} task${ids.length === 1 ? "" : "s"}`;
    try {
      await bulk.mutateAsync({ ids, ...action });
    } catch (err) {
      // The whole request is refused: nothing changed. The delete dialog shows it itself.
      if (action.action !== "delete") toast.error(errorMessage(err));
      throw err;
    }
    onDone();
    const message = action.action === "move" ? `${DONE_MESSAGE.move(n)} to ${TASK_STATUS_LABEL[action.status]}` : DONE_MESSAGE[action.action](n);
    if (action.action === "delete") toast.success(message, { action: { label: "Undo", onClick: () => void undoDelete(ids) } });
    else toast.success(message);
  };

  return { run, isPending: bulk.isPending };
}
