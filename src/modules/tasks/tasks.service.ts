import type { Prisma, TaskPriority, TaskStatus, WorkspaceRole } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { AppError, conflict, notFound } from "../../lib/errors";
import { enforce, firstMembership, requireMembership, roleDenies, roleIn } from "../../access/permissions";
import { prepared, sqlOf } from "../../db/client";
import { updateVersioned, versionRequired } from "../../db/versioned";
import { inTransaction, withEvents } from "../../events/unit-of-work";
import { fieldChanges, recordActivity } from "../activity";
import { presentTask, taskInclude, type TaskRow } from "./tasks.presenter";
import { emitAssigned, emitTask, emitTaskDeleted } from "./tasks.events";
import { canCreateTask, canDeleteTask, canUpdateTask } from "./tasks.policy";
import { insertTask, nextTaskNumber } from "./task-insert";
import { listTasks, presentedTask, type ListQuery } from "./task-list";
import { endOfColumn } from "./task-move";

type Tx = Prisma.TransactionClient;

export interface TaskInput {
  title?: string;
  description?: string | null;
  status?: TaskStatus;
  priority?: TaskPriority;
  storyPoints?: number | null;
  dueDate?: string | null;
  assigneeIds?: string[];
  labelIds?: string[];
  parentId?: string | null;
  sprintId?: string | null;
}

export interface Access {
  task: TaskRow;
  /** Role in the task's workspace; personal tasks: the creator, treated as OWNER of their own task. */
  role: WorkspaceRole;
}

/**
 * A task the caller may read. Personal tasks exist only for their creator; project
 * tasks for members of the workspace. Everything else answers 404.
 */
export async function loadTask(ctx: AppContext, userId: string, taskId: string, opts: { includeDeleted?: boolean } = {}): Promise<Access> {
  const task = await ctx.db.task.findUnique({ where: { id: taskId }, include: taskInclude });
  if (!task || (task.deletedAt && !opts.includeDeleted)) throw notFound("Task");
  const role = await roleIn(ctx.db, task.workspaceId, userId);
  if (!role) throw notFound("Task");
  if (!task.projectId) {
    if (task.createdById !== userId) throw notFound("Task");
    return { task, role: "OWNER" };
  }
  return { task, role };
}

async function assertAssignable(tx: Tx, workspaceId: string, projectId: string | null, creatorId: string, ids: string[] | undefined) {
  if (!ids?.length) return;
  if (!projectId && ids.some((id) => id !== creatorId)) {
    throw new AppError("VALIDATION_ERROR", "Personal tasks are private: only you can be assigned", [{ field: "assigneeIds", message: "personal tasks can only be assigned to yourself" }]);
  }
  const members = await tx.membership.count({ where: { workspaceId, userId: { in: ids } } });
  if (members !== ids.length) {
    throw new AppError("VALIDATION_ERROR", "Every assignee must be a member of the workspace", [{ field: "assigneeIds", message: "contains a user who is not a member of this workspace" }]);
  }
}

async function assertLabels(tx: Tx, workspaceId: string, ids: string[] | undefined) {
  if (!ids?.length) return;
  if ((await tx.label.count({ where: { workspaceId, id: { in: ids } } })) !== ids.length) {
    throw new AppError("VALIDATION_ERROR", "Labels must belong to the task's workspace", [{ field: "labelIds", message: "contains a label of another workspace or none" }]);
  }
}

async function assertSprint(tx: Tx, projectId: string | null, sprintId: string | null | undefined) {
  if (!sprintId) return;
  const sprint = await tx.sprint.findUnique({ where: { id: sprintId }, select: { projectId: true, status: true } });
  if (!sprint || sprint.projectId !== projectId || sprint.status === "COMPLETED") {
    throw new AppError("VALIDATION_ERROR", "Tasks go into a planned or active sprint of their own project", [{ field: "sprintId", message: "is not an open sprint of this project" }]);
  }
}

/** A parent must be a live task of the same project (or the same owner's personal tasks) and not create a cycle. */
async function assertParent(tx: Tx, task: { id?: string; projectId: string | null; createdById: string; workspaceId: string }, parentId: string | null | undefined) {
  if (!parentId) return;
  const invalid = (message: string) => new AppError("VALIDATION_ERROR", "Invalid parent task", [{ field: "parentId", message }]);
  if (parentId === task.id) throw invalid("a task cannot be its own parent");
  const parent = await tx.task.findUnique({ where: { id: parentId }, select: { projectId: true, workspaceId: true, createdById: true, deletedAt: true } });
  if (!parent || parent.deletedAt || parent.workspaceId !== task.workspaceId || parent.projectId !== task.projectId || (!task.projectId && parent.createdById !== task.createdById)) {
    throw invalid("must be a task of the same project");
  }
  // Walk up from the new parent: meeting this task means a cycle.
  let cursor: string | null = parentId;
  for (let depth = 0; cursor && depth < 50; depth++) {
    if (cursor === task.id) throw invalid("would create a cycle");
    cursor = (await tx.task.findUnique({ where: { id: cursor }, select: { parentId: true } }))?.parentId ?? null;
  }
}

/** Where a new task of a project goes: its workspace and the caller's role there; 404 for non-members (before anything else is revealed), 409 when archived. */
export async function projectForNewTask(ctx: AppContext, userId: string, projectId: string): Promise<CreateTaskTarget> {
  // Raw pool: part of the create hot path (SPEC §8), see src/db/client.ts.
  const { rows } = await sqlOf(ctx.db).query<{ workspaceId: string; status: string; role: WorkspaceRole }>(
    prepared(
      `SELECT p.workspace_id AS "workspaceId", p.status, m.role FROM projects p
       JOIN memberships m ON m.workspace_id = p.workspace_id AND m.user_id = $2::uuid WHERE p.id = $1::uuid`,
      [projectId, userId],
    ),
  );
  const p = rows[0];
  if (!p) throw notFound("Project");
  if (p.status === "ARCHIVED") throw new AppError("CONFLICT", "The project is archived; restore it to add tasks.");
  return { workspaceId: p.workspaceId, role: p.role, projectId };
}

/** Writes `data` to a live task if it is still at `version`; 409 with the current task otherwise. */
export function writeTaskAtVersion(tx: Tx, taskId: string, version: number, data: Prisma.TaskUncheckedUpdateManyInput): Promise<void> {
  return updateVersioned({
    resource: "task",
    expected: version,
    claim: (v) => tx.task.updateMany({ where: { id: taskId, ...v, deletedAt: null }, data: { ...data, version: { increment: 1 } } }),
    current: async () => presentTask(await tx.task.findUniqueOrThrow({ where: { id: taskId }, include: taskInclude })),
  });
}

export interface CreateTaskTarget {
  workspaceId: string;
  projectId: string | null;
  /** The caller's role in the workspace when the route already looked it up. */
  role?: WorkspaceRole;
}

/**
 * Where a personal task goes (SPEC Appendix A): `workspaceId` when given (createTask checks the
 * membership), else the caller's first workspace; a caller without any workspace gets a 409 that says what to do.
 */
export async function personalTaskTarget(ctx: AppContext, userId: string, workspaceId: string | undefined): Promise<CreateTaskTarget> {
  if (workspaceId) return { workspaceId, projectId: null };
  const first = await firstMembership(ctx.db, userId);
  if (!first) {
    throw conflict("You are not in any workspace yet, and a personal task lives in one: create a workspace (POST /api/v1/workspaces) or accept an invitation, then add the task.", [
      { field: "workspaceId", message: "you are not a member of any workspace yet" },
    ]);
  }
  return { workspaceId: first.workspaceId, projectId: null, role: first.role };
}

export async function createTask(ctx: AppContext, userId: string, target: CreateTaskTarget, input: TaskInput & { title: string }) {
  const role = target.role ?? (await requireMembership(ctx.db, target.workspaceId, userId));
  if (target.projectId) enforce(canCreateTask(role), roleDenies(role, "creating tasks"));
  const status = input.status ?? "TODO";
  // Checked before a number is taken, so bad input skips no number.
  await assertAssignable(ctx.db, target.workspaceId, target.projectId, userId, input.assigneeIds);
  await assertLabels(ctx.db, target.workspaceId, input.labelIds);
  await assertSprint(ctx.db, target.projectId, input.sprintId);
  await assertParent(ctx.db, { projectId: target.projectId, createdById: userId, workspaceId: target.workspaceId }, input.parentId);
  const sql = sqlOf(ctx.db);
  const number = target.projectId ? await nextTaskNumber(sql, target.projectId) : null;
  // One statement (task, assignees, labels, watchers and activity): it commits by itself.
  return withEvents(ctx, async ({ emit }) => {
    const taskId = await insertTask(sql, {
    workspaceId: target.workspaceId,
    projectId: target.projectId,
    number,
    title: input.title,
    description: input.description ?? null,
    status,
    priority: input.priority ?? "MEDIUM",
    storyPoints: input.storyPoints ?? null,
    dueDate: input.dueDate ? new Date(input.dueDate) : null,
    parentId: input.parentId ?? null,
    sprintId: input.sprintId ?? null,
    createdById: userId,
    completedAt: status === "DONE" ? ctx.now() : null,
    assigneeIds: input.assigneeIds ?? [],
    labelIds: input.labelIds ?? [],
    // The creator and the assignees watch the task (comments notify watchers).
    watcherIds: [...new Set([userId, ...(input.assigneeIds ?? [])])],
    activityAfter: { title: input.title, status },
    });
    const row = (await presentedTask(sql, taskId))!;
    emitTask(emit, "task.created", userId, row);
    emitAssigned(emit, userId, row, input.assigneeIds ?? []);
    return row;
  });
}

/** The board and the list view: tasks of one project, filtered. Not a member: 404, like an unknown project. */
/** Who may read a project's tasks, checked on every request before the read cache: the caller's role and the project's workspace (404 when not a member). */
export async function projectReader(ctx: AppContext, userId: string, projectId: string): Promise<{ workspaceId: string; role: string }> {
  const found = await sqlOf(ctx.db).query<{ workspace_id: string; role: string }>(
    prepared("SELECT p.workspace_id, m.role FROM projects p JOIN memberships m ON m.workspace_id = p.workspace_id AND m.user_id = $2::uuid WHERE p.id = $1::uuid", [projectId, userId]),
  );
  const row = found.rows[0];
  if (!row) throw notFound("Project");
  return { workspaceId: row.workspace_id, role: row.role };
}

export async function listProjectTasks(ctx: AppContext, userId: string, projectId: string, query: ListQuery) {
  const sql = sqlOf(ctx.db);
  // The list checks membership itself; only an empty one needs telling apart from a project the caller cannot see.
  const list = await listTasks(sql, { projectId, readerId: userId }, query);
  if (list.total > 0) return list;
  const access = await sql.query(
    prepared("SELECT 1 FROM projects p JOIN memberships m ON m.workspace_id = p.workspace_id AND m.user_id = $2::uuid WHERE p.id = $1::uuid", [projectId, userId]),
  );
  if (access.rows.length === 0) throw notFound("Project");
  return list;
}

/** My tasks (seed 002): personal tasks I created plus tasks assigned to me, in workspaces I belong to. */
export async function listMyTasks(ctx: AppContext, userId: string, query: ListQuery & { workspaceId?: string; projectId?: string }) {
  return listTasks(sqlOf(ctx.db), { mineOf: userId, workspaceId: query.workspaceId, projectId: query.projectId }, query);
}

const TRACKED = ["title", "description", "status", "priority", "storyPoints", "dueDate", "parentId", "sprintId"] as const;
const snapshot = (t: TaskRow, f: (typeof TRACKED)[number]) => {
  const v = t[f];
  if (v instanceof Date) return v.toISOString();
  return typeof v === "string" && v.length > 1000 ? `${v.slice(0, 1000)}…` : v;
};

/** Partial update; `version` (body or If-Match) is required and must match (409 with the current task otherwise). Assignees are replaced when sent. */
export async function updateTask(ctx: AppContext, userId: string, taskId: string, input: TaskInput & { version?: number }) {
  const { task, role } = await loadTask(ctx, userId, taskId);
  enforce(canUpdateTask(role), roleDenies(role, "changing tasks"));
  const version = versionRequired(input.version, "task");
  return inTransaction(ctx, async ({ tx, emit }) => {
    await assertAssignable(tx, task.workspaceId, task.projectId, task.createdById, input.assigneeIds);
    await assertLabels(tx, task.workspaceId, input.labelIds);
    await assertSprint(tx, task.projectId, input.sprintId);
    if (input.parentId !== undefined) await assertParent(tx, task, input.parentId);
    const statusChanged = input.status !== undefined && input.status !== task.status;
    const position = statusChanged ? await endOfColumn(tx, task.projectId, input.status!) : undefined;
    await writeTaskAtVersion(tx, taskId, version, {
      title: input.title,
      description: input.description,
      status: input.status,
      priority: input.priority,
      storyPoints: input.storyPoints,
      dueDate: input.dueDate === undefined ? undefined : input.dueDate === null ? null : new Date(input.dueDate),
      parentId: input.parentId,
      sprintId: input.sprintId,
      ...(statusChanged ? { position, completedAt: input.status === "DONE" ? ctx.now() : null } : {}),
    });
    const before = task.assignees.map((a) => a.user.id).sort();
    if (input.assigneeIds && JSON.stringify([...input.assigneeIds].sort()) !== JSON.stringify(before)) {
      await tx.taskAssignee.deleteMany({ where: { taskId } });
      if (input.assigneeIds.length) {
        await tx.taskAssignee.createMany({ data: input.assigneeIds.map((id) => ({ taskId, userId: id })) });
        await tx.taskWatcher.createMany({ data: input.assigneeIds.map((id) => ({ taskId, userId: id })), skipDuplicates: true });
      }
    }
    const labelsBefore = task.labels.map((l) => l.label.id).sort();
    if (input.labelIds && JSON.stringify([...input.labelIds].sort()) !== JSON.stringify(labelsBefore)) {
      await tx.taskLabel.deleteMany({ where: { taskId } });
      if (input.labelIds.length) await tx.taskLabel.createMany({ data: input.labelIds.map((id) => ({ taskId, labelId: id })) });
      await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "updated", field: "labels", before: labelsBefore, after: [...input.labelIds].sort() }]);
    }
    const next = await tx.task.findUniqueOrThrow({ where: { id: taskId }, include: taskInclude });
    const entries = fieldChanges({ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId }, TRACKED, input, task, next, snapshot);
    const after = next.assignees.map((a) => a.user.id).sort();
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      entries.push({ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "updated", field: "assignees", before, after });
    }
    await recordActivity(tx, entries);
    const presented = presentTask(next);
    emitTask(emit, "task.updated", userId, presented);
    emitAssigned(emit, userId, presented, (input.assigneeIds ?? []).filter((id) => !before.includes(id)));
    return next;
  });
}

/** Soft delete (restorable): managers, or the task's creator. */
export async function deleteTask(ctx: AppContext, userId: string, taskId: string) {
  const { task, role } = await loadTask(ctx, userId, taskId);
  enforce(canDeleteTask(role, task, userId), "Only admins or the task's creator can delete it.");
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.task.update({ where: { id: taskId }, data: { deletedAt: ctx.now(), version: { increment: 1 } } });
    await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "deleted" }]);
    emitTaskDeleted(emit, userId, task);
  });
}

export async function restoreTask(ctx: AppContext, userId: string, taskId: string) {
  const { task, role } = await loadTask(ctx, userId, taskId, { includeDeleted: true });
  if (!task.deletedAt) throw conflict("This task is not deleted.");
  enforce(canDeleteTask(role, task, userId), "Only admins or the task's creator can restore it.");
  return inTransaction(ctx, async ({ tx, emit }) => {
    const restored = await tx.task.update({ where: { id: taskId }, data: { deletedAt: null, version: { increment: 1 } }, include: taskInclude });
    await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "restored" }]);
    // A restored task reappears on boards as if created.
    emitTask(emit, "task.created", userId, presentTask(restored));
    return restored;
  });
}
