import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";
import { cn } from "../../lib/cn";

interface FieldProps {
  label: ReactNode;
  /** Error from the server or the form, shown under the control. */
  error?: string | null;
  hint?: ReactNode;
  className?: string;
  /** One form control; it receives id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
  /** Optional content at the right of the label (e.g. a link). */
  aside?: ReactNode;
}

export function Field({ label, error, hint, className, children, aside }: FieldProps) {
  const autoId = useId();
  const existingId = isValidElement(children) ? (children.props.id as string | undefined) : undefined;
  const id = existingId ?? autoId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;

  return (
    <div className={cn("space-y-1.5", className)}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
          {label}
        </label>
        {aside}
      </div>
      {cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy,
      })}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
      {hint ? (
        <div id={hintId} className="text-xs text-zinc-500">
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** Message above a form for errors that belong to no single field. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </div>
  );
}
