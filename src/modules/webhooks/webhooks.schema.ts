import { paginationQuery, text, uuid, versionField, versionInput, z } from "../../lib/zod";
import { WEBHOOK_EVENTS } from "./webhooks.events";

export const webhookEvent = z.enum(WEBHOOK_EVENTS).openapi("WebhookEvent");
const url = text.trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters").openapi({ example: "https://hooks.example.com/teamflow" });
const events = z
  .array(webhookEvent)
  .min(1, "choose at least one event")
  .max(WEBHOOK_EVENTS.length)
  .refine((e) => new Set(e).size === e.length, "must not repeat an event")
  .openapi({ description: "Event types to send (GET /webhook-events lists them)" });
const description = text.trim().max(200, "must be at most 200 characters").nullable().optional();

export const webhook = z
  .object({
    id: uuid,
    workspaceId: uuid,
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    active: z.boolean(),
    consecutiveFailures: z.number().int(),
    disabledReason: z.string().nullable().openapi({ description: "Why it was switched off automatically (null when active, or switched off by hand)" }),
    disabledAt: z.string().nullable(),
    /** The last 4 characters of the secret, so two copies can be told apart. */
    secretHint: z.string(),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Webhook");

/** Create and rotate answer with the secret, once. */
export const webhookWithSecret = webhook.extend({ secret: z.string().openapi({ description: "Shown only now: store it to verify X-TeamFlow-Signature" }) }).openapi("WebhookWithSecret");

export const webhookDelivery = z
  .object({
    id: uuid,
    webhookId: uuid,
    event: z.string(),
    status: z.enum(["PENDING", "RETRYING", "SUCCEEDED", "FAILED"]),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    responseBody: z.string().nullable().openapi({ description: "The first 2,000 characters of the response" }),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable(),
    test: z.boolean(),
    redeliveryOfId: uuid.nullable(),
    payload: z.unknown().openapi({ description: "The JSON body sent: {event, timestamp, workspaceId, data}" }),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("WebhookDelivery");

export const webhookDeliveryPolicy = z
  .object({
    timeoutMs: z.number().int().openapi({ description: "A receiver must answer 2xx within this (WEBHOOK_TIMEOUT_MS)" }),
    attempts: z.number().int().openapi({ description: "Tries in all, the first included" }),
    retryDelaysMs: z.array(z.number().int()).openapi({ description: "Wait before each retry: 1x, 2x, 4x WEBHOOK_RETRY_BASE_MS" }),
    disableAfterFailures: z.number().int().openapi({ description: "Deliveries failed in a row that switch a webhook off (WEBHOOK_DISABLE_AFTER_FAILURES)" }),
  })
  .openapi("WebhookDeliveryPolicy");
export const webhookEventInfo = z.object({ type: webhookEvent }).openapi("WebhookEventInfo");

export const workspaceParams = z.object({ workspaceId: uuid }).strict();
export const createWebhookBody = z.object({ url, events, description, active: z.boolean().optional() }).strict().openapi("CreateWebhookRequest");
export const updateWebhookBody = z
  .object({ url: url.optional(), events: events.optional(), description, active: z.boolean().optional(), version: versionInput.optional() })
  .strict()
  .openapi("UpdateWebhookRequest");
export const deliveriesQuery = z.object({ ...paginationQuery, status: z.enum(["PENDING", "RETRYING", "SUCCEEDED", "FAILED"]).optional() }).strict();
export const listWebhooksQuery = z.object(paginationQuery).strict();

export type WebhookInput = z.infer<typeof createWebhookBody>;
export type WebhookUpdate = z.infer<typeof updateWebhookBody>;
