import type { Comment } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { AppError, forbidden, notFound } from "../../lib/errors";
import { logger } from "../../lib/logger";
import { recordActivity } from "../activity/activity.service";
import { notify } from "../notifications";
import { can } from "../workspaces/permissions";
import { presentTask } from "./tasks.presenter";
import { loadTask } from "./tasks.service";

/** Mentions are written `<@userId>` in the body; the web app renders them as @Name. */
const MENTION = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;
export const mentionedIds = (body: string) => [...new Set([...body.matchAll(MENTION)].map((m) => m[1].toLowerCase()))];

export const presentComment = (c: Comment & { author?: { id: string; name: string } | null }) => ({
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

async function withAuthor(ctx: AppContext, c: Comment) {
  const author = await ctx.db.user.findUnique({ where: { id: c.authorId }, select: { id: true, name: true } });
  return { ...c, author };
}

export async function listComments(ctx: AppContext, userId: string, taskId: string, page: Page) {
  await loadTask(ctx, userId, taskId);
  const where = { taskId };
  const [total, rows] = await ctx.db.$transaction([
    ctx.db.comment.count({ where }),
    ctx.db.comment.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...skipTake(page) }),
  ]);
  const authors = await ctx.db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.authorId))] } }, select: { id: true, name: true } });
  return { total, rows: rows.map((r) => ({ ...r, author: authors.find((a) => a.id === r.authorId) ?? null })) };
}

/**
 * Adds a comment; the author starts watching the task. Mentioned members get
 * MENTIONED, other watchers WATCHED_COMMENT (never the author, never twice).
 */
export async function addComment(ctx: AppContext, userId: string, taskId: string, body: string) {
  const { task, role } = await loadTask(ctx, userId, taskId);
  if (!can(role, "task:create")) throw forbidden(`Your role (${role}) does not allow commenting.`);
  const mentioned = mentionedIds(body);
  const members = mentioned.length
    ? (await ctx.db.membership.findMany({ where: { workspaceId: task.workspaceId, userId: { in: mentioned } }, select: { userId: true } })).map((m) => m.userId)
    : [];
  if (members.length !== mentioned.length) {
    throw new AppError("VALIDATION_ERROR", "Only members of the workspace can be mentioned", [{ field: "body", message: "mentions someone who is not a member" }]);
  }
  const comment = await ctx.db.$transaction(async (tx) => {
    const c = await tx.comment.create({ data: { taskId, workspaceId: task.workspaceId, authorId: userId, body } });
    await tx.taskWatcher.createMany({ data: [{ taskId, userId }], skipDuplicates: true });
    // Recorded on the task, so its timeline shows comments (and their deletion) in one query.
    await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "commented", field: "comment", after: { commentId: c.id } }]);
    return c;
  });
  const presented = presentComment(await withAuthor(ctx, comment));
  const rooms = task.projectId ? [`project:${task.projectId}`, `task:${taskId}`] : [`user:${task.createdById}`];
  ctx.events.publish({ type: "comment.created", workspaceId: task.workspaceId, actorId: userId, data: presented, rooms });
  void notifyComment(ctx, userId, task, presented, members).catch((err: Error) => logger.warn("comment notifications failed", { err: err.message }));
  return presented;
}

async function notifyComment(ctx: AppContext, authorId: string, task: Awaited<ReturnType<typeof loadTask>>["task"], comment: ReturnType<typeof presentComment>, mentioned: string[]) {
  if (!task.projectId) return; // personal tasks: only the owner is there
  const key = presentTask(task).key;
  const who = comment.author?.name ?? "Someone";
  const link = `/w/${task.workspaceId}/tasks/${task.id}`;
  const excerpt = comment.body.replace(MENTION, "@…").slice(0, 200);
  const watchers = (await ctx.db.taskWatcher.findMany({ where: { taskId: task.id }, select: { userId: true } })).map((w) => w.userId);
  const base = { workspaceId: task.workspaceId, body: excerpt, link, data: { taskId: task.id, commentId: comment.id } };
  const email = (heading: string) => ({ subject: heading, heading, paragraphs: [excerpt], action: { label: "Open task", url: `${ctx.config.APP_URL}${link}` } });
  for (const userId of mentioned.filter((id) => id !== authorId)) {
    const title = `${who} mentioned you on ${key}: ${task.title}`;
    await notify(ctx, { ...base, userId, type: "MENTIONED", title, email: email(title) });
  }
  for (const userId of watchers.filter((id) => id !== authorId && !mentioned.includes(id))) {
    const title = `${who} commented on ${key}: ${task.title}`;
    await notify(ctx, { ...base, userId, type: "WATCHED_COMMENT", title, email: email(title) });
  }
}

async function loadComment(ctx: AppContext, userId: string, commentId: string) {
  const comment = await ctx.db.comment.findUnique({ where: { id: commentId } });
  if (!comment) throw notFound("Comment");
  const access = await loadTask(ctx, userId, comment.taskId).catch(() => {
    throw notFound("Comment");
  });
  return { comment, ...access };
}

/** Authors edit their own comments. */
export async function editComment(ctx: AppContext, userId: string, commentId: string, body: string, version?: number) {
  const { comment, task } = await loadComment(ctx, userId, commentId);
  if (comment.authorId !== userId) throw forbidden("You can only edit your own comments.");
  const result = await ctx.db.comment.updateMany({
    where: { id: commentId, ...(version !== undefined ? { version } : {}) },
    data: { body, editedAt: ctx.now(), version: { increment: 1 } },
  });
  const current = await ctx.db.comment.findUniqueOrThrow({ where: { id: commentId } });
  if (result.count === 0) {
    throw new AppError("CONFLICT", "The comment was changed meanwhile; reload it.", [{ field: "version", message: `current version is ${current.version}` }], {
      current: presentComment(await withAuthor(ctx, current)),
    });
  }
  const presented = presentComment(await withAuthor(ctx, current));
  ctx.events.publish({ type: "comment.updated", workspaceId: task.workspaceId, actorId: userId, data: presented, rooms: task.projectId ? [`project:${task.projectId}`, `task:${task.id}`] : [`user:${userId}`] });
  return presented;
}

/** Authors delete their own comments; owners and admins delete any. */
export async function deleteComment(ctx: AppContext, userId: string, commentId: string) {
  const { comment, task, role } = await loadComment(ctx, userId, commentId);
  if (comment.authorId !== userId && !can(role, "member:manage")) throw forbidden("You can only delete your own comments.");
  await ctx.db.$transaction(async (tx) => {
    await tx.comment.delete({ where: { id: commentId } });
    await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: task.id, action: "comment_deleted", field: "comment", before: { commentId } }]);
  });
  ctx.events.publish({ type: "comment.deleted", workspaceId: task.workspaceId, actorId: userId, data: { id: commentId, taskId: task.id }, rooms: task.projectId ? [`project:${task.projectId}`, `task:${task.id}`] : [`user:${userId}`] });
}

export async function setWatching(ctx: AppContext, userId: string, taskId: string, watching: boolean) {
  await loadTask(ctx, userId, taskId);
  if (watching) await ctx.db.taskWatcher.createMany({ data: [{ taskId, userId }], skipDuplicates: true });
  else await ctx.db.taskWatcher.deleteMany({ where: { taskId, userId } });
  const watchers = await ctx.db.taskWatcher.findMany({ where: { taskId }, select: { userId: true } });
  return { watching, watcherIds: watchers.map((w) => w.userId) };
}

/** The caller's watch state of a task (the drawer's watch toggle). */
export async function watchState(ctx: AppContext, userId: string, taskId: string) {
  await loadTask(ctx, userId, taskId);
  const watchers = await ctx.db.taskWatcher.findMany({ where: { taskId }, select: { userId: true } });
  return { watching: watchers.some((w) => w.userId === userId), watcherIds: watchers.map((w) => w.userId) };
}

export async function taskActivity(ctx: AppContext, userId: string, taskId: string, page: Page) {
  await loadTask(ctx, userId, taskId);
  const where = { entityType: "task", entityId: taskId };
  const [total, rows] = await ctx.db.$transaction([
    ctx.db.activity.count({ where }),
    ctx.db.activity.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...skipTake(page) }),
  ]);
  return { total, rows };
}
