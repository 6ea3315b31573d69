import type { AppContext } from "../../http/context";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, z } from "../../lib/zod";
import { completeSprintBody, createSprintBody, listSprintsQuery, sprint, updateSprintBody } from "./sprints.schema";
import * as sprints from "./sprints.service";

const tags = ["Sprints"];

export function sprintRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/projects/:id/sprints",
      summary: "Sprints of a project (active first, then planned, then completed)",
      tags,
      auth: "required",
      request: { params: idParams, query: listSprintsQuery },
      responses: { 200: { description: "Sprints", schema: envelope(z.array(sprint)) } },
      handler: async ({ auth, params, query }) => ok(await sprints.listSprints(ctx, auth.userId, params.id, query.status)),
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/sprints",
      summary: "Plan a sprint (owner, admin, member)",
      tags,
      auth: "required",
      request: { params: idParams, body: createSprintBody },
      responses: { 201: { description: "Created", schema: envelope(sprint) } },
      handler: async ({ auth, params, body }) => created(await sprints.createSprint(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "patch",
      path: "/sprints/:id",
      summary: "Rename, set the goal or the dates of a sprint",
      tags,
      auth: "required",
      request: { params: idParams, body: updateSprintBody },
      responses: { 200: { description: "Updated", schema: envelope(sprint) }, 409: { description: "Stale version (body or If-Match): the current sprint is in `error.current`" } },
      handler: async ({ req, auth, params, body }) => ok(await sprints.updateSprint(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
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
        await sprints.deleteSprint(ctx, auth.userId, params.id);
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
      handler: async ({ auth, params }) => ok(await sprints.startSprint(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "post",
      path: "/sprints/:id/complete",
      summary: "Complete the active sprint; unfinished tasks move to a planned sprint or the backlog",
      tags,
      auth: "required",
      request: { params: idParams, body: completeSprintBody },
      responses: { 200: { description: "Completed", schema: envelope(sprint) }, 409: { description: "Not active" } },
      handler: async ({ auth, params, body }) => ok(await sprints.completeSprint(ctx, auth.userId, params.id, body.carryOverTo)),
    }),
  ];
}
