import type { NotificationType } from "../../generated/prisma/client";
import { presentNotification } from "./notifications.presenter";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { notFound } from "../../lib/errors";
import { defineJob } from "../../jobs/job";
import { withEvents } from "../../events/unit-of-work";
import { mailer, renderEmail } from "./email";
import { sendEmailJob } from "./notifications.jobs";
import { deliveryPayload, type Delivery } from "./notifications.schema";

export const NOTIFICATION_TYPES: NotificationType[] = [
  "ASSIGNED",
  "MENTIONED",
  "WATCHED_COMMENT",
  "INVITATION",
  "BOOKING_REQUESTED",
  "BOOKING_CONFIRMED",
  "BOOKING_DECLINED",
  "HOLD_MOVED_UP",
  "HOLD_OVERTAKEN",
  "HOLD_EXPIRING",
  "HOLD_EXPIRED",
  "ATTACHMENT_INFECTED",
  "AI_BUDGET_WARNING",
  "WEBHOOK_DISABLED",
  "JOB_APPLICATION_RECEIVED",
];

export async function preferencesOf(ctx: AppContext, userId: string) {
  const rows = await ctx.db.notificationPreference.findMany({ where: { userId } });
  return NOTIFICATION_TYPES.map((type) => {
    const row = rows.find((r) => r.type === type);
    return { type, inApp: row?.inApp ?? true, email: row?.email ?? true };
  });
}

export async function setPreferences(ctx: AppContext, userId: string, items: Array<{ type: NotificationType; inApp: boolean; email: boolean }>) {
  await ctx.db.$transaction(
    items.map((i) =>
      ctx.db.notificationPreference.upsert({
        where: { userId_type: { userId, type: i.type } },
        create: { userId, type: i.type, inApp: i.inApp, email: i.email },
        update: { inApp: i.inApp, email: i.email },
      }),
    ),
  );
  return preferencesOf(ctx, userId);
}

/**
 * Delivers one notification according to the user's preferences: an in-app
 * row pushed live to `user:<id>`, and/or an email through the email queue.
 */
export async function deliver(ctx: AppContext, d: Delivery) {
  const prefs = (await preferencesOf(ctx, d.userId)).find((p) => p.type === d.type)!;
  if (prefs.inApp) {
    await withEvents(ctx, async ({ emit }) => {
      const n = await ctx.db.notification.create({
        data: { userId: d.userId, workspaceId: d.workspaceId, type: d.type, title: d.title, body: d.body, link: d.link, data: (d.data ?? undefined) as never },
      });
      const unreadCount = await ctx.db.notification.count({ where: { userId: d.userId, readAt: null } });
      emit({ type: "notification.created", workspaceId: d.workspaceId, actorId: null, data: { notification: presentNotification(n), unreadCount }, rooms: [`user:${d.userId}`] });
    });
  }
  if (prefs.email && d.email && mailer(ctx.config)) {
    const user = await ctx.db.user.findUnique({ where: { id: d.userId }, select: { email: true } });
    if (user) await ctx.jobs.enqueue(sendEmailJob(ctx), renderEmail({ to: user.email, ...d.email }));
  }
}

/** The notifications queue's job: modules enqueue deliveries instead of waiting for them. */
export const deliverNotificationJob = (ctx: AppContext) =>
  defineJob({ name: "notifications.deliver", queue: "notifications", schema: deliveryPayload, perform: (d) => deliver(ctx, d) });

/**
 * Queues a delivery. Called by event subscribers only (notifications.subscriber.ts),
 * never by a service: a notification is a reaction to a committed change.
 */
export async function notify(ctx: AppContext, d: Delivery) {
  await ctx.jobs.enqueue(deliverNotificationJob(ctx), d);
}

export async function listNotifications(ctx: AppContext, userId: string, query: Page & { unread?: boolean; workspaceId?: string }) {
  const where = {
    userId,
    ...(query.unread === true ? { readAt: null } : query.unread === false ? { readAt: { not: null } } : {}),
    ...(query.workspaceId ? { workspaceId: query.workspaceId } : {}),
  };
  const [total, unreadCount, rows] = await ctx.db.$transaction([
    ctx.db.notification.count({ where }),
    ctx.db.notification.count({ where: { userId, readAt: null } }),
    ctx.db.notification.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(query) }),
  ]);
  return { total, unreadCount, rows };
}

/** Marks one as read (idempotent). Other users' notifications answer 404. */
export async function markRead(ctx: AppContext, userId: string, id: string) {
  const n = await ctx.db.notification.findFirst({ where: { id, userId } });
  if (!n) throw notFound("Notification");
  if (n.readAt) return n;
  return ctx.db.notification.update({ where: { id }, data: { readAt: ctx.now() } });
}

export async function markAllRead(ctx: AppContext, userId: string, workspaceId?: string) {
  const { count } = await ctx.db.notification.updateMany({ where: { userId, readAt: null, ...(workspaceId ? { workspaceId } : {}) }, data: { readAt: ctx.now() } });
  return count;
}
