import type { Comment } from "../../generated/prisma/client";

/** Mentions are written `<@userId>` in the body; the web app renders them as @Name. */
export const MENTION = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;
export const mentionedIds = (body: string) => [...new Set([...body.matchAll(MENTION)].map((m) => m[1].toLowerCase()))];

export type CommentRow = Comment & { author?: { id: string; name: string } | null };

export const presentComment = (c: CommentRow) => ({
  id: c.id,
  taskId: c.taskId,
  authorId: c.authorId,
  author: c.author ?? null,
  body: c.body,
  mentions: mentionedIds(c.body),
  editedAt: c.editedAt?.toISOString() ?? null,
  version: c.version,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export type PresentedComment = ReturnType<typeof presentComment>;
