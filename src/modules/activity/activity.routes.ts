import type { Activity } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { dateTime, text, uuid, z } from "../../lib/zod";
import { activitySince } from "./activity.service";

export const activityItem = z
  .object({
    id: uuid,
    workspaceId: uuid,
    actorId: uuid.nullable(),
    entityType: z.string(),
    entityId: uuid,
    action: z.string(),
    field: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    createdAt: z.string(),
  })
  .openapi("Activity");

export const presentActivity = (a: Activity) => ({
  id: a.id,
  workspaceId: a.workspaceId,
  actorId: a.actorId,
  entityType: a.entityType,
  entityId: a.entityId,
  action: a.action,
  field: a.field,
  before: a.before ?? null,
  after: a.after ?? null,
  createdAt: a.createdAt.toISOString(),
});

const activityQuery = z
  .object({
    workspaceId: uuid,
    since: dateTime.optional().transform((v) => (v ? new Date(v) : undefined)),
    cursor: text.max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export function activityRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/activity",
      summary: "What changed in a workspace since a time (reconnect catch-up feed)",
      description: "Oldest first. Follow `meta.nextCursor` (pass it as `cursor`) until it is null.",
      tags: ["Activity"],
      auth: "required",
      request: { query: activityQuery },
      responses: {
        200: {
          description: "Activity entries",
          schema: z.object({ data: z.array(activityItem), meta: z.object({ nextCursor: z.string().nullable() }) }),
        },
        404: { description: "Not a member of the workspace" },
      },
      handler: async ({ auth, query }) => {
        const r = await activitySince(ctx, auth.userId, query);
        return ok(r.items.map(presentActivity), { meta: { nextCursor: r.nextCursor } });
      },
    }),
  ];
}
