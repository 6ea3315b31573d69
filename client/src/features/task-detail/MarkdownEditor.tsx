import { useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { cn } from "../../lib/cn";
import { Markdown } from "./Markdown";
import { mentionToken } from "./markdown";

export interface Mentionable {
  id: string;
  name: string;
  email?: string;
}

interface MarkdownEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Accessible name of the text area. */
  label: string;
  placeholder?: string;
  /** Members offered after typing `@`; no picker when absent. */
  mentionables?: Mentionable[];
  nameOf?: (userId: string) => string | undefined;
  /** Ctrl/⌘+Enter. */
  onSubmit?: () => void;
  /** Escape (the drawer stays open). */
  onCancel?: () => void;
  autoFocus?: boolean;
  rows?: number;
  disabled?: boolean;
  testId?: string;
  /** Files pasted or dropped into the text (none: the browser's default); `at` is the selection they replace. */
  onFiles?: (files: File[], at: { start: number; end: number }) => void;
}

type Tab = "write" | "preview";

const MAX_SUGGESTIONS = 6;
/** An `@word` right before the caret, at the start or after whitespace. */
const MENTION_QUERY = /(?:^|\s)@([\p{L}\p{N}._-]{0,30})$/u;

/**
 * Markdown text area with Write / Preview tabs. With `mentionables`, typing
 * `@` offers members; picking one inserts `<@userId>` (the stored form,
 * shown as @Name when rendered).
 */
export function MarkdownEditor({
  value,
  onChange,
  label,
  placeholder,
  mentionables,
  nameOf,
  onSubmit,
  onCancel,
  autoFocus,
  rows = 4,
  disabled,
  testId,
  onFiles,
}: MarkdownEditorProps) {
  const id = useId();
  const [tab, setTab] = useState<Tab>("write");
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);

  // After inserting a mention, put the caret right after it.
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !textarea.current) return;
    textarea.current.focus();
    textarea.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const match = mentionables && caret !== null && caret !== dismissedAt ? MENTION_QUERY.exec(value.slice(0, caret)) : null;
  const query = match ? match[1]!.toLowerCase() : null;
  const suggestions =
    query === null
      ? []
      : mentionables!
          .filter((m) => m.name.toLowerCase().includes(query) || m.email?.toLowerCase().startsWith(query))
          .slice(0, MAX_SUGGESTIONS);
  const picking = suggestions.length > 0;
  const activeIndex = Math.min(active, suggestions.length - 1);

  const trackCaret = () => {
    const el = textarea.current;
    if (el) setCaret(el.selectionStart === el.selectionEnd ? el.selectionStart : null);
  };

  const insertMention = (m: Mentionable) => {
    if (caret === null) return;
    const start = value.slice(0, caret).lastIndexOf("@");
    const token = `${mentionToken(m.id)} `;
    const next = value.slice(0, start) + token + value.slice(caret);
    pendingCaret.current = start + token.length;
    setCaret(start + token.length);
    setActive(0);
    onChange(next);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (picking) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : -1;
        setActive((activeIndex + step + suggestions.length) % suggestions.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        insertMention(suggestions[activeIndex]!);
        return;
      }
      if (e.key === "Escape") {
        e.stopPropagation(); // closes the picker only, not the edit
        setDismissedAt(caret);
        return;
      }
    }
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && onSubmit) {
      e.preventDefault();
      onSubmit();
    }
  };

  const switchTab = (next: Tab) => {
    setTab(next);
    if (next === "write") requestAnimationFrame(() => textarea.current?.focus());
  };

  const selection = () => {
    const el = textarea.current;
    return { start: el?.selectionStart ?? value.length, end: el?.selectionEnd ?? value.length };
  };
  const fileHandlers = onFiles
    ? {
        onPaste: (e: ClipboardEvent<HTMLTextAreaElement>) => {
          const files = Array.from(e.clipboardData.files);
          if (files.length === 0) return;
          e.preventDefault();
          onFiles(files, selection());
        },
        onDragOver: (e: DragEvent<HTMLTextAreaElement>) => {
          if (Array.from(e.dataTransfer.types).includes("Files")) e.preventDefault();
        },
        onDrop: (e: DragEvent<HTMLTextAreaElement>) => {
          const files = Array.from(e.dataTransfer.files);
          if (files.length === 0) return;
          e.preventDefault();
          e.stopPropagation();
          onFiles(files, selection());
        },
      }
    : {};

  const listboxId = `${id}-mentions`;
  const optionId = (i: number) => `${id}-mention-${i}`;
  // Escape belongs to the editor (closing the picker, cancelling an edit, keeping a draft), not to the drawer.
  const ownsEscape = picking || !!onCancel || value.trim() !== "";

  return (
    <div
      className="rounded-lg bg-white ring-1 ring-zinc-300 focus-within:ring-2 focus-within:ring-indigo-600"
      data-local-escape={ownsEscape || undefined}
      onKeyDown={(e) => {
        if (e.key === "Escape" && onCancel) onCancel();
      }}
    >
      <div
        role="tablist"
        aria-label={`${label} mode`}
        className="flex gap-1 border-b border-zinc-100 px-1.5 pt-1.5"
        onKeyDown={(e) => {
          if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
            e.preventDefault();
            const next = tab === "write" ? "preview" : "write";
            setTab(next);
            document.getElementById(`${id}-tab-${next}`)?.focus();
          }
        }}
      >
        {(["write", "preview"] as const).map((t) => (
          <button
            key={t}
            id={`${id}-tab-${t}`}
            type="button"
            role="tab"
            aria-selected={tab === t}
            aria-controls={`${id}-panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => switchTab(t)}
            className={cn(
              "-mb-px rounded-t-md border-b-2 px-2.5 py-1.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
              tab === t ? "border-indigo-600 text-indigo-700" : "border-transparent text-zinc-500 hover:text-zinc-800",
            )}
          >
            {t === "write" ? "Write" : "Preview"}
          </button>
        ))}
      </div>
      <div id={`${id}-panel-write`} role="tabpanel" aria-labelledby={`${id}-tab-write`} hidden={tab !== "write"} className="relative">
        <textarea
          ref={textarea}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            setCaret(e.target.selectionStart === e.target.selectionEnd ? e.target.selectionStart : null);
            setDismissedAt(null);
            setActive(0);
          }}
          onSelect={trackCaret}
          onClick={trackCaret}
          onBlur={() => setCaret(null)}
          onKeyDown={onKeyDown}
          aria-label={label}
          placeholder={placeholder}
          rows={rows}
          autoFocus={autoFocus}
          disabled={disabled}
          data-testid={testId}
          aria-controls={picking ? listboxId : undefined}
          aria-activedescendant={picking ? optionId(activeIndex) : undefined}
          aria-autocomplete={mentionables ? "list" : undefined}
          {...fileHandlers}
          className="block max-h-96 min-h-20 w-full resize-y rounded-b-lg border-0 bg-transparent px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 focus:outline-none"
        />
        {picking ? (
          <ul
            id={listboxId}
            role="listbox"
            aria-label="Mention a member"
            className="absolute left-2 top-full z-10 mt-1 w-64 max-w-[calc(100%-1rem)] rounded-lg bg-white p-1 shadow-lg ring-1 ring-zinc-900/10"
          >
            {suggestions.map((m, i) => (
              <li
                key={m.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === activeIndex}
                // Keep focus (and the caret) in the text area.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insertMention(m)}
                className={cn(
                  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm",
                  i === activeIndex ? "bg-indigo-50 text-indigo-900" : "text-zinc-700",
                )}
              >
                <Avatar name={m.name} seed={m.id} size="sm" className="size-6 text-[10px]" />
                <span className="min-w-0 truncate">{m.name}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div
        id={`${id}-panel-preview`}
        role="tabpanel"
        aria-labelledby={`${id}-tab-preview`}
        hidden={tab !== "preview"}
        tabIndex={0}
        className="min-h-20 px-3 py-2 focus:outline-none"
      >
        {tab === "preview" ? (
          value.trim() ? <Markdown source={value} nameOf={nameOf} /> : <p className="text-sm text-zinc-400">Nothing to preview</p>
        ) : null}
      </div>
    </div>
  );
}
