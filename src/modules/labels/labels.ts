import type { Label } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { created, defineRoute, noContent, ok, type AnyRoute } from "../../http/route";
import { conflict, notFound } from "../../lib/errors";
import { envelope, idParams, text, uuid, z } from "../../lib/zod";
import { authorize, requireMembership } from "../workspaces/permissions";

/** Labels a workspace can put on tasks. Small enough to live in one file: schema, service and routes. */

const MAX_LABELS = 200;
const name = text.trim().min(1, "must not be empty").max(50, "must be at most 50 characters");
const color = text.regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #22c55e").openapi({ example: "#22c55e" });
const label = z.object({ id: uuid, workspaceId: uuid, name: z.string(), color: z.string(), createdAt: z.string() }).openapi("Label");
const present = (l: Label) => ({ id: l.id, workspaceId: l.workspaceId, name: l.name, color: l.color, createdAt: l.createdAt.toISOString() });
const taken = (n: string) => conflict(`A label named “${n}” already exists.`, [{ field: "name", message: "is already in use" }]);

async function loadLabel(ctx: AppContext, userId: string, id: string) {
  const l = await ctx.db.label.findUnique({ where: { id } });
  if (!l) throw notFound("Label");
  const role = await requireMembership(ctx.db, l.workspaceId, userId).catch(() => {
    throw notFound("Label");
  });
  return { label: l, role };
}

export function labelRoutes(ctx: AppContext): AnyRoute[] {
  const tags = ["Labels"];
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/labels",
      summary: "Labels of a workspace",
      tags,
      auth: "required",
      request: { params: z.object({ workspaceId: uuid }).strict() },
      responses: { 200: { description: "Labels", schema: envelope(z.array(label)) } },
      handler: async ({ auth, params }) => {
        await requireMembership(ctx.db, params.workspaceId, auth.userId);
        return ok((await ctx.db.label.findMany({ where: { workspaceId: params.workspaceId }, orderBy: { name: "asc" } })).map(present));
      },
    }),
    defineRoute({
      method: "post",
      path: "/workspaces/:workspaceId/labels",
      summary: "Create a label",
      tags,
      auth: "required",
      request: { params: z.object({ workspaceId: uuid }).strict(), body: z.object({ name, color: color.optional() }).strict().openapi("CreateLabelRequest") },
      responses: { 201: { description: "Created", schema: envelope(label) }, 409: { description: "Name in use" } },
      handler: async ({ auth, params, body }) => {
        authorize(await requireMembership(ctx.db, params.workspaceId, auth.userId), "task:create");
        const l = await ctx.db.$transaction(async (tx) => {
          if ((await tx.label.count({ where: { workspaceId: params.workspaceId } })) >= MAX_LABELS) throw conflict(`A workspace can have at most ${MAX_LABELS} labels.`);
          if (await tx.label.findUnique({ where: { workspaceId_name: { workspaceId: params.workspaceId, name: body.name } } })) throw taken(body.name);
          return tx.label.create({ data: { workspaceId: params.workspaceId, name: body.name, color: body.color } });
        });
        ctx.events.publish({ type: "label.created", workspaceId: l.workspaceId, actorId: auth.userId, data: present(l) });
        return created(present(l));
      },
    }),
    defineRoute({
      method: "patch",
      path: "/labels/:id",
      summary: "Rename or recolour a label",
      tags,
      auth: "required",
      request: { params: idParams, body: z.object({ name: name.optional(), color: color.optional() }).strict().openapi("UpdateLabelRequest") },
      responses: { 200: { description: "Updated", schema: envelope(label) }, 409: { description: "Name in use" } },
      handler: async ({ auth, params, body }) => {
        const { label: current, role } = await loadLabel(ctx, auth.userId, params.id);
        authorize(role, "task:create");
        if (body.name && body.name !== current.name && (await ctx.db.label.findUnique({ where: { workspaceId_name: { workspaceId: current.workspaceId, name: body.name } } }))) {
          throw taken(body.name);
        }
        const l = await ctx.db.label.update({ where: { id: params.id }, data: body });
        ctx.events.publish({ type: "label.updated", workspaceId: l.workspaceId, actorId: auth.userId, data: present(l) });
        return ok(present(l));
      },
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
        const { label: l, role } = await loadLabel(ctx, auth.userId, params.id);
        authorize(role, "task:delete");
        await ctx.db.label.delete({ where: { id: params.id } });
        ctx.events.publish({ type: "label.deleted", workspaceId: l.workspaceId, actorId: auth.userId, data: { id: l.id } });
        return noContent();
      },
    }),
  ];
}
