import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, type AnyRoute } from "../../http/route";
import { AppError, notFound } from "../../lib/errors";
import { prepared, sqlOf } from "../../db/client";
import type { WorkspaceRole } from "../../generated/prisma/client";
import { envelope, idParams, listEnvelope } from "../../lib/zod";
import { presentTask } from "./tasks.presenter";
import {
  createMyTaskBody,
  createTaskBody,
  listMyTasksQuery,
  listProjectTasksQuery,
  moveTaskBody,
  projectIdParams,
  task,
  updateTaskBody,
} from "./tasks.schema";
import { bulkRoutes } from "./bulk";
import { commentRoutes } from "./comments.routes";
import * as tasks from "./tasks.service";

const tags = ["Tasks"];

export function taskRoutes(ctx: AppContext): AnyRoute[] {
  /** The project's workspace, 404 for non-members (before anything else is revealed), 409 when archived. */
  const projectWorkspace = async (projectId: string, userId: string) => {
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
    return { workspaceId: p.workspaceId, role: p.role };
  };
  return [
    // Before /tasks/:id so "bulk" is never taken for an id.
    ...bulkRoutes(ctx),
    defineRoute({
      method: "get",
      path: "/projects/:projectId/tasks",
      summary: "Tasks of a project (board and list views), filtered and sorted",
      tags,
      auth: "required",
      request: { params: projectIdParams, query: listProjectTasksQuery },
      responses: { 200: { description: "Tasks", schema: listEnvelope(task) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await tasks.listProjectTasks(ctx, auth.userId, params.projectId, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/projects/:projectId/tasks",
      summary: "Create a task in a project",
      tags,
      auth: "required",
      request: { params: projectIdParams, body: createTaskBody },
      responses: { 201: { description: "Created", schema: envelope(task) } },
      handler: async ({ auth, params, body }) => {
        const { workspaceId, role } = await projectWorkspace(params.projectId, auth.userId);
        return created(await tasks.createTask(ctx, auth.userId, { workspaceId, role, projectId: params.projectId }, body));
      },
    }),
    defineRoute({
      method: "get",
      path: "/tasks",
      summary: "My tasks: personal tasks I created plus tasks assigned to me",
      tags,
      auth: "required",
      request: { query: listMyTasksQuery },
      responses: { 200: { description: "Tasks", schema: listEnvelope(task) } },
      handler: async ({ req, auth, query }) => {
        const { total, rows } = await tasks.listMyTasks(ctx, auth.userId, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/tasks",
      summary: "Create a task: personal (no projectId — private to you) or in a project (projectId)",
      description:
        "With `projectId` the task goes into that project (`workspaceId`, if also sent, must be the project's). Without it the task is personal: " +
        "it lives in `workspaceId` when given, else in your first workspace (the one you joined earliest, listed first by GET /auth/me), " +
        'so `{"title": "Buy stamps"}` alone works. If you are in no workspace yet, the answer is 409: create or join one first.',
      tags,
      auth: "required",
      request: { body: createMyTaskBody },
      responses: {
        201: { description: "Created", schema: envelope(task) },
        409: { description: "No workspace to put a personal task in (you are in none yet), or the project is archived (CONFLICT)" },
      },
      handler: async ({ auth, body }) => {
        const { workspaceId, projectId, ...input } = body;
        const target = projectId ? { ...(await projectWorkspace(projectId, auth.userId)), projectId } : await tasks.personalTaskTarget(ctx, auth.userId, workspaceId);
        if (projectId && workspaceId && workspaceId !== target.workspaceId) throw notFound("Project");
        return created(await tasks.createTask(ctx, auth.userId, target, input));
      },
    }),
    defineRoute({
      method: "get",
      path: "/tasks/:id",
      summary: "Get a task",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Task", schema: envelope(task) } },
      handler: async ({ auth, params }) => ok(presentTask((await tasks.loadTask(ctx, auth.userId, params.id)).task)),
    }),
    defineRoute({
      method: "patch",
      path: "/tasks/:id",
      summary: "Update a task (requires the current version)",
      description: "A stale `version` answers 409 with the current task in `error.current`.",
      tags,
      auth: "required",
      request: { params: idParams, body: updateTaskBody },
      responses: { 200: { description: "Updated", schema: envelope(task) }, 409: { description: "Stale version" } },
      handler: async ({ auth, params, body }) => ok(presentTask(await tasks.updateTask(ctx, auth.userId, params.id, body))),
    }),
    defineRoute({
      method: "post",
      path: "/tasks/:id/move",
      summary: "Move a card to a column, between two neighbours (writes one row)",
      tags,
      auth: "required",
      request: { params: idParams, body: moveTaskBody },
      responses: { 200: { description: "Moved", schema: envelope(task) }, 409: { description: "Stale version" } },
      handler: async ({ auth, params, body }) => ok(presentTask(await tasks.moveTask(ctx, auth.userId, params.id, body))),
    }),
    defineRoute({
      method: "delete",
      path: "/tasks/:id",
      summary: "Delete a task (soft; restorable) — admins or its creator",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await tasks.deleteTask(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "post",
      path: "/tasks/:id/restore",
      summary: "Restore a deleted task",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Restored", schema: envelope(task) }, 409: { description: "Not deleted" } },
      handler: async ({ auth, params }) => ok(presentTask(await tasks.restoreTask(ctx, auth.userId, params.id))),
    }),
    ...commentRoutes(ctx),
  ];
}
