import { can } from "../../lib/permissions";
import { useMe } from "../../lib/session";
import type { Comment, Task } from "../tasks/tasks.api";

/** What the viewer may do with a task, from the permissions the server lists for their workspace, so there are no dead buttons. */
export interface TaskPermissions {
  meId: string | undefined;
  /** Change fields, add subtasks, comment. */
  canEdit: boolean;
  /** Admins and owners, or the task's creator. */
  canDelete: boolean;
  canEditComment: (comment: Comment) => boolean;
  /** Your own, or any as an admin or owner. */
  canDeleteComment: (comment: Comment) => boolean;
}

export function useTaskPermissions(task: Pick<Task, "workspaceId" | "projectId" | "createdById"> | undefined): TaskPermissions {
  const me = useMe().data;
  const meId = me?.user.id;
  const workspace = task ? me?.workspaces.find((w) => w.id === task.workspaceId) : undefined;
  // A personal task is only ever seen by its creator, who may do anything with it whatever their workspace role.
  const personal = !!task && !task.projectId;
  const allowed = (permission: Parameters<typeof can>[1]) => personal || can(workspace, permission);
  const ownTask = !!task && task.createdById === meId;
  return {
    meId,
    // The same rules as the server's tasks.policy.ts, on the keys it lists for the workspace.
    canEdit: allowed("task:update"),
    canDelete: allowed("task:delete") || (allowed("task:create") && ownTask),
    canEditComment: (c) => c.authorId === meId,
    // Deleting others' comments is moderation (comment:moderate, owners and admins).
    canDeleteComment: (c) => c.authorId === meId || allowed("comment:moderate"),
  };
}
