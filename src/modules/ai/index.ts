import type { AppContext } from "../../http/context";
import type { AnyRoute } from "../../http/route";
import { aiRoutes as providerRoutes } from "./ai.routes";
import { breakdownRoutes } from "./breakdown.routes";
import "./ai.events";

/** The AI module: providers behind one interface, usage, cost and budgets, the task breakdown and its jobs (SPEC §4.6). Other modules call aiChat / aiStream. */
export const aiRoutes = (ctx: AppContext): AnyRoute[] => [...providerRoutes(ctx), ...breakdownRoutes(ctx)];
export { aiChat, aiStream, requireAi, AI_NOT_CONFIGURED_MESSAGE, type AiAnswer, type AiCallInput, type AiStreamEvent } from "./ai.service";
export { breakdownJob } from "./breakdown.jobs";
export { parseModelJson } from "./model-json";
export { pruneAiJobsJob } from "./ai-jobs.cleanup";
export type { ChatMessage, ChatTool, ChatToolCall } from "./providers";
