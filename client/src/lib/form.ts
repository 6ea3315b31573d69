import type { Dispatch, SetStateAction } from "react";

/** Drops one field's client-side error once the user edits that field. */
export function clearFieldError(setErrors: Dispatch<SetStateAction<Record<string, string>>>, field: string) {
  setErrors((errors) => {
    if (!(field in errors)) return errors;
    const next = { ...errors };
    delete next[field];
    return next;
  });
}
