import type { WorkspaceSummary } from "./types";

/**
 * What the caller may do in a workspace, as the server says: GET /auth/me and
 * GET /workspaces/:id list the permission keys the caller's role grants
 * (`permissions`, from the server's permission table). The UI offers what is
 * listed, so it never re-derives the rules from the role; the server still
 * checks every call.
 */

/** The keys the web app asks about (the server may list more; they pass through). */
export type Permission =
  | "workspace:update"
  | "workspace:settings"
  | "workspace:delete"
  | "member:manage"
  | "invitation:manage"
  | "project:create"
  | "project:update"
  | "project:delete"
  | "task:create"
  | "task:update"
  | "task:delete"
  | "comment:create"
  | "comment:moderate"
  | "sprint:create"
  | "sprint:update"
  | "sprint:delete"
  | "artifact:create"
  | "artifact:update"
  | "artifact:delete"
  | "job_listing:read"
  | "job_listing:manage"
  | "job_listing:apply"
  | "timeline:edit"
  | "label:create"
  | "label:update"
  | "label:delete"
  | "artist:read"
  | "artist:manage"
  | "booking:read"
  | "booking:create"
  | "booking:update"
  | "document:create"
  | "document:delete"
  | "attachment:create"
  | "attachment:delete"
  | "ai:use"
  | "ai:usage"
  | "ai:budget"
  | "assistant:read"
  | "assistant:write"
  | "webhook:manage";

/** Anything that carries the server's permission list: a workspace of /auth/me or GET /workspaces/:id. */
export type Permitted = Pick<WorkspaceSummary, "permissions">;

/** Whether the server grants `permission` in `workspace` (false when it is not known). */
export function can(workspace: Permitted | null | undefined, permission: Permission): boolean {
  return workspace?.permissions.includes(permission) ?? false;
}
