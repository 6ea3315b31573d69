import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams, paginationLinks, paginationMeta, z } from "../../lib/zod";
import { listNotificationsQuery, notification, preference, updatePreferencesBody } from "./notifications.schema";
import { presentNotification } from "./notifications.presenter";
import * as service from "./notifications.service";

const tags = ["Notifications"];

export function notificationRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/notifications",
      summary: "My notifications, newest first, with the unread count",
      tags,
      auth: "required",
      request: { query: listNotificationsQuery },
      responses: {
        200: {
          description: "Notifications",
          schema: z.object({ data: z.array(notification), meta: paginationMeta.extend({ unreadCount: z.number().int() }), links: paginationLinks }),
        },
      },
      handler: async ({ req, auth, query }) => {
        const r = await service.listNotifications(ctx, auth.userId, query);
        const { meta, links } = pageMeta(req, query, r.total);
        return ok(r.rows.map(presentNotification), { meta: { ...meta, unreadCount: r.unreadCount }, links });
      },
    }),
    defineRoute({
      method: "post",
      path: "/notifications/:id/read",
      summary: "Mark a notification read",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The notification", schema: envelope(notification) } },
      handler: async ({ auth, params }) => ok(presentNotification(await service.markRead(ctx, auth.userId, params.id))),
    }),
    defineRoute({
      method: "post",
      path: "/notifications/read-all",
      summary: "Mark all my notifications read (optionally of one workspace)",
      tags,
      auth: "required",
      request: { body: z.object({ workspaceId: z.uuid().optional() }).strict() },
      responses: { 200: { description: "How many were marked", schema: envelope(z.object({ updated: z.number().int() })) } },
      handler: async ({ auth, body }) => ok({ updated: await service.markAllRead(ctx, auth.userId, body.workspaceId) }),
    }),
    defineRoute({
      method: "get",
      path: "/notifications/preferences",
      summary: "My notification preferences per type and channel",
      tags,
      auth: "required",
      responses: { 200: { description: "One entry per type", schema: envelope(z.array(preference)) } },
      handler: async ({ auth }) => ok(await service.preferencesOf(ctx, auth.userId)),
    }),
    defineRoute({
      method: "put",
      path: "/notifications/preferences",
      summary: "Set notification preferences (the types sent; others unchanged)",
      tags,
      auth: "required",
      request: { body: updatePreferencesBody },
      responses: { 200: { description: "All preferences", schema: envelope(z.array(preference)) } },
      handler: async ({ auth, body }) => ok(await service.setPreferences(ctx, auth.userId, body)),
    }),
  ];
}
