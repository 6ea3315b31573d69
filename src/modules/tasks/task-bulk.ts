import type { AppContext } from "../../http/context";
import { AppError } from "../../lib/errors";
import { enforce } from "../../access/permissions";
import { inTransaction } from "../../events/unit-of-work";
import { recordActivity, type ActivityEntry } from "../activity";
import { presentTask, taskInclude } from "./tasks.presenter";
import { emitTask, emitTaskDeleted } from "./tasks.events";
import { canDeleteTask, canUpdateTask } from "./tasks.policy";
import type { BulkTasksInput } from "./tasks.schema";

/** Bulk move/assign/close/delete: one transaction, all or nothing. */
export async function bulkTasks(ctx: AppContext, userId: string, input: BulkTasksInput) {
  const now = ctx.now();
  return inTransaction(ctx, async ({ tx, emit }) => {
    const tasks = await tx.task.findMany({ where: { id: { in: input.ids }, deletedAt: null }, include: taskInclude });
    const roles = new Map(
      (await tx.membership.findMany({ where: { userId, workspaceId: { in: [...new Set(tasks.map((t) => t.workspaceId))] } } })).map((m) => [m.workspaceId, m.role]),
    );
    const visible = tasks.filter((t) => roles.has(t.workspaceId) && (t.projectId || t.createdById === userId));
    const missing = input.ids.filter((id) => !visible.some((t) => t.id === id));
    if (missing.length) throw new AppError("NOT_FOUND", "Some tasks do not exist or are not yours to see; nothing was changed.", missing.map((id) => ({ field: "ids", message: "not found", id })));
    for (const t of visible) {
      const role = t.projectId ? roles.get(t.workspaceId)! : "OWNER";
      const allowed = input.action === "delete" ? canDeleteTask(role, t, userId) : canUpdateTask(role);
      enforce(allowed, `Your role does not allow this on ${presentTask(t).key ?? "a task"}; nothing was changed.`);
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
    const rows = await tx.task.findMany({ where: { id: { in: input.ids } }, include: taskInclude });
    for (const row of rows) {
      if (input.action === "delete") emitTaskDeleted(emit, userId, row);
      else emitTask(emit, input.action === "assign" ? "task.updated" : "task.moved", userId, presentTask(row));
    }
    return rows;
  });
}
