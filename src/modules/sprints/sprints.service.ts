import type { Prisma, Sprint, SprintStatus } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { AppError, conflict, notFound } from "../../lib/errors";
import { enforce, roleDenies } from "../../access/permissions";
import { updateVersioned } from "../../db/versioned";
import { inTransaction } from "../../events/unit-of-work";
import { recordActivity } from "../activity";
import { loadProject } from "../projects";
import { emitSprint } from "./sprints.events";
import { canCreateSprint, canDeleteSprint, canUpdateSprint } from "./sprints.policy";
import { presentSprint, type PresentedSprint } from "./sprints.presenter";
import type { SprintInput, SprintUpdate } from "./sprints.schema";
import { dateInput, fromIsoDay, isoDay, isoDayOrNull } from "../../lib/dates";

/** Sprints of a project: planned → active (one at a time) → completed, carrying unfinished tasks over. */

type Db = Pick<Prisma.TransactionClient, "task">;


/** The sprint as the API shows it, with the count and points of its tasks. */
async function withTotals(db: Db, s: Sprint): Promise<PresentedSprint> {
  const agg = await db.task.aggregate({ where: { sprintId: s.id, deletedAt: null }, _count: true, _sum: { storyPoints: true } });
  return presentSprint(s, { taskCount: agg._count, points: agg._sum.storyPoints ?? 0 });
}

/** A sprint the caller may see (a member of its project's workspace); 404 otherwise. */
async function loadSprint(ctx: AppContext, userId: string, id: string) {
  const s = await ctx.db.sprint.findUnique({ where: { id } });
  if (!s) throw notFound("Sprint");
  const { role } = await loadProject(ctx, userId, s.projectId).catch(() => {
    throw notFound("Sprint");
  });
  return { sprint: s, role };
}

const ORDER: Record<SprintStatus, number> = { ACTIVE: 0, PLANNED: 1, COMPLETED: 2 };

/** Active first, then planned, then completed; by start date within each. */
export async function listSprints(ctx: AppContext, userId: string, projectId: string, status?: SprintStatus): Promise<PresentedSprint[]> {
  await loadProject(ctx, userId, projectId);
  const rows = await ctx.db.sprint.findMany({ where: { projectId, ...(status ? { status } : {}) }, orderBy: [{ status: "asc" }, { startDate: "asc" }, { createdAt: "asc" }] });
  rows.sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return Promise.all(rows.map((r) => withTotals(ctx.db, r)));
}

export async function createSprint(ctx: AppContext, userId: string, projectId: string, input: SprintInput): Promise<PresentedSprint> {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canCreateSprint(role), roleDenies(role, "planning sprints"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    const s = await tx.sprint.create({
      data: { projectId: project.id, workspaceId: project.workspaceId, name: input.name, goal: input.goal ?? null, startDate: dateInput(input.startDate), endDate: dateInput(input.endDate) },
    });
    const presented = await withTotals(tx, s);
    emitSprint(emit, "sprint.created", userId, s.workspaceId, presented);
    return presented;
  });
}

/** Rename, goal, dates; with `version` (body or If-Match) a stale one answers 409 with the current sprint. */
export async function updateSprint(ctx: AppContext, userId: string, sprintId: string, input: SprintUpdate): Promise<PresentedSprint> {
  const { sprint: current, role } = await loadSprint(ctx, userId, sprintId);
  enforce(canUpdateSprint(role), roleDenies(role, "changing sprints"));
  const start = input.startDate !== undefined ? input.startDate : isoDayOrNull(current.startDate);
  const end = input.endDate !== undefined ? input.endDate : isoDayOrNull(current.endDate);
  if (start && end && start > end) throw new AppError("VALIDATION_ERROR", "The end date is before the start date", [{ field: "endDate", message: "must not be before startDate" }]);
  return inTransaction(ctx, async ({ tx, emit }) => {
    await updateVersioned({
      resource: "sprint",
      expected: input.version,
      claim: (version) =>
        tx.sprint.updateMany({
          where: { id: sprintId, ...version },
          data: { name: input.name, goal: input.goal, startDate: dateInput(input.startDate), endDate: dateInput(input.endDate), version: { increment: 1 } },
        }),
      current: async () => withTotals(tx, await tx.sprint.findUniqueOrThrow({ where: { id: sprintId } })),
    });
    const presented = await withTotals(tx, await tx.sprint.findUniqueOrThrow({ where: { id: sprintId } }));
    emitSprint(emit, "sprint.updated", userId, current.workspaceId, presented);
    return presented;
  });
}

/** Only planned sprints are deleted; their tasks go back to the backlog. */
export async function deleteSprint(ctx: AppContext, userId: string, sprintId: string): Promise<void> {
  const { sprint: s, role } = await loadSprint(ctx, userId, sprintId);
  enforce(canDeleteSprint(role), roleDenies(role, "deleting sprints"));
  if (s.status !== "PLANNED") throw conflict("Only planned sprints can be deleted; complete an active sprint instead.");
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.sprint.delete({ where: { id: s.id } });
    emit({ type: "sprint.deleted", workspaceId: s.workspaceId, actorId: userId, data: { id: s.id, projectId: s.projectId }, rooms: [`project:${s.projectId}`] });
  });
}

/** Starts a planned sprint; one active sprint per project (the project row is locked while checking). */
export async function startSprint(ctx: AppContext, userId: string, sprintId: string): Promise<PresentedSprint> {
  const { sprint: s, role } = await loadSprint(ctx, userId, sprintId);
  enforce(canUpdateSprint(role), roleDenies(role, "starting sprints"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await tx.$queryRaw`SELECT id FROM projects WHERE id = ${s.projectId}::uuid FOR UPDATE`;
    const current = await tx.sprint.findUniqueOrThrow({ where: { id: s.id } });
    if (current.status !== "PLANNED") throw conflict(`This sprint is ${current.status.toLowerCase()}.`);
    const active = await tx.sprint.findFirst({ where: { projectId: s.projectId, status: "ACTIVE" }, select: { id: true, name: true } });
    if (active) throw conflict(`“${active.name}” is still active; complete it first.`, [{ message: "active sprint", sprintId: active.id }]);
    const now = ctx.now();
    const next = await tx.sprint.update({
      where: { id: s.id },
      data: { status: "ACTIVE", startedAt: now, startDate: current.startDate ?? fromIsoDay(isoDay(now)), version: { increment: 1 } },
    });
    await recordActivity(tx, [{ workspaceId: s.workspaceId, actorId: userId, entityType: "sprint", entityId: s.id, action: "started" }]);
    const presented = await withTotals(tx, next);
    emitSprint(emit, "sprint.started", userId, s.workspaceId, presented);
    return presented;
  });
}

/** Completes the active sprint; its unfinished tasks move to a planned sprint of the project or to the backlog. */
export async function completeSprint(ctx: AppContext, userId: string, sprintId: string, carryOverTo: string): Promise<PresentedSprint> {
  const { sprint: s, role } = await loadSprint(ctx, userId, sprintId);
  enforce(canUpdateSprint(role), roleDenies(role, "completing sprints"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await tx.$queryRaw`SELECT id FROM projects WHERE id = ${s.projectId}::uuid FOR UPDATE`;
    const current = await tx.sprint.findUniqueOrThrow({ where: { id: s.id } });
    if (current.status !== "ACTIVE") throw conflict("Only the active sprint can be completed.");
    let target: string | null = null;
    if (carryOverTo !== "backlog") {
      const next = await tx.sprint.findUnique({ where: { id: carryOverTo } });
      if (!next || next.projectId !== s.projectId || next.status !== "PLANNED" || next.id === s.id) {
        throw new AppError("VALIDATION_ERROR", "Unfinished tasks can only move to a planned sprint of the same project", [{ field: "carryOverTo", message: "is not a planned sprint of this project" }]);
      }
      target = next.id;
    }
    const points = await tx.task.aggregate({ where: { sprintId: s.id, deletedAt: null, status: "DONE" }, _sum: { storyPoints: true } });
    const moved = await tx.task.updateMany({ where: { sprintId: s.id, deletedAt: null, status: { notIn: ["DONE", "ARCHIVED"] } }, data: { sprintId: target, version: { increment: 1 } } });
    const next = await tx.sprint.update({
      where: { id: s.id },
      data: { status: "COMPLETED", completedAt: ctx.now(), completedPoints: points._sum.storyPoints ?? 0, version: { increment: 1 } },
    });
    await recordActivity(tx, [{ workspaceId: s.workspaceId, actorId: userId, entityType: "sprint", entityId: s.id, action: "completed", after: { completedPoints: next.completedPoints, carriedOver: moved.count, carryOverTo: target } }]);
    const presented = await withTotals(tx, next);
    emitSprint(emit, "sprint.completed", userId, s.workspaceId, presented);
    return presented;
  });
}
