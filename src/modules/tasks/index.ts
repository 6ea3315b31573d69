import type { AppContext } from "../../http/context";
import { loadTask } from "./tasks.service";
import "./tasks.events";

/** The tasks module: tasks, their comments and watchers, the board's moves, bulk changes. */
export { taskRoutes } from "./tasks.routes";
export { presentTask, type PresentedTask } from "./tasks.presenter";
export { mentionedIds, MENTION, type PresentedComment } from "./comments.presenter";
export { taskStatus, task as taskSchema } from "./tasks.schema";
/** A task the caller may read exactly as GET /tasks/:id decides (personal tasks: their creator only); 404 otherwise. */
export { loadTask };
/** Subtasks of a loaded task created inside a caller's unit of work (the AI breakdown's apply), and the rule it checks first. */
export { createSubtasksIn, type NewSubtask } from "./task-subtasks";
export { canUpdateTask } from "./tasks.policy";

/** task:<id> rooms: joinable by whoever may read the task (GET /tasks/:id). */
export function taskRoomAuthorizer(ctx: AppContext, userId: string, taskId: string): Promise<boolean> {
  return loadTask(ctx, userId, taskId).then(
    () => true,
    () => false,
  );
}
