import { useEffect, useRef, useState } from "react";

const MAX_TITLE = 200;

/**
 * The task title: a heading you click to edit. Enter saves, Escape (or
 * emptying it and leaving) cancels; leaving the field with a change saves.
 */
export function TitleEditor({ title, canEdit, onSave }: { title: string; canEdit: boolean; onSave: (title: string) => void }) {
  // null while not editing.
  const [draft, setDraft] = useState<string | null>(null);
  // Guards against the blur that follows Enter/Escape saving or cancelling a second time.
  const editing = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const [returnFocus, setReturnFocus] = useState(false);

  useEffect(() => {
    if (draft === null && returnFocus) {
      button.current?.focus();
      setReturnFocus(false);
    }
  }, [draft, returnFocus]);

  const start = () => {
    editing.current = true;
    setDraft(title);
  };
  const finish = (save: boolean, keyboard: boolean) => {
    if (!editing.current || draft === null) return;
    editing.current = false;
    const next = draft.trim();
    setDraft(null);
    setReturnFocus(keyboard);
    if (save && next && next !== title) onSave(next);
  };

  if (!canEdit) return <h2 className="text-xl font-semibold leading-snug text-zinc-900 break-words">{title}</h2>;

  if (draft === null) {
    return (
      <h2 className="text-xl font-semibold leading-snug text-zinc-900">
        <button
          type="button"
          ref={button}
          onClick={start}
          title="Edit title"
          className="-mx-1.5 w-[calc(100%+0.75rem)] cursor-text rounded-md px-1.5 py-0.5 text-left break-words hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
          data-testid="task-title"
        >
          {title}
        </button>
      </h2>
    );
  }

  return (
    <div data-local-escape>
      <textarea
        aria-label="Title"
        value={draft}
        maxLength={MAX_TITLE}
        rows={1}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setDraft(e.target.value.replace(/\n/g, " "))}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            finish(true, true);
          } else if (e.key === "Escape") {
            finish(false, true);
          }
        }}
        onBlur={() => finish(true, false)}
        className="-mx-1.5 block w-[calc(100%+0.75rem)] resize-none rounded-md border-0 bg-white px-1.5 py-0.5 text-xl font-semibold leading-snug text-zinc-900 ring-2 ring-indigo-600 field-sizing-content focus:outline-none"
      />
      <p className="mt-1 text-xs text-zinc-500">
        Enter to save · Esc to cancel{draft.length > MAX_TITLE - 20 ? ` · ${MAX_TITLE - draft.length} characters left` : ""}
      </p>
    </div>
  );
}
