import type { Emitter } from "../../events/unit-of-work";

/** What document events carry: enough for the library to update its row (never the text). */
export interface DocumentEventData {
  id: string;
  projectId: string;
  name: string;
  status: "pending" | "extracting" | "ready" | "failed";
  progress: number;
  errorDetail: string | null;
}

declare module "../../events/catalogue" {
  interface EventCatalogue {
    "document.created": DocumentEventData;
    /** Extraction moved on (progress). */
    "document.progress": DocumentEventData;
    "document.ready": DocumentEventData;
    "document.failed": DocumentEventData;
    "document.deleted": { id: string; projectId: string };
  }
}

type DocumentEventType = "document.created" | "document.progress" | "document.ready" | "document.failed";

export function emitDocument(emit: Emitter["emit"], type: DocumentEventType, actorId: string | null, workspaceId: string, data: DocumentEventData): void {
  emit({ type, workspaceId, actorId, data, rooms: [`project:${data.projectId}`] });
}
