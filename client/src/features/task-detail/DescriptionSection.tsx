import { Pencil } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { useInlineUploads } from "../attachments/use-inline-uploads";
import { Markdown } from "./Markdown";
import { MarkdownEditor } from "./MarkdownEditor";

interface DescriptionSectionProps {
  description: string | null;
  canEdit: boolean;
  onSave: (description: string | null) => void;
  nameOf: (userId: string) => string | undefined;
  /** Pasted or dropped files go to this task (when the viewer may attach files). */
  taskId?: string;
  canAttach?: boolean;
}

/** Rendered markdown; "Edit" opens a Write/Preview editor that saves with the button or Ctrl/⌘+Enter. */
export function DescriptionSection({ description, canEdit, onSave, nameOf, taskId, canAttach = false }: DescriptionSectionProps) {
  // null while not editing; kept while someone else's change arrives, so a draft is never overwritten.
  const [draft, setDraft] = useState<string | null>(null);
  const current = description ?? "";
  const inline = useInlineUploads(taskId ?? null, (change) => setDraft((d) => (d === null ? d : change(d))), canAttach);

  const save = () => {
    if (draft === null || inline.uploading) return;
    const next = draft.trim() ? draft : null;
    setDraft(null);
    if ((next ?? "") !== current) onSave(next);
  };
  // Escape discards only an untouched draft; a changed one needs the Cancel button.
  const cancelIfUnchanged = () => {
    if (draft === current) setDraft(null);
  };

  return (
    <section aria-labelledby="task-description-heading" className="space-y-2">
      <div className="flex items-center justify-between">
        <h3 id="task-description-heading" className="text-sm font-semibold text-zinc-900">
          Description
        </h3>
        {canEdit && draft === null && current ? (
          <Button variant="ghost" size="sm" icon={<Pencil className="size-3.5" aria-hidden />} onClick={() => setDraft(current)} aria-label="Edit description">
            Edit
          </Button>
        ) : null}
      </div>
      {draft !== null ? (
        <div className="space-y-2">
          <MarkdownEditor
            value={draft}
            onChange={setDraft}
            label="Description"
            placeholder="Add context, acceptance criteria, links… (Markdown supported)"
            nameOf={nameOf}
            onSubmit={save}
            onCancel={cancelIfUnchanged}
            rows={8}
            autoFocus
            testId="description-input"
            onFiles={inline.onFiles}
          />
          <div className="flex items-center justify-end gap-2">
            <span className="mr-auto text-xs text-zinc-500">
              {inline.uploading ? "Uploading files…" : `Markdown${inline.onFiles ? " · paste or drop files" : ""} · Ctrl/⌘+Enter to save`}
            </span>
            <Button variant="secondary" size="sm" onClick={() => setDraft(null)}>
              Cancel
            </Button>
            <Button size="sm" onClick={save} disabled={inline.uploading}>
              Save description
            </Button>
          </div>
        </div>
      ) : current ? (
        <Markdown source={current} nameOf={nameOf} />
      ) : canEdit ? (
        <button
          type="button"
          onClick={() => setDraft("")}
          className="w-full rounded-lg border border-dashed border-zinc-300 px-3 py-4 text-left text-sm text-zinc-500 hover:border-zinc-400 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          Add a description…
        </button>
      ) : (
        <p className="text-sm text-zinc-500">No description.</p>
      )}
    </section>
  );
}
