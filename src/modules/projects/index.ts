import type { AppContext } from "../../http/context";
import "./projects.events";
import { roleIn } from "../../access/permissions";

export { projectRoutes } from "./projects.routes";
export { loadProject } from "./projects.service";
export { presentProject } from "./projects.presenter";

/** project:<id> rooms: joinable by members of the project's workspace, like GET /projects/:id. */
export async function projectRoomAuthorizer(ctx: AppContext, userId: string, projectId: string): Promise<boolean> {
  const p = await ctx.db.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
  if (!p) return false;
  return (await roleIn(ctx.db, p.workspaceId, userId)) !== null;
}
