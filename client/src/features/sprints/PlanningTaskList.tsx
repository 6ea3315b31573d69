import type { UseQueryResult } from "@tanstack/react-query";
import { toast } from "sonner";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { ApiError, errorMessage } from "../../lib/api";
import type { Task } from "../tasks/tasks.api";
import { PlanningTaskRow } from "./PlanningTaskRow";
import { useMoveToSprint, type Sprint } from "./sprints.api";

interface Props {
  projectId: string;
  /** The sprint this list shows, or null for the backlog. */
  sprintId: string | null;
  tasks: UseQueryResult<Task[]>;
  /** Where a task can be moved (planned and active sprints). */
  targets: Sprint[];
  canPlan: boolean;
  empty: string;
}

/** The tasks of one sprint (or the backlog), each with a control to plan it elsewhere. */
export function PlanningTaskList({ projectId, sprintId, tasks, targets, canPlan, empty }: Props) {
  const move = useMoveToSprint(projectId);

  if (tasks.isPending) return <PageSpinner label="Loading tasks…" />;
  if (tasks.isError) return <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} title="Couldn't load these tasks" />;

  // A task just moved away leaves at once (the cache holds its new sprint); the target list refetches.
  const here = tasks.data.filter((t) => (t.sprintId ?? null) === sprintId);
  if (here.length === 0) return <p className="px-4 py-6 text-center text-sm text-zinc-500">{empty}</p>;

  const moveTask = (task: Task, to: string | null) =>
    move.mutate(
      { task, sprintId: to },
      {
        onError: (err) =>
          toast.error(
            err instanceof ApiError && err.status === 409
              ? `${task.key ?? "The task"} was changed by someone else meanwhile. The list is up to date now; try again.`
              : errorMessage(err),
          ),
      },
    );

  return (
    <ul className="divide-y divide-zinc-100">
      {here.map((task) => (
        <PlanningTaskRow
          key={task.id}
          task={task}
          targets={targets}
          onMove={canPlan ? (to) => moveTask(task, to) : undefined}
          moving={move.isPending && move.variables?.task.id === task.id}
        />
      ))}
    </ul>
  );
}
