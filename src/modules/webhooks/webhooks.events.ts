import type { EventType } from "../../events/catalogue";

/** The webhooks module's events: internal (rooms []), for notifications only. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    /** An endpoint failed WEBHOOK_DISABLE_AFTER_FAILURES deliveries in a row and was switched off; notifications tell the workspace's owners and admins. */
    "webhook.disabled": { id: string; workspaceId: string; url: string; failures: number; reason: string };
  }
}

/**
 * The public event catalogue: the domain events a webhook can subscribe to
 * (their `data` is the resource as the API presents it). Internal events
 * (sessions, per-user notifications, invitation tokens, AI budgets, the
 * booking-hold notices) are not offered. `satisfies` keeps it in step with
 * the typed catalogue: an event renamed or removed there is a type error here.
 */
export const WEBHOOK_EVENTS = [
  "project.created",
  "project.updated",
  "project.deleted",
  "task.created",
  "task.updated",
  "task.moved",
  "task.assigned",
  "task.deleted",
  "comment.created",
  "comment.updated",
  "comment.deleted",
  "sprint.created",
  "sprint.updated",
  "sprint.started",
  "sprint.completed",
  "sprint.deleted",
  "label.created",
  "label.updated",
  "label.deleted",
  "artist.created",
  "artist.updated",
  "artist.deleted",
  "booking.created",
  "booking.updated",
  "booking.cancelled",
  "booking.responded",
  "booking.reassigned",
  "attachment.created",
  "attachment.deleted",
  "member.joined",
  "member.updated",
  "member.removed",
  "workspace.updated",
] as const satisfies readonly EventType[];

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The event of a test-send (not a domain event: nothing happened but the test). */
export const TEST_EVENT = "webhook.test";

export const isWebhookEvent = (type: string): type is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(type);
