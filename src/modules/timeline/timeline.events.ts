import type { Emitter } from "../../events/unit-of-work";
import type { PresentedMilestone, PresentedPhase } from "./timeline.presenter";

/** The timeline's events, to the project's room (the Gantt refreshes on them). */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "phase.created": PresentedPhase;
    "phase.updated": PresentedPhase;
    "phase.deleted": { id: string; projectId: string };
    "phase.reordered": { projectId: string; order: string[] };
    "milestone.created": PresentedMilestone;
    "milestone.updated": PresentedMilestone;
    "milestone.deleted": { id: string; projectId: string };
  }
}

export function emitPhase(emit: Emitter["emit"], type: "phase.created" | "phase.updated", actorId: string, workspaceId: string, phase: PresentedPhase): void {
  emit({ type, workspaceId, actorId, data: phase, rooms: [`project:${phase.projectId}`] });
}

export function emitMilestone(emit: Emitter["emit"], type: "milestone.created" | "milestone.updated", actorId: string, workspaceId: string, milestone: PresentedMilestone): void {
  emit({ type, workspaceId, actorId, data: milestone, rooms: [`project:${milestone.projectId}`] });
}
