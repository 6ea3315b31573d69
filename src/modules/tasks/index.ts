import type { AppContext } from "../../http/context";
import { registerRoomAuthorizer } from "../../realtime/rooms";
import { loadTask } from "./tasks.service";

export { taskRoutes } from "./tasks.routes";
export { presentTask } from "./tasks.presenter";

/** task:<id> rooms: joinable by whoever may read the task (GET /tasks/:id). */
registerRoomAuthorizer("task", (ctx: AppContext, userId: string, taskId: string) =>
  loadTask(ctx, userId, taskId).then(
    () => true,
    () => false,
  ),
);
