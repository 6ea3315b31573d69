import { paginationQuery, uuid, z } from "../../lib/zod";

export const notificationType = z
  .enum(["ASSIGNED", "MENTIONED", "WATCHED_COMMENT", "INVITATION", "BOOKING_REQUESTED", "BOOKING_CONFIRMED", "BOOKING_DECLINED", "HOLD_MOVED_UP", "HOLD_OVERTAKEN", "HOLD_EXPIRING", "HOLD_EXPIRED", "ATTACHMENT_INFECTED", "AI_BUDGET_WARNING", "WEBHOOK_DISABLED", "JOB_APPLICATION_RECEIVED"])
  .openapi("NotificationType", {
    description:
      "BOOKING_REQUESTED: you (the artist's user) were booked; BOOKING_CONFIRMED / BOOKING_DECLINED: the artist accepted or declined your booking; HOLD_MOVED_UP: your hold ranks higher; HOLD_OVERTAKEN: a later hold was promoted over yours; HOLD_EXPIRING: your hold lapses within 24 h; HOLD_EXPIRED: your hold lapsed and was released; ATTACHMENT_INFECTED: a file you uploaded was found infected by the virus scanner and deleted; AI_BUDGET_WARNING: (owners) the workspace spent 80 % of this month's AI budget; WEBHOOK_DISABLED: (owners and admins) a webhook failed too many deliveries in a row and was switched off; JOB_APPLICATION_RECEIVED: someone applied to a job listing you own",
  });

export const notification = z
  .object({
    id: uuid,
    type: notificationType,
    workspaceId: uuid.nullable(),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable(),
    data: z.unknown().nullable(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Notification");

export const listNotificationsQuery = z
  .object({
    ...paginationQuery,
    unread: z.enum(["true", "false"]).optional().transform((v) => (v === undefined ? undefined : v === "true")),
    workspaceId: uuid.optional(),
  })
  .strict();

export const preference = z.object({ type: notificationType, inApp: z.boolean(), email: z.boolean() }).strict().openapi("NotificationPreference");

export const updatePreferencesBody = z
  .array(preference)
  .min(1)
  .max(20)
  .refine((items) => new Set(items.map((i) => i.type)).size === items.length, "each type at most once")
  .openapi("UpdateNotificationPreferencesRequest");

/** What a module asks to deliver; the email part is used when the user's preference allows it. */
export const deliveryPayload = z.object({
  userId: uuid,
  workspaceId: uuid.nullable(),
  type: notificationType,
  title: z.string().min(1).max(300),
  body: z.string().max(2000).nullable(),
  link: z.string().max(2000).nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  email: z
    .object({ subject: z.string().max(300), heading: z.string().max(300), paragraphs: z.array(z.string().max(2000)).max(10), action: z.object({ label: z.string(), url: z.string() }).optional() })
    .optional(),
});
export type Delivery = z.infer<typeof deliveryPayload>;
