import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, listEnvelope, z } from "../../lib/zod";
import { WEBHOOK_EVENTS } from "./webhooks.events";
import {
  createWebhookBody,
  deliveriesQuery,
  listWebhooksQuery,
  updateWebhookBody,
  webhook,
  webhookDelivery,
  webhookDeliveryPolicy,
  webhookEventInfo,
  webhookWithSecret,
  workspaceParams,
} from "./webhooks.schema";
import * as webhooks from "./webhooks.service";

const tags = ["Webhooks"];
const admins = "(owners and admins)";

export function webhookRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/webhook-events",
      summary: "The events a webhook can subscribe to",
      tags,
      auth: "required",
      responses: { 200: { description: "Event types", schema: envelope(z.array(webhookEventInfo)) } },
      handler: async () => ok(WEBHOOK_EVENTS.map((type) => ({ type }))),
    }),
    defineRoute({
      method: "get",
      path: "/webhook-policy",
      summary: "How this server delivers webhooks: timeout, retries, when a webhook is switched off",
      tags,
      auth: "required",
      responses: { 200: { description: "The delivery policy as configured", schema: envelope(webhookDeliveryPolicy) } },
      handler: async () => ok(webhooks.deliveryPolicy(ctx)),
    }),
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/webhooks",
      summary: `Webhooks of a workspace ${admins}`,
      tags,
      auth: "required",
      request: { params: workspaceParams, query: listWebhooksQuery },
      responses: { 200: { description: "Webhooks (secrets are never listed)", schema: listEnvelope(webhook) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await webhooks.listWebhooks(ctx, auth.userId, params.workspaceId, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/workspaces/:workspaceId/webhooks",
      summary: `Create a webhook ${admins}; the answer shows its secret once`,
      tags,
      auth: "required",
      request: { params: workspaceParams, body: createWebhookBody },
      responses: { 201: { description: "Created, with the secret", schema: envelope(webhookWithSecret) }, 400: { description: "Invalid, or a URL that is not a public address (SSRF), naming `url`" } },
      handler: async ({ auth, params, body }) => created(await webhooks.createWebhook(ctx, auth.userId, params.workspaceId, body)),
    }),
    defineRoute({
      method: "get",
      path: "/webhooks/:id",
      summary: `Get a webhook ${admins}`,
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Webhook", schema: envelope(webhook) } },
      handler: async ({ auth, params }) => ok(await webhooks.getWebhook(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/webhooks/:id",
      summary: `Change a webhook's URL, events, description or active flag ${admins}`,
      tags,
      auth: "required",
      request: { params: idParams, body: updateWebhookBody },
      responses: {
        200: { description: "Updated", schema: envelope(webhook) },
        400: { description: "Invalid, or a URL that is not a public address (SSRF), naming `url`" },
        409: { description: "Stale version (body or If-Match): the current webhook is in `error.current`" },
      },
      handler: async ({ req, auth, params, body }) => ok(await webhooks.updateWebhook(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "delete",
      path: "/webhooks/:id",
      summary: `Delete a webhook and its delivery log ${admins}`,
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await webhooks.deleteWebhook(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "post",
      path: "/webhooks/:id/rotate-secret",
      summary: `Replace a webhook's secret ${admins}; the answer shows the new one once`,
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The webhook with its new secret", schema: envelope(webhookWithSecret) } },
      handler: async ({ auth, params }) => ok(await webhooks.rotateSecret(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "post",
      path: "/webhooks/:id/test",
      summary: `Send a webhook.test delivery now (one attempt, no retries) ${admins}`,
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The test delivery, with the receiver's answer", schema: envelope(webhookDelivery) } },
      handler: async ({ auth, params }) => ok(await webhooks.testWebhook(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/webhooks/:id/deliveries",
      summary: `A webhook's delivery log, newest first ${admins}`,
      tags,
      auth: "required",
      request: { params: idParams, query: deliveriesQuery },
      responses: { 200: { description: "Deliveries", schema: listEnvelope(webhookDelivery) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await webhooks.listDeliveries(ctx, auth.userId, params.id, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "get",
      path: "/webhook-deliveries/:id",
      summary: `One delivery of a webhook ${admins}`,
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Delivery", schema: envelope(webhookDelivery) } },
      handler: async ({ auth, params }) => ok(await webhooks.getDelivery(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "post",
      path: "/webhook-deliveries/:id/redeliver",
      summary: `Send a delivery's payload again, as a new delivery ${admins}`,
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 202: { description: "The new delivery, queued", schema: envelope(webhookDelivery) } },
      handler: async ({ auth, params }) => ({ status: 202, body: { data: await webhooks.redeliver(ctx, auth.userId, params.id) } }),
    }),
  ];
}
