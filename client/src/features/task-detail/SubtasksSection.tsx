import { useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Spinner } from "../../components/ui/Spinner";
import { api, ApiError, errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { invalidateTasks, rememberTask, TASK_STATUS_LABEL, useCreateTask, type Task } from "../tasks/tasks.api";
import { useSubtasks } from "./task-detail.api";
import { CONFLICT_MESSAGE } from "./use-task-patch";

interface SubtasksSectionProps {
  task: Task;
  canEdit: boolean;
  /** Opens another task in the drawer. */
  onOpen: (taskId: string) => void;
}

/** Checklist of subtasks: tick = Done, untick = To do; add one by typing its title. */
export function SubtasksSection({ task, canEdit, onOpen }: SubtasksSectionProps) {
  const subtasks = useSubtasks(task);
  const list = subtasks.data?.data ?? [];
  const total = subtasks.data?.meta?.total ?? list.length;
  const doneCount = list.filter((s) => s.status === "DONE").length;

  return (
    <section aria-labelledby="task-subtasks-heading" className="space-y-2">
      <div className="flex items-center gap-3">
        <h3 id="task-subtasks-heading" className="text-sm font-semibold text-zinc-900">
          Subtasks
        </h3>
        {list.length > 0 ? (
          <>
            <span className="text-xs text-zinc-500" data-testid="subtask-progress">
              {doneCount}/{list.length} done
            </span>
            <div className="h-1.5 w-24 overflow-hidden rounded-full bg-zinc-100" aria-hidden>
              <div className="h-full rounded-full bg-emerald-500 transition-[width]" style={{ width: `${(doneCount / list.length) * 100}%` }} />
            </div>
          </>
        ) : null}
      </div>
      {subtasks.isPending ? (
        <div className="flex items-center gap-2 py-2 text-sm text-zinc-500">
          <Spinner className="size-4" /> Loading subtasks…
        </div>
      ) : subtasks.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Couldn't load subtasks: {errorMessage(subtasks.error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void subtasks.refetch()}>
            Try again
          </button>
        </p>
      ) : list.length === 0 && !canEdit ? (
        <p className="text-sm text-zinc-500">No subtasks.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200 empty:hidden">
          {list.map((s) => (
            <SubtaskRow key={s.id} subtask={s} canEdit={canEdit} onOpen={onOpen} />
          ))}
        </ul>
      )}
      {total > list.length ? <p className="text-xs text-zinc-500">Showing the first {list.length} of {total} subtasks.</p> : null}
      {canEdit ? <AddSubtask parent={task} /> : null}
    </section>
  );
}

function SubtaskRow({ subtask, canEdit, onOpen }: { subtask: Task; canEdit: boolean; onOpen: (id: string) => void }) {
  const queryClient = useQueryClient();
  // The tick shows at once; the list catches up when the refetch lands.
  const [ticked, setTicked] = useState<boolean | null>(null);
  const busy = ticked !== null;
  const done = ticked ?? subtask.status === "DONE";

  const toggle = async () => {
    setTicked(!done);
    try {
      const next = await api.patch("/tasks/{id}", { path: { id: subtask.id }, body: { status: done ? "TODO" : "DONE", version: subtask.version } });
      rememberTask(queryClient, next);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) toast.warning(CONFLICT_MESSAGE);
      else toast.error(errorMessage(err, "Couldn't update the subtask."));
    } finally {
      await invalidateTasks(queryClient);
      setTicked(null);
    }
  };

  return (
    <li className="flex items-center gap-3 px-3 py-2" data-testid="subtask">
      <input
        type="checkbox"
        checked={done}
        disabled={!canEdit || busy}
        onChange={() => void toggle()}
        aria-label={`${done ? "Reopen" : "Complete"} ${subtask.title}`}
        className="size-4 shrink-0 rounded border-zinc-300 accent-indigo-600 disabled:opacity-60"
      />
      <button
        type="button"
        onClick={() => onOpen(subtask.id)}
        className={cn(
          "min-w-0 flex-1 truncate rounded text-left text-sm hover:text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600",
          done ? "text-zinc-500 line-through" : "text-zinc-800",
        )}
        title={`Open ${subtask.key ?? "subtask"}`}
      >
        {subtask.title}
      </button>
      {subtask.key ? <span className="hidden font-mono text-xs text-zinc-400 sm:inline">{subtask.key}</span> : null}
      {!done && subtask.status !== "TODO" ? <span className="text-xs text-zinc-500">{TASK_STATUS_LABEL[subtask.status]}</span> : null}
      {busy ? <Spinner className="size-3.5 text-zinc-400" label="Saving" /> : null}
    </li>
  );
}

function AddSubtask({ parent }: { parent: Task }) {
  const [title, setTitle] = useState("");
  const createTask = useCreateTask();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = title.trim();
    if (!t || createTask.isPending) return;
    createTask.mutate(
      parent.projectId ? { title: t, parentId: parent.id, projectId: parent.projectId } : { title: t, parentId: parent.id, workspaceId: parent.workspaceId },
      {
        onSuccess: () => setTitle(""),
        onError: (err) => toast.error(errorMessage(err, "Couldn't add the subtask.")),
      },
    );
  };

  return (
    <form onSubmit={submit} className="flex items-center gap-2">
      <div className="relative min-w-0 flex-1">
        <Plus className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          aria-label="New subtask title"
          placeholder="Add a subtask…"
          className="h-9 w-full rounded-lg border-0 bg-white pl-8 pr-3 text-sm text-zinc-900 ring-1 ring-inset ring-zinc-200 placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
        />
      </div>
      <Button type="submit" size="sm" variant="secondary" loading={createTask.isPending} disabled={!title.trim()}>
        Add
      </Button>
    </form>
  );
}
