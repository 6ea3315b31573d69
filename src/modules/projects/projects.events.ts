import type { Project } from "../../generated/prisma/client";
import type { Emitter } from "../../events/unit-of-work";
import { presentProject } from "./projects.presenter";

type PresentedProject = ReturnType<typeof presentProject>;

/** The projects module's events. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    /** To the workspace room (project lists). */
    "project.created": PresentedProject;
    /** To the workspace room and the project's. */
    "project.updated": PresentedProject;
    "project.deleted": { id: string };
  }
}

/** A change to an existing project reaches its lists (workspace room) and whoever has it open (project room). */
export const projectRooms = (p: Pick<Project, "id" | "workspaceId">) => [`workspace:${p.workspaceId}`, `project:${p.id}`];

export function emitProject(emit: Emitter["emit"], type: "project.created" | "project.updated", actorId: string, project: Project): void {
  // A new project has no one in its room yet: the workspace room is where it shows up.
  const rooms = type === "project.created" ? [`workspace:${project.workspaceId}`] : projectRooms(project);
  emit({ type, workspaceId: project.workspaceId, actorId, data: presentProject(project), rooms });
}
