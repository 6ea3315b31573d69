import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, listEnvelope } from "../../lib/zod";
import { presentProject } from "./projects.presenter";
import { createProjectBody, listProjectsQuery, project, updateProjectBody, workspaceIdParams } from "./projects.schema";
import * as projects from "./projects.service";

const tags = ["Projects"];

export function projectRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/projects",
      summary: "List projects (archived ones only when asked)",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, query: listProjectsQuery },
      responses: { 200: { description: "Projects", schema: listEnvelope(project) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await projects.listProjects(ctx, auth.userId, params.workspaceId, query);
        return ok(rows.map(presentProject), pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/workspaces/:workspaceId/projects",
      summary: "Create a project (owner, admin, member)",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, body: createProjectBody },
      responses: { 201: { description: "Created", schema: envelope(project) }, 409: { description: "Key already used in this workspace" } },
      handler: async ({ auth, params, body }) => created(presentProject(await projects.createProject(ctx, auth.userId, params.workspaceId, body))),
    }),
    defineRoute({
      method: "get",
      path: "/projects/:id",
      summary: "Get a project",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Project", schema: envelope(project) } },
      handler: async ({ auth, params }) => ok(presentProject((await projects.loadProject(ctx, auth.userId, params.id)).project)),
    }),
    defineRoute({
      method: "patch",
      path: "/projects/:id",
      summary: "Update a project (owner, admin)",
      description: "Send `version` (or If-Match) to get 409 with the current project when someone changed it meanwhile.",
      tags,
      auth: "required",
      request: { params: idParams, body: updateProjectBody },
      responses: { 200: { description: "Updated", schema: envelope(project) }, 409: { description: "Stale version or key in use" } },
      handler: async ({ req, auth, params, body }) => {
        return ok(presentProject(await projects.updateProject(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })));
      },
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/archive",
      summary: "Archive a project (owner, admin)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Archived", schema: envelope(project) } },
      handler: async ({ auth, params }) => ok(presentProject(await projects.archiveProject(ctx, auth.userId, params.id))),
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/restore",
      summary: "Restore an archived project (owner, admin)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Restored", schema: envelope(project) } },
      handler: async ({ auth, params }) => ok(presentProject(await projects.restoreProject(ctx, auth.userId, params.id))),
    }),
    defineRoute({
      method: "delete",
      path: "/projects/:id",
      summary: "Delete a project and everything in it (owner, admin)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await projects.deleteProject(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
  ];
}
