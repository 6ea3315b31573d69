import { AppError } from "../lib/errors";

/** `where` narrowing of an update to the version the caller read; none when the caller sent none. */
export type VersionWhere = { version?: number };

export interface VersionedUpdate<C extends { version: number }> {
  /** What the caller changes, in words: "task", "project", "comment"… (the 409's message names it). */
  resource: string;
  /** The version the caller read (body `version` or `If-Match`); undefined: last write wins. */
  expected: number | undefined;
  /**
   * The conditional write: an `updateMany` whose `where` includes the spread
   * `version` and whose data increments `version`. It changes no row when the
   * version moved on.
   */
  claim: (version: VersionWhere) => Promise<{ count: number }>;
  /** The current resource, presented as the API returns it: sent back in the 409 so the client can merge. */
  current: () => Promise<C>;
}

/**
 * Optimistic concurrency, the same way for every mutable resource: the write
 * claims the version it was based on; when another write came first, nothing
 * changes and the caller gets 409 CONFLICT with the current resource in
 * `error.current` and the current version in `details`.
 */
export async function updateVersioned<C extends { version: number }>(update: VersionedUpdate<C>): Promise<void> {
  const { count } = await update.claim(update.expected === undefined ? {} : { version: update.expected });
  if (count > 0) return;
  const current = await update.current();
  throw staleVersion(update.resource, current);
}

/** The 409 of a stale version, for the rare write that checks the version itself (read, compare, write in one transaction). */
export function staleVersion(resource: string, current: { version: number }): AppError {
  return new AppError(
    "CONFLICT",
    `The ${resource} was changed by someone else; your change was not saved. Reload it and try again.`,
    [{ field: "version", message: `current version is ${current.version}` }],
    { current },
  );
}

/**
 * For resources whose writes must say which version they are based on
 * (tasks): 400 naming `version` when the caller sent none. Checked after the
 * resource is loaded, so an unknown id still answers 404.
 */
export function versionRequired(version: number | undefined, resource: string): number {
  if (version === undefined) {
    throw new AppError("VALIDATION_ERROR", "Invalid request body", [{ field: "version", message: `required: the version of the ${resource} you read (in the body, or an If-Match header)` }]);
  }
  return version;
}
