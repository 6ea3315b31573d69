import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { AppError, forbidden } from "../../lib/errors";
import { envelope, uuid, z } from "../../lib/zod";
import { recordActivity, type ActivityEntry } from "../activity/activity.service";
import { can } from "../workspaces/permissions";
import { presentTask, taskInclude } from "./tasks.presenter";
import { task, taskStatus } from "./tasks.schema";

/** Bulk move/assign/close/delete: one transaction, all or nothing. */

const ids = z
  .array(uuid)
  .min(1)
  .max(100, "at most 100 tasks at once")
  .refine((v) => new Set(v).size === v.length, "must not repeat a task");

export const bulkBody = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("move"), ids, status: taskStatus }).strict(),
    z.object({ action: z.literal("assign"), ids, assigneeIds: z.array(uuid).max(20).refine((v) => new Set(v).size === v.length, "must not repeat a user") }).strict(),
    z.object({ action: z.literal("close"), ids }).strict(),
    z.object({ action: z.literal("delete"), ids }).strict(),
  ])
  .openapi("BulkTasksRequest");

type Bulk = z.infer<typeof bulkBody>;

export async function bulkTasks(ctx: AppContext, userId: string, input: Bulk) {
  const now = ctx.now();
  const rows = await ctx.db.$transaction(async (tx) => {
    const tasks = await tx.task.findMany({ where: { id: { in: input.ids }, deletedAt: null }, include: taskInclude });
    const roles = new Map(
      (await tx.membership.findMany({ where: { userId, workspaceId: { in: [...new Set(tasks.map((t) => t.workspaceId))] } } })).map((m) => [m.workspaceId, m.role]),
    );
    const visible = tasks.filter((t) => roles.has(t.workspaceId) && (t.projectId || t.createdById === userId));
    const missing = input.ids.filter((id) => !visible.some((t) => t.id === id));
    if (missing.length) throw new AppError("NOT_FOUND", "Some tasks do not exist or are not yours to see; nothing was changed.", missing.map((id) => ({ field: "ids", message: "not found", id })));
    for (const t of visible) {
      const role = t.projectId ? roles.get(t.workspaceId)! : "OWNER";
      const allowed = input.action === "delete" ? can(role, "task:delete") || (t.createdById === userId && can(role, "task:create")) : can(role, "task:update");
      if (!allowed) throw forbidden(`Your role does not allow this on ${presentTask(t).key ?? "a task"}; nothing was changed.`);
    }
    const activity: ActivityEntry[] = [];
    if (input.action === "assign") {
      for (const t of visible) {
        const members = await tx.membership.count({ where: { workspaceId: t.workspaceId, userId: { in: input.assigneeIds } } });
        if (members !== input.assigneeIds.length || (!t.projectId && input.assigneeIds.some((id) => id !== t.createdById))) {
          throw new AppError("VALIDATION_ERROR", "Every assignee must be a member of each task's workspace; nothing was changed.", [{ field: "assigneeIds", message: "not assignable to every task" }]);
        }
      }
      await tx.taskAssignee.deleteMany({ where: { taskId: { in: input.ids } } });
      await tx.taskAssignee.createMany({ data: input.ids.flatMap((taskId) => input.assigneeIds.map((u) => ({ taskId, userId: u }))) });
      await tx.taskWatcher.createMany({ data: input.ids.flatMap((taskId) => input.assigneeIds.map((u) => ({ taskId, userId: u }))), skipDuplicates: true });
      await tx.task.updateMany({ where: { id: { in: input.ids } }, data: { version: { increment: 1 } } });
      visible.forEach((t) => activity.push({ workspaceId: t.workspaceId, actorId: userId, entityType: "task", entityId: t.id, action: "updated", field: "assignees", before: t.assignees.map((a) => a.user.id).sort(), after: [...input.assigneeIds].sort() }));
    } else if (input.action === "delete") {
      await tx.task.updateMany({ where: { id: { in: input.ids } }, data: { deletedAt: now, version: { increment: 1 } } });
      visible.forEach((t) => activity.push({ workspaceId: t.workspaceId, actorId: userId, entityType: "task", entityId: t.id, action: "deleted" }));
    } else {
      const status = input.action === "close" ? "DONE" : input.status;
      // Appended to the end of the target column, in the order given.
      let position = (await tx.task.aggregate({ where: { status, deletedAt: null, projectId: { in: visible.map((t) => t.projectId).filter((p): p is string => !!p) } }, _max: { position: true } }))._max.position ?? 0;
      for (const t of visible) {
        if (t.status === status) continue;
        position += 1024;
        await tx.task.update({ where: { id: t.id }, data: { status, position, completedAt: status === "DONE" ? now : null, version: { increment: 1 } } });
        activity.push({ workspaceId: t.workspaceId, actorId: userId, entityType: "task", entityId: t.id, action: "moved", field: "status", before: t.status, after: status });
      }
    }
    await recordActivity(tx, activity);
    return tx.task.findMany({ where: { id: { in: input.ids } }, include: taskInclude });
  });
  for (const row of rows) {
    const rooms = row.projectId ? [`project:${row.projectId}`, `task:${row.id}`] : [`user:${row.createdById}`];
    const type = input.action === "delete" ? "task.deleted" : input.action === "assign" ? "task.updated" : "task.moved";
    ctx.events.publish({ type, workspaceId: row.workspaceId, actorId: userId, data: input.action === "delete" ? { id: row.id, projectId: row.projectId } : presentTask(row), rooms });
  }
  return rows;
}

export function bulkRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "post",
      path: "/tasks/bulk",
      summary: "Move, assign, close or delete up to 100 tasks in one transaction (all or nothing)",
      tags: ["Tasks"],
      auth: "required",
      request: { body: bulkBody },
      responses: { 200: { description: "The tasks after the change", schema: envelope(z.array(task)) }, 404: { description: "Some ids not found; nothing changed" } },
      handler: async ({ auth, body }) => ok((await bulkTasks(ctx, auth.userId, body)).map(presentTask)),
    }),
  ];
}
