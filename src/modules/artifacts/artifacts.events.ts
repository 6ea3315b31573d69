import type { Emitter } from "../../events/unit-of-work";
import type { PresentedArtifactSummary } from "./artifacts.presenter";

/** The artifacts module's events, to the project's room (the content stays out: clients fetch it). */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "artifact.created": PresentedArtifactSummary;
    "artifact.updated": PresentedArtifactSummary;
    "artifact.deleted": { id: string; projectId: string };
  }
}

export function emitArtifact(emit: Emitter["emit"], type: "artifact.created" | "artifact.updated", actorId: string | null, workspaceId: string, artifact: PresentedArtifactSummary): void {
  emit({ type, workspaceId, actorId, data: artifact, rooms: [`project:${artifact.projectId}`] });
}
