import { projectScopes, readCache } from "../../cache/reads";
import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { notFound } from "../../lib/errors";
import { envelope, idParams, listEnvelope, z } from "../../lib/zod";
import { presentTask } from "./tasks.presenter";
import {
  bulkBody,
  createMyTaskBody,
  createTaskBody,
  listMyTasksQuery,
  listProjectTasksQuery,
  moveTaskBody,
  projectIdParams,
  task,
  updateTaskBody,
} from "./tasks.schema";
import { commentRoutes } from "./comments.routes";
import { bulkTasks } from "./task-bulk";
import { moveTask } from "./task-move";
import * as tasks from "./tasks.service";

const tags = ["Tasks"];

export function taskRoutes(ctx: AppContext): AnyRoute[] {
  return [
    // Before /tasks/:id so "bulk" is never taken for an id.
    defineRoute({
      method: "post",
      path: "/tasks/bulk",
      summary: "Move, assign, close or delete up to 100 tasks in one transaction (all or nothing)",
      tags,
      auth: "required",
      request: { body: bulkBody },
      responses: { 200: { description: "The tasks after the change", schema: envelope(z.array(task)) }, 404: { description: "Some ids not found; nothing changed" } },
      handler: async ({ auth, body }) => ok((await bulkTasks(ctx, auth.userId, body)).map(presentTask)),
    }),
    defineRoute({
      method: "get",
      path: "/projects/:projectId/tasks",
      summary: "Tasks of a project (board and list views), filtered and sorted",
      tags,
      auth: "required",
      request: { params: projectIdParams, query: listProjectTasksQuery },
      responses: { 200: { description: "Tasks", schema: listEnvelope(task) } },
      handler: async ({ req, res, auth, params, query }) => {
        const reader = await tasks.projectReader(ctx, auth.userId, params.projectId);
        // The URL is in the key: the body's page links repeat its parameters as sent.
        const read = { name: "project-tasks", scopes: projectScopes(reader.workspaceId, params.projectId), parts: [reader.role, query, req.originalUrl] };
        return readCache(ctx).reply(res, read, async () => {
          const { total, rows } = await tasks.listProjectTasks(ctx, auth.userId, params.projectId, query);
          return ok(rows, pageMeta(req, query, total));
        });
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
        return created(await tasks.createTask(ctx, auth.userId, await tasks.projectForNewTask(ctx, auth.userId, params.projectId), body));
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
        const target = projectId ? await tasks.projectForNewTask(ctx, auth.userId, projectId) : await tasks.personalTaskTarget(ctx, auth.userId, workspaceId);
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
      summary: "Update a task (requires the version you read)",
      description: "Send `version` in the body or as If-Match. A stale version answers 409 with the current task in `error.current`.",
      tags,
      auth: "required",
      request: { params: idParams, body: updateTaskBody },
      responses: { 200: { description: "Updated", schema: envelope(task) }, 409: { description: "Stale version" } },
      handler: async ({ req, auth, params, body }) => ok(presentTask(await tasks.updateTask(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) }))),
    }),
    defineRoute({
      method: "post",
      path: "/tasks/:id/move",
      summary: "Move a card to a column, between two neighbours (writes one row)",
      tags,
      auth: "required",
      request: { params: idParams, body: moveTaskBody },
      responses: { 200: { description: "Moved", schema: envelope(task) }, 409: { description: "Stale version" } },
      handler: async ({ req, auth, params, body }) => ok(presentTask(await moveTask(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) }))),
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
