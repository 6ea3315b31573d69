import "./webhooks.events";

/** The webhooks module: per-workspace endpoints, signed deliveries with retries, the delivery log (SPEC §4.9). */
export { webhookRoutes } from "./webhooks.routes";
export { deliverWebhookJob, fanOutWebhookJob, resumeStuckDeliveriesJob } from "./webhooks.service";
export { subscribeWebhooks } from "./webhooks.subscriber";
export { WEBHOOK_EVENTS } from "./webhooks.events";
