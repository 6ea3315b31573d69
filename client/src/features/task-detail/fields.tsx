import { X } from "lucide-react";
import { useEffect, useRef, useState, type RefObject } from "react";
import { cn } from "../../lib/cn";
import { formatDate } from "../../lib/format";

// Small inline editors of the properties panel: due date and story points.

/** Looks like text until hovered or focused, like the other property values. */
const ghostInput =
  "h-8 rounded-lg border-0 bg-transparent px-2 text-sm text-zinc-800 placeholder:text-zinc-400 hover:bg-zinc-100 " +
  "focus:bg-white focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none disabled:opacity-60 aria-invalid:ring-2 aria-invalid:ring-red-400";

const pad = (n: number) => String(n).padStart(2, "0");

/** yyyy-mm-dd of an instant in the browser's timezone (what a date input shows). */
export function toDateInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Due "on" a day means by its end, in the user's timezone; the API wants an ISO date-time. */
export function endOfLocalDay(value: string): string {
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y!, m! - 1, d!, 23, 59, 59, 999).toISOString();
}

export function isOverdue(iso: string | null, done: boolean): boolean {
  return !!iso && !done && new Date(iso).getTime() < Date.now();
}

const SAVE_DELAY_MS = 600;

type Pending = RefObject<{ value: string; timer: ReturnType<typeof setTimeout> } | null>;

function flushPending(pending: Pending, save: RefObject<(iso: string | null) => void>) {
  const p = pending.current;
  if (!p) return;
  clearTimeout(p.timer);
  pending.current = null;
  save.current(p.value ? endOfLocalDay(p.value) : null);
}

/**
 * Date input that saves a little after the last change (typing a date
 * changes it several times), at once when it loses focus, and when the
 * drawer closes with a change pending.
 */
export function DueDateField({ dueDate, done, onSave, disabled, id }: { dueDate: string | null; done: boolean; onSave: (iso: string | null) => void; disabled?: boolean; id: string }) {
  const saved = toDateInput(dueDate);
  const [value, setValue] = useState(saved);
  const pending: Pending = useRef(null);
  const latestSave = useRef(onSave);
  useEffect(() => {
    latestSave.current = onSave;
  });

  // Follow changes from elsewhere unless the user is mid-edit.
  const [lastSaved, setLastSaved] = useState(saved);
  if (saved !== lastSaved) {
    setLastSaved(saved);
    if (!pending.current) setValue(saved);
  }

  const flush = () => flushPending(pending, latestSave);
  useEffect(() => () => flushPending(pending, latestSave), []);

  const change = (next: string) => {
    setValue(next);
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    // Half-typed years (0002, 0020…) are valid dates to the input, not to us.
    if (next === saved || (next && Number(next.slice(0, 4)) < 1900)) return;
    pending.current = { value: next, timer: setTimeout(flush, SAVE_DELAY_MS) };
  };

  const overdue = isOverdue(dueDate, done);
  return (
    <div className="flex items-center gap-1">
      <input
        id={id}
        type="date"
        value={value}
        disabled={disabled}
        onChange={(e) => change(e.target.value)}
        onBlur={flush}
        onKeyDown={(e) => {
          if (e.key === "Enter") flush();
        }}
        aria-describedby={overdue ? `${id}-overdue` : undefined}
        className={cn(ghostInput, "w-40", !value && "text-zinc-400", overdue && "font-medium text-red-700")}
      />
      {value && !disabled ? (
        <button
          type="button"
          aria-label="Clear due date"
          title="Clear due date"
          onClick={() => {
            setValue("");
            if (pending.current) clearTimeout(pending.current.timer);
            pending.current = null;
            if (saved) onSave(null);
          }}
          className="rounded-md p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          <X className="size-3.5" aria-hidden />
        </button>
      ) : null}
      {overdue ? (
        <span id={`${id}-overdue`} className="text-xs font-medium text-red-600">
          Overdue
        </span>
      ) : null}
    </div>
  );
}

export function ReadOnlyDate({ dueDate, done }: { dueDate: string | null; done: boolean }) {
  if (!dueDate) return <span className="text-sm text-zinc-500">No due date</span>;
  return <span className={cn("text-sm", isOverdue(dueDate, done) ? "font-medium text-red-600" : "text-zinc-800")}>{formatDate(dueDate)}</span>;
}

/** Story points 1–21: saves on Enter or when leaving the field; empty clears them. */
export function StoryPointsField({ points, onSave, disabled, id }: { points: number | null; onSave: (points: number | null) => void; disabled?: boolean; id: string }) {
  const saved = points === null ? "" : String(points);
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const [lastSaved, setLastSaved] = useState(saved);
  if (saved !== lastSaved) {
    setLastSaved(saved);
    setValue(saved);
    setError(null);
  }

  const commit = () => {
    const text = value.trim();
    if (text === saved) return setError(null);
    if (text === "") return onSave(null);
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > 21) return setError("Use a whole number from 1 to 21");
    setError(null);
    onSave(n);
  };

  return (
    <div className="flex flex-col gap-1">
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={21}
        step={1}
        placeholder="—"
        value={value}
        disabled={disabled}
        onChange={(e) => setValue(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={cn(ghostInput, "w-24")}
      />
      {error ? (
        <span id={`${id}-error`} className="text-xs font-medium text-red-600">
          {error}
        </span>
      ) : null}
    </div>
  );
}
