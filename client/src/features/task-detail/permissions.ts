import { canManageMembers } from "../../lib/roles";
import { useMe } from "../../lib/session";
import type { Role } from "../../lib/types";
import type { Comment, Task } from "../tasks/tasks.api";

/** What the viewer may do with a task; mirrors the server's rules so there are no dead buttons. */
export interface TaskPermissions {
  meId: string | undefined;
  role: Role | undefined;
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
  const workspaceRole = task ? me?.workspaces.find((w) => w.id === task.workspaceId)?.role : undefined;
  // A personal task is only ever seen by its creator, who owns it whatever their workspace role.
  const role: Role | undefined = task && !task.projectId ? "OWNER" : workspaceRole;
  const contributor = role === "OWNER" || role === "ADMIN" || role === "MEMBER";
  const manager = canManageMembers(role);
  return {
    meId,
    role,
    canEdit: contributor,
    canDelete: manager || (contributor && !!task && task.createdById === meId),
    canEditComment: (c) => c.authorId === meId,
    canDeleteComment: (c) => c.authorId === meId || manager,
  };
}
