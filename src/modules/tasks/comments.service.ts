import type { Comment } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { AppError, notFound } from "../../lib/errors";
import { enforce, roleDenies } from "../../access/permissions";
import { updateVersioned } from "../../db/versioned";
import { inTransaction, withEvents } from "../../events/unit-of-work";
import { recordActivity } from "../activity";
import { mentionedIds, presentComment } from "./comments.presenter";
import { taskRooms } from "./tasks.events";
import { canComment, canDeleteComment, canEditComment } from "./tasks.policy";
import { loadTask } from "./tasks.service";

async function withAuthor(db: Pick<AppContext["db"], "user">, c: Comment) {
  const author = await db.user.findUnique({ where: { id: c.authorId }, select: { id: true, name: true } });
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
 * Adds a comment; the author starts watching the task. Notifications (mentions,
 * watchers) subscribe to `comment.created` (notifications.subscriber.ts).
 */
export async function addComment(ctx: AppContext, userId: string, taskId: string, body: string) {
  const { task, role } = await loadTask(ctx, userId, taskId);
  enforce(canComment(role), roleDenies(role, "commenting"));
  const mentioned = mentionedIds(body);
  const members = mentioned.length ? await ctx.db.membership.count({ where: { workspaceId: task.workspaceId, userId: { in: mentioned } } }) : 0;
  if (members !== mentioned.length) {
    throw new AppError("VALIDATION_ERROR", "Only members of the workspace can be mentioned", [{ field: "body", message: "mentions someone who is not a member" }]);
  }
  return inTransaction(ctx, async ({ tx, emit }) => {
    const c = await tx.comment.create({ data: { taskId, workspaceId: task.workspaceId, authorId: userId, body } });
    await tx.taskWatcher.createMany({ data: [{ taskId, userId }], skipDuplicates: true });
    // Recorded on the task, so its timeline shows comments (and their deletion) in one query.
    await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "commented", field: "comment", after: { commentId: c.id } }]);
    const presented = presentComment(await withAuthor(tx, c));
    emit({ type: "comment.created", workspaceId: task.workspaceId, actorId: userId, data: presented, rooms: taskRooms(task) });
    return presented;
  });
}

async function loadComment(ctx: AppContext, userId: string, commentId: string) {
  const comment = await ctx.db.comment.findUnique({ where: { id: commentId } });
  if (!comment) throw notFound("Comment");
  const access = await loadTask(ctx, userId, comment.taskId).catch(() => {
    throw notFound("Comment");
  });
  return { comment, ...access };
}

/** Authors edit their own comments; with a version (body or If-Match), a stale one answers 409 with the current comment. */
export async function editComment(ctx: AppContext, userId: string, commentId: string, body: string, version?: number) {
  const { comment, task } = await loadComment(ctx, userId, commentId);
  enforce(canEditComment(comment, userId), "You can only edit your own comments.");
  return withEvents(ctx, async ({ emit }) => {
    await updateVersioned({
      resource: "comment",
      expected: version,
      claim: (v) => ctx.db.comment.updateMany({ where: { id: commentId, ...v }, data: { body, editedAt: ctx.now(), version: { increment: 1 } } }),
      current: async () => presentComment(await withAuthor(ctx.db, await ctx.db.comment.findUniqueOrThrow({ where: { id: commentId } }))),
    });
    const presented = presentComment(await withAuthor(ctx.db, await ctx.db.comment.findUniqueOrThrow({ where: { id: commentId } })));
    emit({ type: "comment.updated", workspaceId: task.workspaceId, actorId: userId, data: presented, rooms: taskRooms(task) });
    return presented;
  });
}

/** Authors delete their own comments; owners and admins delete any. */
export async function deleteComment(ctx: AppContext, userId: string, commentId: string) {
  const { comment, task, role } = await loadComment(ctx, userId, commentId);
  enforce(canDeleteComment(role, comment, userId), "You can only delete your own comments.");
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.comment.delete({ where: { id: commentId } });
    await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: task.id, action: "comment_deleted", field: "comment", before: { commentId } }]);
    emit({ type: "comment.deleted", workspaceId: task.workspaceId, actorId: userId, data: { id: commentId, taskId: task.id }, rooms: taskRooms(task) });
  });
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
