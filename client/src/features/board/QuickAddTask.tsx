import { Plus, X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button, IconButton } from "../../components/ui/Button";
import { Input } from "../../components/ui/Input";
import { Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { TASK_STATUS_LABEL, useCreateTask, type Task } from "../tasks/tasks.api";
import type { BoardStatus } from "./board-model";

/**
 * "Add task" at the foot of a column: type a title, Enter adds it to this
 * column and keeps the field open for the next one; Escape closes.
 */
export function QuickAddTask({ projectId, status, onCreated }: { projectId: string; status: BoardStatus; onCreated: (task: Task) => void }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(0);
  const create = useCreateTask();
  const column = TASK_STATUS_LABEL[status];

  const close = () => {
    setOpen(false);
    setTitle("");
    setError(null);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = title.trim();
    if (!text) return;
    // Clear at once so the next title can be typed while this one saves.
    setTitle("");
    setError(null);
    setSaving((n) => n + 1);
    try {
      onCreated(await create.mutateAsync({ projectId, title: text, status }));
    } catch (err) {
      setTitle((current) => current || text);
      setError(errorMessage(err));
    } finally {
      setSaving((n) => n - 1);
    }
  };

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={`Add task to ${column}`}
        className="flex w-full items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm text-zinc-500 hover:bg-zinc-200/60 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <Plus className="size-4" aria-hidden />
        Add task
      </button>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-2" noValidate>
      <Input
        autoFocus
        value={title}
        maxLength={200}
        placeholder="Task title"
        aria-label={`New task title in ${column}`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setTitle(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => e.key === "Escape" && close()}
        onBlur={() => !title.trim() && saving === 0 && !error && close()}
      />
      {error ? (
        <p role="alert" className="text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
      <div className="flex items-center gap-1">
        {/* Not disabled while saving: Enter must keep working for the next title. */}
        <Button type="submit" size="sm" disabled={!title.trim()}>
          Add
        </Button>
        <IconButton label="Close" onClick={close} className="size-8">
          <X className="size-4" aria-hidden />
        </IconButton>
        {saving > 0 ? <Spinner className="ml-auto size-4 text-zinc-400" label="Adding task" /> : <span className="ml-auto text-[11px] text-zinc-400">Enter ↵</span>}
      </div>
    </form>
  );
}
