import { CircleCheckBig, Coffee } from "lucide-react";
import { useEffect, useRef } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { toast } from "sonner";
import { PageHeader } from "../../components/ui/Card";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { ApiError, errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { useShortcut } from "../../lib/shortcuts";
import { TaskDrawer } from "../task-detail/TaskDrawer";
import { Pagination } from "../task-list/Pagination";
import { useMyTasks, type Task, type TaskFilters } from "../tasks/tasks.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { groupByDue } from "./due-groups";
import { useSetTaskDone } from "./my-tasks.api";
import { MyTaskRow } from "./MyTaskRow";
import { QuickAddTask } from "./QuickAddTask";
import { can } from "../../lib/permissions";

type Show = "pending" | "completed" | "all";
const SHOWS: { value: Show; label: string }[] = [
  { value: "pending", label: "Pending" },
  { value: "completed", label: "Completed" },
  { value: "all", label: "All" },
];
const PER_PAGE = 50;

/** What each view asks the server for. Open tasks by due day; finished ones most recent first. */
const QUERY: Record<Show, Pick<TaskFilters, "status" | "sort">> = {
  pending: { status: "TODO,IN_PROGRESS,IN_REVIEW,BLOCKED", sort: "dueDate" },
  completed: { status: "DONE", sort: "-updatedAt" },
  all: { status: "TODO,IN_PROGRESS,IN_REVIEW,BLOCKED,DONE", sort: "dueDate" },
};

function withParams(params: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  return next;
}

/**
 * My tasks (seed 002): personal to-dos and project tasks assigned to me in
 * this workspace. `?show=` and `?page=` keep the view, `?task=` opens the drawer.
 */
export function MyTasksPage() {
  const workspace = useCurrentWorkspace();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const show: Show = SHOWS.some((s) => s.value === params.get("show")) ? (params.get("show") as Show) : "pending";
  const page = Math.max(1, Math.floor(Number(params.get("page"))) || 1);
  const openTaskId = params.get("task");

  const tasks = useMyTasks({ workspaceId: workspace.id, ...QUERY[show], page, perPage: PER_PAGE });
  const setDone = useSetTaskDone();
  const quickAdd = useRef<HTMLInputElement>(null);
  useShortcut("c", () => quickAdd.current?.focus());

  const setParam = (changes: Record<string, string | null>, replace = true) => setParams((prev) => withParams(prev, changes), { replace });
  const taskHref = (id: string) => `?${withParams(params, { task: id }).toString()}`;

  // mutateAsync, not mutate's callbacks: those only fire for the latest of several quick clicks.
  const toggle = (task: Task, done: boolean) =>
    setDone.mutateAsync({ task, done }).then(
      (saved) =>
        toast.success(done ? `Completed “${saved.title}”` : `Reopened “${saved.title}”`, {
          action: { label: "Undo", onClick: () => void setDone.mutateAsync({ task: saved, done: !done }).catch((err) => toast.error(errorMessage(err))) },
        }),
      (err) => toast.error(err instanceof ApiError && err.status === 409 ? "Someone changed this task meanwhile; here is the latest. Try again." : errorMessage(err)),
    );

  const onAdded = (task: Task) => {
    if (show === "completed") toast.success(`Added “${task.title}” to Pending`);
  };

  const rows = tasks.data?.data ?? [];
  const meta = tasks.data?.meta;
  // Past the last page (tasks completed or moved away): show the last one.
  const lastPage = meta && meta.total > 0 && page > meta.totalPages ? meta.totalPages : null;
  useEffect(() => {
    if (lastPage) setParams((prev) => withParams(prev, { page: String(lastPage) }), { replace: true });
  }, [lastPage, setParams]);
  // A personal task is its creator's to change, whatever their workspace role.
  const canComplete = (t: Task) => !t.projectId || can(workspace, "task:update");
  const renderRow = (t: Task) => (
    <MyTaskRow key={t.id} task={t} href={taskHref(t.id)} canComplete={canComplete(t)} onOpen={() => navigate(taskHref(t.id))} onDoneChange={(done) => void toggle(t, done)} />
  );

  let body;
  if (tasks.isPending) body = <PageSpinner label="Loading your tasks…" />;
  else if (tasks.isError) body = <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} title="Couldn't load your tasks" />;
  else if (rows.length === 0 && show === "completed") body = <EmptyState icon={CircleCheckBig} title="Nothing completed yet" description="Tasks you tick off show up here." />;
  else if (rows.length === 0) {
    body = <EmptyState icon={Coffee} title="Nothing on your plate" description="Add a task above (press C), or wait for a teammate to assign you one." />;
  } else if (show === "completed") {
    body = <ul className="divide-y divide-zinc-100">{rows.map(renderRow)}</ul>;
  } else {
    body = groupByDue(rows).map((group) => (
      <section key={group.id} aria-labelledby={`due-${group.id}`}>
        <h2
          id={`due-${group.id}`}
          className={cn(
            "flex items-center gap-2 border-b border-zinc-100 bg-zinc-50/80 px-4 py-1.5 text-xs font-semibold uppercase tracking-wide",
            group.id === "overdue" ? "text-red-600" : group.id === "today" ? "text-amber-700" : "text-zinc-500",
          )}
        >
          {group.label}
          <span className="font-normal text-zinc-400">{group.tasks.length}</span>
        </h2>
        <ul className="divide-y divide-zinc-100">{group.tasks.map(renderRow)}</ul>
      </section>
    ));
  }

  return (
    <>
      <title>{`My tasks · ${workspace.name} · TeamFlow`}</title>
      <PageHeader title="My tasks" description={`Your own to-dos and the tasks assigned to you in ${workspace.name}.`} />
      <div className="flex flex-col gap-4">
        <QuickAddTask workspaceId={workspace.id} inputRef={quickAdd} onAdded={onAdded} />
        <div className="flex items-center gap-3">
          <div role="group" aria-label="Show" className="inline-flex rounded-lg bg-zinc-200/60 p-0.5">
            {SHOWS.map((s) => (
              <button
                key={s.value}
                type="button"
                aria-pressed={show === s.value}
                onClick={() => setParam({ show: s.value === "pending" ? null : s.value, page: null })}
                className={cn(
                  "rounded-md px-3 py-1 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-indigo-600",
                  show === s.value ? "bg-white text-zinc-900 shadow-xs" : "text-zinc-600 hover:text-zinc-900",
                )}
              >
                {s.label}
              </button>
            ))}
          </div>
          {tasks.isFetching && !tasks.isPending ? <Spinner className="size-4 text-zinc-400" label="Refreshing" /> : null}
        </div>
        <div className={cn("overflow-hidden rounded-xl bg-white shadow-xs ring-1 ring-zinc-200 transition-opacity", tasks.isPlaceholderData && "opacity-60")}>{body}</div>
        {meta ? <Pagination meta={meta} label="My task pages" onPage={(p) => setParam({ page: String(p) }, false)} /> : null}
      </div>
      {openTaskId ? <TaskDrawer taskId={openTaskId} onClose={() => setParam({ task: null })} /> : null}
    </>
  );
}
