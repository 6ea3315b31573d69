/**
 * The assistant module (SPEC §4.6, seed 003): project threads, messages and
 * answers streamed as SSE that survive disconnects (event-log.ts), with a tool
 * loop (tools.ts). Other modules plug their tools in with
 * `provideAssistantTools(ctx, { searchDocuments, createArtifact })`.
 */
import "./assistant.events";

export { assistantRoutes } from "./assistant.routes";
export { provideAssistantTools, type ToolImplementations, type DocumentPassage, type CreatedArtifact, type ToolCallContext } from "./tools";
/** Start-up: answers that were streaming when the process died are marked failed (retry works on them). */
export { recoverLostAnswers } from "./lost-answers";
export type { PresentedThread, PresentedMessage } from "./assistant.presenter";
