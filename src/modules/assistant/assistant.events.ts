import type { Emitter } from "../../events/unit-of-work";
import type { PresentedThread } from "./assistant.presenter";

/**
 * The assistant's events, to the project's room, so a second tab's thread list
 * and conversation refresh: threads created, renamed or deleted, and an answer
 * that ended (complete, stopped or failed). The text stays out: clients fetch it.
 */
export interface AssistantMessageEventData {
  id: string;
  threadId: string;
  projectId: string;
  status: "complete" | "stopped" | "failed";
}

declare module "../../events/catalogue" {
  interface EventCatalogue {
    "assistant.thread_created": PresentedThread;
    "assistant.thread_updated": PresentedThread;
    "assistant.thread_deleted": { id: string; projectId: string };
    "assistant.message_completed": AssistantMessageEventData;
  }
}

export function emitThread(emit: Emitter["emit"], type: "assistant.thread_created" | "assistant.thread_updated", actorId: string | null, workspaceId: string, thread: PresentedThread): void {
  emit({ type, workspaceId, actorId, data: thread, rooms: [`project:${thread.projectId}`] });
}

export function emitThreadDeleted(emit: Emitter["emit"], actorId: string | null, workspaceId: string, data: { id: string; projectId: string }): void {
  emit({ type: "assistant.thread_deleted", workspaceId, actorId, data, rooms: [`project:${data.projectId}`] });
}

export function emitMessageCompleted(emit: Emitter["emit"], actorId: string | null, workspaceId: string, data: AssistantMessageEventData): void {
  emit({ type: "assistant.message_completed", workspaceId, actorId, data, rooms: [`project:${data.projectId}`] });
}
