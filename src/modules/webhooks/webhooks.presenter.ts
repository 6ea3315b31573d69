import type { WebhookDelivery, WebhookEndpoint } from "../../generated/prisma/client";

export const presentWebhook = (w: WebhookEndpoint) => ({
  id: w.id,
  workspaceId: w.workspaceId,
  url: w.url,
  description: w.description,
  events: w.events,
  active: w.active,
  consecutiveFailures: w.consecutiveFailures,
  disabledReason: w.disabledReason,
  disabledAt: w.disabledAt?.toISOString() ?? null,
  secretHint: w.secret.slice(-4),
  version: w.version,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

export const presentWebhookWithSecret = (w: WebhookEndpoint) => ({ ...presentWebhook(w), secret: w.secret });

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

export const presentDelivery = (d: WebhookDelivery) => ({
  id: d.id,
  webhookId: d.endpointId,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.responseStatus,
  responseBody: d.responseBody,
  durationMs: d.durationMs,
  error: d.error,
  test: d.test,
  redeliveryOfId: d.redeliveryOfId,
  payload: parsed(d.body),
  nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

export type PresentedWebhook = ReturnType<typeof presentWebhook>;
export type PresentedDelivery = ReturnType<typeof presentDelivery>;
