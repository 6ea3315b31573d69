import { Plus } from "lucide-react";
import { useState, type FormEvent, type Ref } from "react";
import { Button } from "../../components/ui/Button";
import { formMessage } from "../../lib/api";
import { useCreateTask, type Task } from "../tasks/tasks.api";
import { endOfDayIso } from "../task-list/due-dates";

/**
 * The input at the top of My tasks: Enter adds a personal task to the
 * workspace (with an optional due day) and keeps the cursor there for the next.
 */
export function QuickAddTask({ workspaceId, inputRef, onAdded }: { workspaceId: string; inputRef: Ref<HTMLInputElement>; onAdded: (task: Task) => void }) {
  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const create = useCreateTask();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed || create.isPending) return;
    create.mutate(
      { workspaceId, title: trimmed, dueDate: due ? endOfDayIso(due) : null },
      {
        onSuccess: (task) => {
          setTitle("");
          setDue("");
          onAdded(task);
        },
      },
    );
  };

  const error = formMessage(create.error, []);
  return (
    <form onSubmit={submit} noValidate>
      <div className="flex items-center gap-2 rounded-xl bg-white py-1.5 pl-3.5 pr-1.5 shadow-xs ring-1 ring-zinc-200 focus-within:ring-2 focus-within:ring-indigo-600">
        <Plus className="size-4 shrink-0 text-zinc-400" aria-hidden />
        <input
          ref={inputRef}
          aria-label="New task"
          placeholder="Add a task…"
          value={title}
          maxLength={200}
          onChange={(e) => {
            setTitle(e.target.value);
            if (create.isError) create.reset();
          }}
          onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()}
          className="h-9 min-w-0 flex-1 border-0 bg-transparent text-sm text-zinc-900 placeholder:text-zinc-400 focus:outline-none"
        />
        {!title ? (
          <kbd className="hidden rounded border border-zinc-200 bg-zinc-50 px-1.5 font-sans text-xs text-zinc-500 sm:inline" title="Press C to add a task">
            C
          </kbd>
        ) : null}
        <input
          type="date"
          aria-label="Due date"
          value={due}
          onChange={(e) => setDue(e.target.value)}
          className="h-9 w-36 shrink-0 rounded-lg border-0 bg-zinc-50 px-2 text-sm text-zinc-700 ring-1 ring-inset ring-zinc-200 focus:outline-none focus:ring-2 focus:ring-indigo-600"
        />
        <Button type="submit" size="sm" loading={create.isPending} disabled={!title.trim()}>
          Add
        </Button>
      </div>
      {error ? (
        <p role="alert" className="mt-1.5 text-sm font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </form>
  );
}
