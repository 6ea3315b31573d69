import type { Prisma, TaskPriority, TaskStatus, WorkspaceRole } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { AppError, conflict, forbidden, notFound } from "../../lib/errors";
import { recordActivity, type ActivityEntry } from "../activity/activity.service";
import { logger } from "../../lib/logger";
import { notify } from "../notifications";
import { authorize, can, firstMembership, requireMembership, roleIn } from "../workspaces/permissions";
import { presentTask, taskInclude, type PresentedTask, type TaskRow } from "./tasks.presenter";
import { insertTask, nextTaskNumber, POSITION_STEP } from "./task-insert";
import { listTasks, presentedTask, type ListQuery } from "./task-list";
import { prepared, sqlOf } from "../../db/client";

type Tx = Prisma.TransactionClient;

/** Below this gap the column is renumbered (floats run out of room after ~50 halvings). */
const MIN_GAP = 1e-6;

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

interface Access {
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

/** Tells new assignees (except whoever assigned them) through the notifications layer. */
async function notifyAssigned(ctx: AppContext, actorId: string, row: PresentedTask, userIds: string[]) {
  const targets = userIds.filter((id) => id !== actorId);
  if (!targets.length || !row.projectId) return;
  const actor = await ctx.db.user.findUnique({ where: { id: actorId }, select: { name: true } });
  const key = row.key;
  for (const userId of targets) {
    await notify(ctx, {
      userId,
      workspaceId: row.workspaceId,
      type: "ASSIGNED",
      title: `${actor?.name ?? "Someone"} assigned you ${key}: ${row.title}`,
      body: null,
      link: `/w/${row.workspaceId}/tasks/${row.id}`,
      data: { taskId: row.id, projectId: row.projectId },
      email: { subject: `You were assigned ${key}: ${row.title}`, heading: row.title, paragraphs: [`${actor?.name ?? "Someone"} assigned you ${key}.`], action: { label: "Open task", url: `${ctx.config.APP_URL}/w/${row.workspaceId}/tasks/${row.id}` } },
    }).catch((err: Error) => logger.warn("assignment notification failed", { err: err.message }));
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

/** The position after the last card of a column (insertTask computes the same in its SQL). */
async function endOfColumn(tx: Tx, projectId: string | null, status: TaskStatus) {
  if (!projectId) return 0;
  const last = await tx.task.findFirst({ where: { projectId, status, deletedAt: null }, orderBy: { position: "desc" }, select: { position: true } });
  return (last?.position ?? 0) + POSITION_STEP;
}

type TaskRef = Pick<PresentedTask, "id" | "projectId" | "workspaceId" | "createdById">;

function publish(ctx: AppContext, type: string, actorId: string, row: TaskRef, data: unknown) {
  const rooms = row.projectId ? [`project:${row.projectId}`, `task:${row.id}`] : [`user:${row.createdById}`];
  ctx.events.publish({ type, workspaceId: row.workspaceId, actorId, data, rooms });
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
  if (target.projectId) authorize(role, "task:create");
  const status = input.status ?? "TODO";
  // Checked before a number is taken, so bad input skips no number.
  await assertAssignable(ctx.db, target.workspaceId, target.projectId, userId, input.assigneeIds);
  await assertLabels(ctx.db, target.workspaceId, input.labelIds);
  await assertSprint(ctx.db, target.projectId, input.sprintId);
  await assertParent(ctx.db, { projectId: target.projectId, createdById: userId, workspaceId: target.workspaceId }, input.parentId);
  const sql = sqlOf(ctx.db);
  const number = target.projectId ? await nextTaskNumber(sql, target.projectId) : null;
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
  publish(ctx, "task.created", userId, row, row);
  await notifyAssigned(ctx, userId, row, input.assigneeIds ?? []);
  return row;
}

/** The board and the list view: tasks of one project, filtered. Not a member: 404, like an unknown project. */
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

function staleVersion(current: TaskRow) {
  return new AppError("CONFLICT", "The task was changed by someone else; your change was not saved.", [{ field: "version", message: `current version is ${current.version}` }], {
    current: presentTask(current),
  });
}

/** Partial update; `version` must match (409 with the current task otherwise). Assignees are replaced when sent. */
export async function updateTask(ctx: AppContext, userId: string, taskId: string, input: TaskInput & { version: number }) {
  const { task, role } = await loadTask(ctx, userId, taskId);
  if (!can(role, "task:update")) throw forbidden(`Your role (${role}) does not allow changing tasks.`);
  const row = await ctx.db.$transaction(async (tx) => {
    await assertAssignable(tx, task.workspaceId, task.projectId, task.createdById, input.assigneeIds);
    await assertLabels(tx, task.workspaceId, input.labelIds);
    await assertSprint(tx, task.projectId, input.sprintId);
    if (input.parentId !== undefined) await assertParent(tx, task, input.parentId);
    const statusChanged = input.status !== undefined && input.status !== task.status;
    const claimed = await tx.task.updateMany({
      where: { id: taskId, version: input.version, deletedAt: null },
      data: {
        title: input.title,
        description: input.description,
        status: input.status,
        priority: input.priority,
        storyPoints: input.storyPoints,
        dueDate: input.dueDate === undefined ? undefined : input.dueDate === null ? null : new Date(input.dueDate),
        parentId: input.parentId,
        sprintId: input.sprintId,
        ...(statusChanged ? { position: await endOfColumn(tx, task.projectId, input.status!), completedAt: input.status === "DONE" ? ctx.now() : null } : {}),
        version: { increment: 1 },
      },
    });
    if (claimed.count === 0) throw staleVersion(await tx.task.findUniqueOrThrow({ where: { id: taskId }, include: taskInclude }));
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
    const entries: ActivityEntry[] = TRACKED.filter((f) => input[f] !== undefined && snapshot(task, f) !== snapshot(next, f)).map((f) => ({
      workspaceId: task.workspaceId,
      actorId: userId,
      entityType: "task",
      entityId: taskId,
      action: "updated",
      field: f,
      before: snapshot(task, f) ?? null,
      after: snapshot(next, f) ?? null,
    }));
    const after = next.assignees.map((a) => a.user.id).sort();
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      entries.push({ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "updated", field: "assignees", before, after });
    }
    await recordActivity(tx, entries);
    return next;
  });
  publish(ctx, "task.updated", userId, row, presentTask(row));
  const previous = new Set(task.assignees.map((a) => a.user.id));
  await notifyAssigned(ctx, userId, presentTask(row), (input.assigneeIds ?? []).filter((id) => !previous.has(id)));
  return row;
}

/**
 * Moves a card to a column and between two neighbours by giving it a position
 * between theirs: one row written. When floats run out of room between the
 * neighbours, the column is renumbered in the same transaction.
 */
export async function moveTask(ctx: AppContext, userId: string, taskId: string, input: { status: TaskStatus; beforeId?: string; afterId?: string; version: number }) {
  const { task, role } = await loadTask(ctx, userId, taskId);
  if (!can(role, "task:update")) throw forbidden(`Your role (${role}) does not allow moving tasks.`);
  if (!task.projectId) throw new AppError("VALIDATION_ERROR", "Personal tasks are not on a board; change their status instead", [{ field: "status", message: "use PATCH for personal tasks" }]);
  const row = await ctx.db.$transaction(async (tx) => {
    const neighbour = async (id: string | undefined, field: string) => {
      if (!id) return undefined;
      const n = await tx.task.findUnique({ where: { id }, select: { projectId: true, status: true, position: true, deletedAt: true } });
      if (!n || n.deletedAt || n.projectId !== task.projectId || id === taskId) {
        throw new AppError("VALIDATION_ERROR", "Invalid neighbour card", [{ field, message: "must be another task of the same project" }]);
      }
      if (n.status !== input.status) throw new AppError("VALIDATION_ERROR", "Invalid neighbour card", [{ field, message: "is not in the target column" }]);
      return n.position;
    };
    let above = await neighbour(input.beforeId, "beforeId");
    let below = await neighbour(input.afterId, "afterId");
    // No room between them, or a tie (two cards created at once share a position): renumber the column first.
    if (above !== undefined && below !== undefined && below - above < MIN_GAP) {
      await renumberColumn(tx, task.projectId!, input.status);
      above = await neighbour(input.beforeId, "beforeId");
      below = await neighbour(input.afterId, "afterId");
    }
    if (above !== undefined && below !== undefined && above >= below) {
      throw new AppError("VALIDATION_ERROR", "beforeId must be above afterId", [{ field: "afterId", message: "is not below beforeId" }]);
    }
    const position =
      above !== undefined && below !== undefined
        ? (above + below) / 2
        : above !== undefined
          ? above + POSITION_STEP
          : below !== undefined
            ? below - POSITION_STEP
            : await endOfColumn(tx, task.projectId, input.status);
    const statusChanged = input.status !== task.status;
    const claimed = await tx.task.updateMany({
      where: { id: taskId, version: input.version, deletedAt: null },
      data: {
        status: input.status,
        position,
        ...(statusChanged ? { completedAt: input.status === "DONE" ? ctx.now() : null } : {}),
        version: { increment: 1 },
      },
    });
    if (claimed.count === 0) throw staleVersion(await tx.task.findUniqueOrThrow({ where: { id: taskId }, include: taskInclude }));
    if (statusChanged) {
      await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "moved", field: "status", before: task.status, after: input.status }]);
    }
    return tx.task.findUniqueOrThrow({ where: { id: taskId }, include: taskInclude });
  });
  publish(ctx, "task.moved", userId, row, presentTask(row));
  return row;
}

async function renumberColumn(tx: Tx, projectId: string, status: TaskStatus) {
  await tx.$executeRaw`
    UPDATE tasks t SET position = r.rn * ${POSITION_STEP}
      FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rn FROM tasks WHERE project_id = ${projectId}::uuid AND status = ${status}::"TaskStatus" AND deleted_at IS NULL) r
     WHERE t.id = r.id`;
}

/** Soft delete (restorable): managers, or the task's creator. */
export async function deleteTask(ctx: AppContext, userId: string, taskId: string) {
  const { task, role } = await loadTask(ctx, userId, taskId);
  if (!can(role, "task:delete") && !(task.createdById === userId && can(role, "task:create"))) throw forbidden("Only admins or the task's creator can delete it.");
  await ctx.db.$transaction(async (tx) => {
    await tx.task.update({ where: { id: taskId }, data: { deletedAt: ctx.now(), version: { increment: 1 } } });
    await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "deleted" }]);
  });
  publish(ctx, "task.deleted", userId, task, { id: taskId, projectId: task.projectId });
}

export async function restoreTask(ctx: AppContext, userId: string, taskId: string) {
  const { task, role } = await loadTask(ctx, userId, taskId, { includeDeleted: true });
  if (!task.deletedAt) throw conflict("This task is not deleted.");
  if (!can(role, "task:delete") && !(task.createdById === userId && can(role, "task:create"))) throw forbidden("Only admins or the task's creator can restore it.");
  const row = await ctx.db.$transaction(async (tx) => {
    const restored = await tx.task.update({ where: { id: taskId }, data: { deletedAt: null, version: { increment: 1 } }, include: taskInclude });
    await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "restored" }]);
    return restored;
  });
  publish(ctx, "task.created", userId, row, presentTask(row));
  return row;
}
