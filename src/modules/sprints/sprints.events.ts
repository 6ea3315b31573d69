import type { Emitter } from "../../events/unit-of-work";
import type { PresentedSprint } from "./sprints.presenter";

/** The sprints module's events, to the project's room. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "sprint.created": PresentedSprint;
    "sprint.updated": PresentedSprint;
    /** Stats takes the sprint's first snapshot (stats/sprint-snapshots.ts). */
    "sprint.started": PresentedSprint;
    "sprint.completed": PresentedSprint;
    "sprint.deleted": { id: string; projectId: string };
  }
}

type SprintEventType = "sprint.created" | "sprint.updated" | "sprint.started" | "sprint.completed";

export function emitSprint(emit: Emitter["emit"], type: SprintEventType, actorId: string, workspaceId: string, sprint: PresentedSprint): void {
  emit({ type, workspaceId, actorId, data: sprint, rooms: [`project:${sprint.projectId}`] });
}
