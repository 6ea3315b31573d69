import { paginationQuery, text, uuid, versionField, versionInput, z } from "../../lib/zod";

export const threadMode = z.enum(["chat", "blueprint"]).openapi("AssistantThreadMode");
export const thread = z
  .object({
    id: uuid,
    projectId: uuid,
    title: z.string(),
    mode: threadMode,
    createdById: uuid.nullable(),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("AssistantThread");

const title = text.trim().min(1, "must not be empty").max(200);
export const createThreadBody = z.object({ title: title.optional(), mode: threadMode.default("chat") }).strict().openapi("CreateAssistantThreadRequest");
export const updateThreadBody = z.object({ title, version: versionInput.optional() }).strict().openapi("UpdateAssistantThreadRequest");
export const listThreadsQuery = z.object({ ...paginationQuery, mode: threadMode.optional() }).strict();

export const toolCallRecord = z
  .object({ id: z.string(), name: z.string(), arguments: z.unknown(), result: z.unknown().optional(), error: z.string().optional() })
  .openapi("AssistantToolCall");
export const message = z
  .object({
    id: uuid,
    threadId: uuid,
    role: z.enum(["user", "assistant", "tool"]),
    content: z.string(),
    status: z.enum(["streaming", "complete", "stopped", "failed"]),
    toolCalls: z.array(toolCallRecord),
    finishReason: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    provider: z.string().nullable(),
    model: z.string().nullable(),
    inputTokens: z.number().int().nullable(),
    outputTokens: z.number().int().nullable(),
    replyToId: uuid.nullable(),
    createdById: uuid.nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .openapi("AssistantMessage");

export const listMessagesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: "Messages per page (max 100), newest last" }),
    before: uuid.optional().openapi({ description: "A message id: the page ends just before it (older messages)" }),
  })
  .strict();
export const messagesPage = z
  .object({ data: z.array(message), meta: z.object({ hasMore: z.boolean(), nextBefore: uuid.nullable().openapi({ description: "Pass as `before` for the older page" }) }) })
  .openapi("AssistantMessagesPage");

export const sendMessageBody = z.object({ content: text.trim().min(1, "must not be empty").max(20_000) }).strict().openapi("SendAssistantMessageRequest");
export const sentMessage = z
  .object({
    data: message.extend({
      messageId: uuid.openapi({ description: "The assistant message answering it: stream it with GET /threads/:id/stream?messageId=" }),
      userMessageId: uuid.openapi({ description: "The saved user message (this resource's id)" }),
    }),
  })
  .openapi("AssistantMessageSent");

export const streamQuery = z
  .object({
    messageId: uuid.openapi({ description: "The assistant message (or the user message it answers)" }),
    lastEventId: z.string().regex(/^\d{1,9}$/, "must be an event id (a non-negative integer)").transform(Number).optional().openapi({ description: "Resume after this event id (same as the Last-Event-ID header)" }),
  })
  .strict();

export const SSE_DESCRIPTION =
  "text/event-stream: events `start` {userMessageId, messageId}, `chunk` {text}, `tool_call` {id, name, arguments}, `tool_result` {id, name, result|error}, `artifact` {artifact}, `complete` {finishReason, messageId} and `error` {code, message}, each with an `id:`; `: heartbeat` comments keep it open. Send `Last-Event-ID` to resume after an event.";

export type CreateThreadInput = z.infer<typeof createThreadBody>;
export type UpdateThreadInput = z.infer<typeof updateThreadBody>;
