import type { AppContext } from "../../http/context";
import { registerRoomAuthorizer } from "../../realtime/rooms";
import { roleIn } from "../workspaces";

export { projectRoutes } from "./projects.routes";
export { loadProject } from "./projects.service";
export { presentProject } from "./projects.presenter";

/** project:<id> rooms: joinable by members of the project's workspace, like GET /projects/:id. */
registerRoomAuthorizer("project", async (ctx: AppContext, userId: string, projectId: string) => {
  const p = await ctx.db.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
  if (!p) return false;
  return (await roleIn(ctx.db, p.workspaceId, userId)) !== null;
});
