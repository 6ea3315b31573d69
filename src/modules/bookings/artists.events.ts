import type { Emitter } from "../../events/unit-of-work";
import type { PresentedArtist } from "./artists.presenter";

/** The artists' events, to the workspace room. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "artist.created": PresentedArtist;
    /** Also when its working hours or time off change (the artist as it is then). */
    "artist.updated": PresentedArtist;
    "artist.deleted": { id: string };
  }
}

export function emitArtist(emit: Emitter["emit"], type: "artist.created" | "artist.updated", actorId: string, artist: PresentedArtist): void {
  emit({ type, workspaceId: artist.workspaceId, actorId, data: artist, rooms: [`workspace:${artist.workspaceId}`] });
}
