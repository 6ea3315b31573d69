/**
 * The assistant module (SPEC §4.6, seed 003): project threads, messages and
 * answers streamed as SSE that survive disconnects (event-log.ts), with a tool
 * loop (tools.ts). Other modules plug their tools in with
 * `provideAssistantTools(ctx, { searchDocuments, createArtifact })`.
 */
export { assistantRoutes } from "./assistant.routes";
export { provideAssistantTools, type ToolImplementations, type DocumentPassage, type CreatedArtifact, type ToolCallContext } from "./tools";
export type { PresentedThread, PresentedMessage } from "./assistant.presenter";
