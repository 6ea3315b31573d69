import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { Check, LayoutTemplate, MessageSquarePlus, Pencil, Trash2, X } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { errorMessage, fieldErrors } from "../../lib/api";
import { cn } from "../../lib/cn";
import { useDeleteThread, useRenameThread, type Thread } from "./assistant.api";

const titleError = (title: string) => (!title.trim() ? "Give the conversation a title." : title.trim().length > 200 ? "Keep the title under 200 characters." : null);

function RenameForm({ thread, projectId, onDone }: { thread: Thread; projectId: string; onDone: () => void }) {
  const rename = useRenameThread(projectId);
  const [title, setTitle] = useState(thread.title);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = titleError(title);
    if (problem) return setError(problem);
    rename.mutate(
      { id: thread.id, title: title.trim(), version: thread.version },
      { onSuccess: onDone, onError: (err) => setError(fieldErrors(err).title ?? errorMessage(err)) },
    );
  };
  const errorId = `rename-${thread.id}-error`;
  return (
    <form onSubmit={submit} className="flex flex-col gap-1 p-1" noValidate>
      <div className="flex items-center gap-1">
        <label htmlFor={`rename-${thread.id}`} className="sr-only">Conversation title</label>
        <input
          id={`rename-${thread.id}`}
          autoFocus
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && onDone()}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="min-w-0 flex-1 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-600"
        />
        <Button type="submit" size="sm" variant="ghost" className="px-2" aria-label="Save title" loading={rename.isPending}>
          <Check className="size-4" aria-hidden />
        </Button>
        <Button size="sm" variant="ghost" className="px-2" aria-label="Cancel renaming" onClick={onDone}>
          <X className="size-4" aria-hidden />
        </Button>
      </div>
      {error ? <p id={errorId} role="alert" className="text-xs text-red-700">{error}</p> : null}
    </form>
  );
}

/**
 * The project's conversations: pick one, rename it inline, delete it (after
 * confirming). Blueprint threads open the project's blueprint page instead.
 */
export function ThreadList({ threads, projectId, projectBase, selectedId, mayWrite, onSelect, onNew, creating, onDeleted }: {
  threads: Thread[];
  projectId: string;
  projectBase: string;
  selectedId: string | null;
  mayWrite: boolean;
  onSelect: (id: string) => void;
  onNew: () => void;
  creating: boolean;
  onDeleted: (id: string) => void;
}) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Thread | null>(null);
  const remove = useDeleteThread(projectId);
  return (
    <nav aria-label="Conversations" className="md:w-64 md:shrink-0">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-sm font-semibold text-zinc-900">Conversations</h2>
        {mayWrite ? (
          <Button size="sm" variant="secondary" onClick={onNew} disabled={creating} aria-label="New conversation">
            <MessageSquarePlus className="size-4" aria-hidden /> New
          </Button>
        ) : null}
      </div>
      {!threads.length ? <p className="text-sm text-zinc-500">No conversations yet.</p> : null}
      <ul className="flex max-h-40 flex-col gap-1 overflow-y-auto md:max-h-none">
        {threads.map((t) =>
          renaming === t.id ? (
            <li key={t.id}>
              <RenameForm thread={t} projectId={projectId} onDone={() => setRenaming(null)} />
            </li>
          ) : (
            <li key={t.id} className={cn("group flex items-center rounded-md", t.id === selectedId ? "bg-indigo-50" : "hover:bg-zinc-100")}>
              {t.mode === "blueprint" ? (
                <Link to={`${projectBase}/blueprint?thread=${encodeURIComponent(t.id)}`} className="flex min-w-0 flex-1 items-center gap-1.5 truncate px-3 py-2 text-left text-sm text-zinc-700" title="Opens in the blueprint wizard">
                  <LayoutTemplate className="size-4 shrink-0 text-indigo-600" aria-hidden />
                  <span className="truncate">{t.title}</span>
                  <span className="sr-only">(blueprint)</span>
                </Link>
              ) : (
                <button
                  type="button"
                  aria-current={t.id === selectedId ? "page" : undefined}
                  onClick={() => onSelect(t.id)}
                  className={cn("min-w-0 flex-1 truncate px-3 py-2 text-left text-sm", t.id === selectedId ? "font-medium text-indigo-800" : "text-zinc-700")}
                >
                  {t.title}
                </button>
              )}
              {mayWrite ? (
                <span className="flex shrink-0 pr-1">
                  <button type="button" className="rounded p-1 text-zinc-500 hover:bg-white hover:text-zinc-900" aria-label={`Rename ${t.title}`} onClick={() => setRenaming(t.id)}>
                    <Pencil className="size-3.5" aria-hidden />
                  </button>
                  <button type="button" className="rounded p-1 text-zinc-500 hover:bg-white hover:text-red-700" aria-label={`Delete ${t.title}`} onClick={() => setDeleting(t)}>
                    <Trash2 className="size-3.5" aria-hidden />
                  </button>
                </span>
              ) : null}
            </li>
          ),
        )}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this conversation?"
        description={deleting ? `“${deleting.title}” and all its messages are deleted. Its artifacts stay in the project's artifacts.` : undefined}
        confirmLabel="Delete conversation"
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync(deleting.id);
          onDeleted(deleting.id);
        }}
      />
    </nav>
  );
}
