import "./ai.events";

/** The AI module: providers behind one interface, usage, cost and budgets (SPEC §4.6). Other modules call aiChat / aiStream. */
export { aiRoutes } from "./ai.routes";
export { aiChat, aiStream, requireAi, AI_NOT_CONFIGURED_MESSAGE, type AiAnswer, type AiCallInput, type AiStreamEvent } from "./ai.service";
export type { ChatMessage, ChatTool, ChatToolCall } from "./providers";
