import type { AssistantMessage, AssistantThread } from "../../generated/prisma/client";

export const presentThread = (t: AssistantThread) => ({
  id: t.id,
  projectId: t.projectId,
  title: t.title,
  mode: t.mode,
  createdById: t.createdById,
  version: t.version,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

export type PresentedThread = ReturnType<typeof presentThread>;

export interface StoredToolCall {
  id: string;
  name: string;
  arguments: unknown;
  result?: unknown;
  error?: string;
}

export const presentMessage = (m: AssistantMessage) => ({
  id: m.id,
  threadId: m.threadId,
  role: m.role,
  content: m.content,
  status: m.status,
  toolCalls: (m.toolCalls as StoredToolCall[] | null) ?? [],
  finishReason: m.finishReason,
  error: (m.error as { code: string; message: string } | null) ?? null,
  provider: m.provider,
  model: m.model,
  inputTokens: m.inputTokens,
  outputTokens: m.outputTokens,
  replyToId: m.replyToId,
  createdById: m.createdById,
  createdAt: m.createdAt.toISOString(),
  completedAt: m.completedAt?.toISOString() ?? null,
});

export type PresentedMessage = ReturnType<typeof presentMessage>;
