import type { Prisma, Project, ProjectStatus } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { AppError, conflict, notFound } from "../../lib/errors";
import { escapeLike } from "../../lib/zod";
import { fieldChanges, recordActivity } from "../activity";
import { enforce, requireMembership, roleDenies, roleIn } from "../../access/permissions";
import { staleVersion, updateVersioned } from "../../db/versioned";
import { inTransaction } from "../../events/unit-of-work";
import { emitProject, projectRooms } from "./projects.events";
import { canCreateProject, canDeleteProject, canUpdateProject } from "./projects.policy";
import { presentProject } from "./projects.presenter";
import { dateInput, isoDay } from "../../lib/dates";

type Tx = Prisma.TransactionClient;

export interface ProjectInput {
  name?: string;
  key?: string;
  description?: string | null;
  color?: string;
  status?: ProjectStatus;
  startDate?: string | null;
  endDate?: string | null;
  leadId?: string | null;
}


/** The project and the caller's role in its workspace; other tenants' projects answer 404. */
export async function loadProject(ctx: AppContext, userId: string, projectId: string) {
  const project = await ctx.db.project.findUnique({ where: { id: projectId } });
  if (!project) throw notFound("Project");
  const role = await roleIn(ctx.db, project.workspaceId, userId);
  if (!role) throw notFound("Project");
  return { project, role };
}

async function assertLeadIsMember(tx: Tx, workspaceId: string, leadId: string | null | undefined) {
  if (!leadId) return;
  if (!(await roleIn(tx, workspaceId, leadId))) throw new AppError("VALIDATION_ERROR", "The project lead must be a member of the workspace", [{ field: "leadId", message: "is not a member of this workspace" }]);
}

const keyTaken = (key: string) =>
  conflict(`The key ${key} is already used by another project in this workspace.`, [{ field: "key", message: "is already in use" }]);

export async function createProject(ctx: AppContext, userId: string, workspaceId: string, input: ProjectInput & { name: string; key: string }) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canCreateProject(role), roleDenies(role, "creating projects"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await assertLeadIsMember(tx, workspaceId, input.leadId);
    if (await tx.project.findUnique({ where: { workspaceId_key: { workspaceId, key: input.key } }, select: { id: true } })) throw keyTaken(input.key);
    const created = await tx.project.create({
      data: {
        workspaceId,
        name: input.name,
        key: input.key,
        description: input.description ?? null,
        color: input.color,
        status: input.status,
        startDate: dateInput(input.startDate),
        endDate: dateInput(input.endDate),
        leadId: input.leadId ?? null,
        createdById: userId,
      },
    });
    await recordActivity(tx, [{ workspaceId, actorId: userId, entityType: "project", entityId: created.id, action: "created", after: { name: created.name, key: created.key } }]);
    emitProject(emit, "project.created", userId, created);
    return created;
  });
}

export async function listProjects(
  ctx: AppContext,
  userId: string,
  workspaceId: string,
  query: Page & { status?: ProjectStatus; includeArchived: boolean; q?: string; leadId?: string; sort: string },
) {
  await requireMembership(ctx.db, workspaceId, userId);
  const where: Prisma.ProjectWhereInput = {
    workspaceId,
    ...(query.status ? { status: query.status } : query.includeArchived ? {} : { status: { not: "ARCHIVED" } }),
    ...(query.leadId ? { leadId: query.leadId } : {}),
    ...(query.q
      ? { OR: [{ name: { contains: escapeLike(query.q), mode: "insensitive" } }, { key: { contains: escapeLike(query.q), mode: "insensitive" } }] }
      : {}),
  };
  const field = query.sort.replace(/^-/, "") as "name" | "key" | "createdAt" | "updatedAt";
  const orderBy: Prisma.ProjectOrderByWithRelationInput[] = [{ [field]: query.sort.startsWith("-") ? "desc" : "asc" }, { id: "asc" }];
  const [total, rows] = await ctx.db.$transaction([ctx.db.project.count({ where }), ctx.db.project.findMany({ where, orderBy, ...skipTake(query) })]);
  return { total, rows };
}

const TRACKED: Array<keyof ProjectInput> = ["name", "key", "description", "color", "status", "startDate", "endDate", "leadId"];

const comparable = (p: Project, field: keyof ProjectInput): unknown => {
  const v = (p as unknown as Record<string, unknown>)[field];
  return v instanceof Date ? isoDay(v) : v;
};

/**
 * Applies a partial update with optimistic concurrency: a stale `version`
 * answers 409 with the current project. Every changed field is recorded as activity.
 */
export async function updateProject(ctx: AppContext, userId: string, projectId: string, input: ProjectInput & { version?: number }) {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canUpdateProject(role), roleDenies(role, "changing projects"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    const current = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    // Checked before the date rules, which compare with the current row.
    if (input.version !== undefined && input.version !== current.version) throw staleVersion("project", presentProject(current));
    const start = input.startDate !== undefined ? input.startDate : comparable(current, "startDate");
    const end = input.endDate !== undefined ? input.endDate : comparable(current, "endDate");
    if (typeof start === "string" && typeof end === "string" && start > end) {
      throw new AppError("VALIDATION_ERROR", "The end date is before the start date", [{ field: "endDate", message: "must not be before startDate" }]);
    }
    await assertLeadIsMember(tx, project.workspaceId, input.leadId);
    if (input.key && input.key !== current.key && (await tx.project.findUnique({ where: { workspaceId_key: { workspaceId: project.workspaceId, key: input.key } }, select: { id: true } }))) {
      throw keyTaken(input.key);
    }
    await updateVersioned({
      resource: "project",
      expected: current.version,
      current: async () => presentProject(await tx.project.findUniqueOrThrow({ where: { id: projectId } })),
      claim: (version) =>
        tx.project.updateMany({
          where: { id: projectId, ...version },
          data: {
        name: input.name,
        key: input.key,
        description: input.description,
        color: input.color,
        status: input.status,
        archivedAt: input.status === undefined ? undefined : input.status === "ARCHIVED" ? (current.archivedAt ?? ctx.now()) : null,
        startDate: dateInput(input.startDate),
        endDate: dateInput(input.endDate),
        leadId: input.leadId,
        version: { increment: 1 },
          },
        }),
    });
    const next = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    await recordActivity(tx, fieldChanges({ workspaceId: project.workspaceId, actorId: userId, entityType: "project", entityId: projectId }, TRACKED, input, current, next, comparable));
    emitProject(emit, "project.updated", userId, next);
    return next;
  });
}

/** Archive and restore are status changes with their own verbs (restore goes back to ACTIVE). */
export const archiveProject = (ctx: AppContext, userId: string, projectId: string) => updateProject(ctx, userId, projectId, { status: "ARCHIVED" });
export const restoreProject = (ctx: AppContext, userId: string, projectId: string) => updateProject(ctx, userId, projectId, { status: "ACTIVE" });

export async function deleteProject(ctx: AppContext, userId: string, projectId: string) {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canDeleteProject(role), roleDenies(role, "deleting projects"));
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.project.delete({ where: { id: projectId } });
    await recordActivity(tx, [{ workspaceId: project.workspaceId, actorId: userId, entityType: "project", entityId: projectId, action: "deleted", before: { name: project.name, key: project.key } }]);
    emit({ type: "project.deleted", workspaceId: project.workspaceId, actorId: userId, data: { id: projectId }, rooms: projectRooms(project) });
  });
}
