import type { Emitter } from "../../events/unit-of-work";
import type { PresentedComment } from "./comments.presenter";
import type { PresentedTask } from "./tasks.presenter";

/** The tasks module's events (realtime pushes them to the task's rooms; notifications subscribe to some). */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "task.created": PresentedTask;
    "task.updated": PresentedTask;
    "task.moved": PresentedTask;
    "task.deleted": { id: string; projectId: string | null };
    /** Internal (no room): users newly assigned to a task, for notifications. */
    "task.assigned": { task: PresentedTask; userIds: string[] };
    "comment.created": PresentedComment;
    "comment.updated": PresentedComment;
    "comment.deleted": { id: string; taskId: string };
  }
}

type TaskRef = Pick<PresentedTask, "id" | "projectId" | "workspaceId" | "createdById">;

/** Where a task's events go: its project's and its own room; a personal task only to its owner. */
export const taskRooms = (task: TaskRef) => (task.projectId ? [`project:${task.projectId}`, `task:${task.id}`] : [`user:${task.createdById}`]);

type TaskEventType = "task.created" | "task.updated" | "task.moved";

/** Emits a task change to the task's rooms. */
export function emitTask(emit: Emitter["emit"], type: TaskEventType, actorId: string, task: PresentedTask): void {
  emit({ type, workspaceId: task.workspaceId, actorId, data: task, rooms: taskRooms(task) });
}

export function emitTaskDeleted(emit: Emitter["emit"], actorId: string, task: TaskRef): void {
  emit({ type: "task.deleted", workspaceId: task.workspaceId, actorId, data: { id: task.id, projectId: task.projectId }, rooms: taskRooms(task) });
}

/** New assignees of a project task, except whoever assigned them (notifications tell them). */
export function emitAssigned(emit: Emitter["emit"], actorId: string, task: PresentedTask, userIds: string[]): void {
  const targets = userIds.filter((id) => id !== actorId);
  if (!targets.length || !task.projectId) return;
  emit({ type: "task.assigned", workspaceId: task.workspaceId, actorId, data: { task, userIds: targets }, rooms: [] });
}
