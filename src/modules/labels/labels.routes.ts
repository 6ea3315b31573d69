import type { AppContext } from "../../http/context";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, z } from "../../lib/zod";
import { createLabelBody, label, updateLabelBody, workspaceParams } from "./labels.schema";
import * as labels from "./labels.service";

const tags = ["Labels"];

export function labelRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/labels",
      summary: "Labels of a workspace",
      tags,
      auth: "required",
      request: { params: workspaceParams },
      responses: { 200: { description: "Labels", schema: envelope(z.array(label)) } },
      handler: async ({ auth, params }) => ok(await labels.listLabels(ctx, auth.userId, params.workspaceId)),
    }),
    defineRoute({
      method: "post",
      path: "/workspaces/:workspaceId/labels",
      summary: "Create a label",
      tags,
      auth: "required",
      request: { params: workspaceParams, body: createLabelBody },
      responses: { 201: { description: "Created", schema: envelope(label) }, 409: { description: "Name in use" } },
      handler: async ({ auth, params, body }) => created(await labels.createLabel(ctx, auth.userId, params.workspaceId, body)),
    }),
    defineRoute({
      method: "patch",
      path: "/labels/:id",
      summary: "Rename or recolour a label",
      tags,
      auth: "required",
      request: { params: idParams, body: updateLabelBody },
      responses: { 200: { description: "Updated", schema: envelope(label) }, 409: { description: "Name in use, or a stale version (body or If-Match): the current label is in `error.current`" } },
      handler: async ({ req, auth, params, body }) => ok(await labels.updateLabel(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "delete",
      path: "/labels/:id",
      summary: "Delete a label (removes it from every task; owner/admin)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await labels.deleteLabel(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
  ];
}
