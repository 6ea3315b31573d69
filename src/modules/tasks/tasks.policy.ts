import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/**
 * Who may do what with tasks and their comments (seed 001). A personal task's
 * creator counts as OWNER of it. Services enforce these with `enforce()`.
 */
export const canCreateTask = (role: WorkspaceRole) => can(role, "task:create");
export const canUpdateTask = (role: WorkspaceRole) => can(role, "task:update");

/** Managers delete (and restore) any task; contributors their own. */
export const canDeleteTask = (role: WorkspaceRole, task: { createdById: string }, userId: string) =>
  can(role, "task:delete") || (task.createdById === userId && can(role, "task:create"));

export const canComment = (role: WorkspaceRole) => can(role, "comment:create");

/** Authors edit their own comments, nobody else's. */
export const canEditComment = (comment: { authorId: string }, userId: string) => comment.authorId === userId;

/** Authors delete their own comments; owners and admins delete any. */
export const canDeleteComment = (role: WorkspaceRole, comment: { authorId: string }, userId: string) => comment.authorId === userId || can(role, "comment:moderate");
