import type { UnitOfWork } from "../../events/unit-of-work";
import { AppError } from "../../lib/errors";
import { recordActivity } from "../activity";
import { presentTask, taskInclude, type PresentedTask } from "./tasks.presenter";
import { emitTask } from "./tasks.events";
import type { Access } from "./tasks.service";
import { POSITION_STEP } from "./task-insert";
import { endOfColumn } from "./task-move";

export interface NewSubtask {
  title: string;
  description: string | null;
}

/**
 * Creates several subtasks of `parent` inside the caller's unit of work, so
 * they commit (or roll back) together with whatever else the unit writes (the
 * AI breakdown's "applied" mark). Each is what POST /projects/:id/tasks with a
 * parentId makes: the next number of the project, the end of the TODO column,
 * the creator watching, a "created" activity entry and a task.created event.
 * Prisma (not the raw create of task-insert.ts): several dependent writes in
 * one transaction, off the hot path. The caller has loaded `parent` with
 * loadTask and enforced its rules.
 */
export async function createSubtasksIn({ tx, emit }: UnitOfWork, userId: string, parent: Access["task"], items: NewSubtask[]): Promise<PresentedTask[]> {
  if (parent.projectId) {
    const project = await tx.project.findUniqueOrThrow({ where: { id: parent.projectId }, select: { status: true } });
    if (project.status === "ARCHIVED") throw new AppError("CONFLICT", "The project is archived; restore it to add tasks.");
  }
  let position = await endOfColumn(tx, parent.projectId, "TODO");
  const created: PresentedTask[] = [];
  for (const item of items) {
    const number = parent.projectId
      ? (await tx.project.update({ where: { id: parent.projectId }, data: { taskCounter: { increment: 1 } }, select: { taskCounter: true } })).taskCounter
      : null;
    const row = await tx.task.create({
      data: {
        workspaceId: parent.workspaceId,
        projectId: parent.projectId,
        number,
        title: item.title,
        description: item.description,
        status: "TODO",
        priority: "MEDIUM",
        position: parent.projectId ? position : 0,
        parentId: parent.id,
        createdById: userId,
        watchers: { create: [{ userId }] },
      },
      include: taskInclude,
    });
    position += POSITION_STEP;
    await recordActivity(tx, [{ workspaceId: parent.workspaceId, actorId: userId, entityType: "task", entityId: row.id, action: "created", after: { title: item.title, status: "TODO" } }]);
    const presented = presentTask(row);
    emitTask(emit, "task.created", userId, presented);
    created.push(presented);
  }
  return created;
}
