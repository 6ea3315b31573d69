import type { Sprint } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { created, defineRoute, noContent, ok, type AnyRoute } from "../../http/route";
import { AppError, conflict, notFound } from "../../lib/errors";
import { envelope, idParams, isoDate, text, uuid, z } from "../../lib/zod";
import { recordActivity } from "../activity/activity.service";
import { loadProject } from "../projects";
import { authorize } from "../workspaces/permissions";

/** Sprints of a project: planned → active (one at a time) → completed, carrying unfinished tasks over. */

const sprintStatus = z.enum(["PLANNED", "ACTIVE", "COMPLETED"]).openapi("SprintStatus");
const sprint = z
  .object({
    id: uuid,
    projectId: uuid,
    name: z.string(),
    goal: z.string().nullable(),
    status: sprintStatus,
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    completedPoints: z.number().int().nullable(),
    taskCount: z.number().int(),
    points: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .openapi("Sprint");
const inOrder = (b: { startDate?: string | null; endDate?: string | null }) => !b.startDate || !b.endDate || b.startDate <= b.endDate;
const sprintFields = {
  name: text.trim().min(1, "must not be empty").max(100),
  goal: text.max(1000).nullable().optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
};
const createBody = z.object(sprintFields).strict().refine(inOrder, { message: "must not be before startDate", path: ["endDate"] }).openapi("CreateSprintRequest");
const updateBody = z
  .object({ ...sprintFields, name: sprintFields.name.optional(), version: z.number().int().min(1).max(2_147_483_647).optional() })
  .strict()
  .refine(inOrder, { message: "must not be before startDate", path: ["endDate"] })
  .openapi("UpdateSprintRequest");
const completeBody = z
  .object({ carryOverTo: z.union([uuid, z.literal("backlog")]).default("backlog").openapi({ description: "A planned sprint of the project, or backlog" }) })
  .strict()
  .openapi("CompleteSprintRequest");

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(`${v}T00:00:00Z`));

async function present(ctx: AppContext, s: Sprint) {
  const agg = await ctx.db.task.aggregate({ where: { sprintId: s.id, deletedAt: null }, _count: true, _sum: { storyPoints: true } });
  return {
    id: s.id,
    projectId: s.projectId,
    name: s.name,
    goal: s.goal,
    status: s.status,
    startDate: day(s.startDate),
    endDate: day(s.endDate),
    startedAt: s.startedAt?.toISOString() ?? null,
    completedAt: s.completedAt?.toISOString() ?? null,
    completedPoints: s.completedPoints,
    taskCount: agg._count,
    points: agg._sum.storyPoints ?? 0,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
  };
}

async function loadSprint(ctx: AppContext, userId: string, id: string) {
  const s = await ctx.db.sprint.findUnique({ where: { id } });
  if (!s) throw notFound("Sprint");
  const { role } = await loadProject(ctx, userId, s.projectId).catch(() => {
    throw notFound("Sprint");
  });
  return { sprint: s, role };
}

export function sprintRoutes(ctx: AppContext): AnyRoute[] {
  const tags = ["Sprints"];
  const publish = async (type: string, userId: string, s: Sprint) =>
    ctx.events.publish({ type, workspaceId: s.workspaceId, actorId: userId, data: await present(ctx, s), rooms: [`project:${s.projectId}`] });
  return [
    defineRoute({
      method: "get",
      path: "/projects/:id/sprints",
      summary: "Sprints of a project (active first, then planned, then completed)",
      tags,
      auth: "required",
      request: { params: idParams, query: z.object({ status: sprintStatus.optional() }).strict() },
      responses: { 200: { description: "Sprints", schema: envelope(z.array(sprint)) } },
      handler: async ({ auth, params, query }) => {
        await loadProject(ctx, auth.userId, params.id);
        const rows = await ctx.db.sprint.findMany({ where: { projectId: params.id, ...(query.status ? { status: query.status } : {}) }, orderBy: [{ status: "asc" }, { startDate: "asc" }, { createdAt: "asc" }] });
        const order = { ACTIVE: 0, PLANNED: 1, COMPLETED: 2 } as const;
        rows.sort((a, b) => order[a.status] - order[b.status]);
        return ok(await Promise.all(rows.map((r) => present(ctx, r))));
      },
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/sprints",
      summary: "Plan a sprint (owner, admin, member)",
      tags,
      auth: "required",
      request: { params: idParams, body: createBody },
      responses: { 201: { description: "Created", schema: envelope(sprint) } },
      handler: async ({ auth, params, body }) => {
        const { project, role } = await loadProject(ctx, auth.userId, params.id);
        authorize(role, "task:create");
        const s = await ctx.db.sprint.create({
          data: { projectId: project.id, workspaceId: project.workspaceId, name: body.name, goal: body.goal ?? null, startDate: toDate(body.startDate), endDate: toDate(body.endDate) },
        });
        await publish("sprint.created", auth.userId, s);
        return created(await present(ctx, s));
      },
    }),
    defineRoute({
      method: "patch",
      path: "/sprints/:id",
      summary: "Rename, set the goal or the dates of a sprint",
      tags,
      auth: "required",
      request: { params: idParams, body: updateBody },
      responses: { 200: { description: "Updated", schema: envelope(sprint) }, 409: { description: "Stale version" } },
      handler: async ({ auth, params, body }) => {
        const { sprint: current, role } = await loadSprint(ctx, auth.userId, params.id);
        authorize(role, "task:update");
        const start = body.startDate !== undefined ? body.startDate : day(current.startDate);
        const end = body.endDate !== undefined ? body.endDate : day(current.endDate);
        if (start && end && start > end) throw new AppError("VALIDATION_ERROR", "The end date is before the start date", [{ field: "endDate", message: "must not be before startDate" }]);
        const r = await ctx.db.sprint.updateMany({
          where: { id: params.id, ...(body.version !== undefined ? { version: body.version } : {}) },
          data: { name: body.name, goal: body.goal, startDate: toDate(body.startDate), endDate: toDate(body.endDate), version: { increment: 1 } },
        });
        const s = await ctx.db.sprint.findUniqueOrThrow({ where: { id: params.id } });
        if (r.count === 0) throw new AppError("CONFLICT", "The sprint was changed meanwhile; reload it.", [{ field: "version", message: `current version is ${s.version}` }], { current: await present(ctx, s) });
        await publish("sprint.updated", auth.userId, s);
        return ok(await present(ctx, s));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/sprints/:id",
      summary: "Delete a planned sprint (its tasks go back to the backlog)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" }, 409: { description: "Only planned sprints can be deleted" } },
      handler: async ({ auth, params }) => {
        const { sprint: s, role } = await loadSprint(ctx, auth.userId, params.id);
        authorize(role, "project:update");
        if (s.status !== "PLANNED") throw conflict("Only planned sprints can be deleted; complete an active sprint instead.");
        await ctx.db.sprint.delete({ where: { id: s.id } });
        ctx.events.publish({ type: "sprint.deleted", workspaceId: s.workspaceId, actorId: auth.userId, data: { id: s.id, projectId: s.projectId }, rooms: [`project:${s.projectId}`] });
        return noContent();
      },
    }),
    defineRoute({
      method: "post",
      path: "/sprints/:id/start",
      summary: "Start a planned sprint (one active sprint per project)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Started", schema: envelope(sprint) }, 409: { description: "Another sprint is active, or not planned" } },
      handler: async ({ auth, params }) => {
        const { sprint: s, role } = await loadSprint(ctx, auth.userId, params.id);
        authorize(role, "task:update");
        const started = await ctx.db.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT id FROM projects WHERE id = ${s.projectId}::uuid FOR UPDATE`;
          const current = await tx.sprint.findUniqueOrThrow({ where: { id: s.id } });
          if (current.status !== "PLANNED") throw conflict(`This sprint is ${current.status.toLowerCase()}.`);
          const active = await tx.sprint.findFirst({ where: { projectId: s.projectId, status: "ACTIVE" }, select: { id: true, name: true } });
          if (active) throw conflict(`“${active.name}” is still active; complete it first.`, [{ message: "active sprint", sprintId: active.id }]);
          const now = ctx.now();
          const next = await tx.sprint.update({
            where: { id: s.id },
            data: { status: "ACTIVE", startedAt: now, startDate: current.startDate ?? new Date(now.toISOString().slice(0, 10)), version: { increment: 1 } },
          });
          await recordActivity(tx, [{ workspaceId: s.workspaceId, actorId: auth.userId, entityType: "sprint", entityId: s.id, action: "started" }]);
          return next;
        });
        await publish("sprint.started", auth.userId, started);
        return ok(await present(ctx, started));
      },
    }),
    defineRoute({
      method: "post",
      path: "/sprints/:id/complete",
      summary: "Complete the active sprint; unfinished tasks move to a planned sprint or the backlog",
      tags,
      auth: "required",
      request: { params: idParams, body: completeBody },
      responses: { 200: { description: "Completed", schema: envelope(sprint) }, 409: { description: "Not active" } },
      handler: async ({ auth, params, body }) => {
        const { sprint: s, role } = await loadSprint(ctx, auth.userId, params.id);
        authorize(role, "task:update");
        const done = await ctx.db.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT id FROM projects WHERE id = ${s.projectId}::uuid FOR UPDATE`;
          const current = await tx.sprint.findUniqueOrThrow({ where: { id: s.id } });
          if (current.status !== "ACTIVE") throw conflict("Only the active sprint can be completed.");
          let target: string | null = null;
          if (body.carryOverTo !== "backlog") {
            const next = await tx.sprint.findUnique({ where: { id: body.carryOverTo } });
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
          await recordActivity(tx, [{ workspaceId: s.workspaceId, actorId: auth.userId, entityType: "sprint", entityId: s.id, action: "completed", after: { completedPoints: next.completedPoints, carriedOver: moved.count, carryOverTo: target } }]);
          return next;
        });
        await publish("sprint.completed", auth.userId, done);
        return ok(await present(ctx, done));
      },
    }),
  ];
}
