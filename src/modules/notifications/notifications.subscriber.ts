import type { AppContext } from "../../http/context";
import { logger } from "../../lib/logger";
import { ordinal, type PresentedBooking } from "../bookings";
import { mentionedIds, MENTION } from "../tasks";
import { mailer, renderEmail } from "./email";
import { sendEmailJob } from "./notifications.jobs";
import { notify } from "./notifications.service";
import type { Delivery } from "./notifications.schema";

const when = (b: PresentedBooking, timeZone: string) => {
  const f = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  return `${f.format(new Date(b.start))} – ${f.format(new Date(b.end))}`;
};

/**
 * A booking notification to `userId` (skipped for the one who caused it and for
 * users no longer in the workspace), linking to the calendar with the booking's
 * drawer open: /w/<workspaceId>/bookings?booking=<id>.
 */
async function notifyAboutBooking(
  ctx: AppContext,
  b: PresentedBooking,
  userId: string | null,
  actorId: string | null,
  make: (artist: { name: string; when: string }) => { type: Delivery["type"]; title: string; body: string; action: string },
) {
  if (!userId || userId === actorId) return;
  const [artist, member] = await Promise.all([
    ctx.db.artist.findUnique({ where: { id: b.artistId }, select: { name: true, timezone: true } }),
    ctx.db.membership.findUnique({ where: { workspaceId_userId: { workspaceId: b.workspaceId, userId } }, select: { userId: true } }),
  ]);
  if (!artist || !member) return;
  const n = make({ name: artist.name, when: when(b, artist.timezone) });
  const link = `/w/${b.workspaceId}/bookings?booking=${b.id}`;
  await notify(ctx, {
    userId,
    workspaceId: b.workspaceId,
    type: n.type,
    title: n.title,
    body: n.body,
    link,
    data: { bookingId: b.id, artistId: b.artistId, projectId: b.projectId },
    email: { subject: n.title, heading: b.title, paragraphs: [n.title, n.body], action: { label: n.action, url: `${ctx.config.APP_URL}${link}` } },
  });
}

const nameOf = async (ctx: AppContext, userId: string | null) => (userId ? ((await ctx.db.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? "Someone") : "TeamFlow");
const STATUS_WORD: Record<string, string> = { HOLD: "a hold", PENCIL: "a pencil", CONFIRMED: "a confirmed booking" };

/** "Ann booked you": to the artist's user, for a new booking or one moved to them from another artist (`aside`). */
async function tellArtistOfBooking(ctx: AppContext, b: PresentedBooking, actorId: string | null, aside: string) {
  const artist = await ctx.db.artist.findUnique({ where: { id: b.artistId }, select: { userId: true } });
  const who = await nameOf(ctx, actorId);
  const kind = b.status === "HOLD" && b.holdRank ? `a ${ordinal(b.holdRank)} hold` : STATUS_WORD[b.status] ?? "a booking";
  await notifyAboutBooking(ctx, b, artist?.userId ?? null, actorId, (a) => ({ type: "BOOKING_REQUESTED", title: `${who} booked you: ${b.title}`, body: `${kind[0]!.toUpperCase()}${kind.slice(1)}, ${a.when}${aside}.`, action: "Open booking" }));
}

/**
 * Turns domain events into notifications: the only place that calls notify().
 * Each handler runs after the change committed (events/unit-of-work.ts).
 */
export function subscribeNotifications(ctx: AppContext): () => void {
  const unsubscribe = [
    ctx.events.on("invitation.created", "notifications", async ({ data: d, workspaceId }) => {
      // An in-app notification when the invitee already has an account (email per their preference),
      // an email to the address when it has none and SMTP is configured.
      const role = d.role.toLowerCase();
      const email = {
        subject: `${d.inviterName} invited you to ${d.workspaceName} on TeamFlow`,
        heading: `Join ${d.workspaceName}`,
        paragraphs: [`${d.inviterName} invited you to the workspace “${d.workspaceName}” as ${role}.`, `The invitation expires on ${d.expiresAt.slice(0, 10)}.`],
        action: { label: "Accept invitation", url: d.acceptUrl },
      };
      const user = await ctx.db.user.findUnique({ where: { email: d.email }, select: { id: true } });
      if (user) {
        await notify(ctx, {
          userId: user.id,
          workspaceId: null, // not a member yet: not scoped to the workspace
          type: "INVITATION",
          title: `${d.inviterName} invited you to ${d.workspaceName}`,
          body: `Join as ${role}.`,
          link: new URL(d.acceptUrl).pathname,
          data: { workspaceId, role: d.role },
          email,
        });
      } else if (mailer(ctx.config)) {
        await ctx.jobs.enqueue(sendEmailJob(ctx), renderEmail({ to: d.email, ...email, footer: "You receive this because someone invited this address to TeamFlow." }));
      } else {
        logger.info("invitation created; email not configured, share the link", { workspaceId });
      }
    }),

    ctx.events.on("job_application.received", "notifications", async ({ data: d, workspaceId }) => {
      // To the listing's owner (in-app / email per preference); to the applicant, a receipt when SMTP is configured.
      const link = `/w/${workspaceId}/jobs/${d.listing.id}?application=${d.application.id}`;
      if (d.listing.ownerId && d.listing.ownerId !== d.application.userId) {
        const title = `${d.application.name} applied to ${d.listing.title}`;
        await notify(ctx, {
          userId: d.listing.ownerId,
          workspaceId,
          type: "JOB_APPLICATION_RECEIVED",
          title,
          body: d.application.source === "public" ? "Through the public listing page." : null,
          link,
          data: { listingId: d.listing.id, applicationId: d.application.id },
          email: { subject: title, heading: d.listing.title, paragraphs: [title], action: { label: "Open application", url: `${ctx.config.APP_URL}${link}` } },
        });
      }
      if (mailer(ctx.config)) {
        await ctx.jobs.enqueue(
          sendEmailJob(ctx),
          renderEmail({
            to: d.application.email,
            subject: `We received your application: ${d.listing.title}`,
            heading: d.listing.title,
            paragraphs: [`Thank you, ${d.application.name}. ${d.workspaceName} received your application for “${d.listing.title}” and will be in touch.`],
            footer: "You receive this because this address was used to apply to a job listing.",
          }),
        );
      }
    }),

    ctx.events.on("task.assigned", "notifications", async ({ data: { task, userIds }, actorId }) => {
      const actor = actorId ? await ctx.db.user.findUnique({ where: { id: actorId }, select: { name: true } }) : null;
      const who = actor?.name ?? "Someone";
      const link = `/w/${task.workspaceId}/tasks/${task.id}`;
      for (const userId of userIds) {
        await notify(ctx, {
          userId,
          workspaceId: task.workspaceId,
          type: "ASSIGNED",
          title: `${who} assigned you ${task.key}: ${task.title}`,
          body: null,
          link,
          data: { taskId: task.id, projectId: task.projectId },
          email: { subject: `You were assigned ${task.key}: ${task.title}`, heading: task.title, paragraphs: [`${who} assigned you ${task.key}.`], action: { label: "Open task", url: `${ctx.config.APP_URL}${link}` } },
        });
      }
    }),

    // Mentioned members get MENTIONED, other watchers WATCHED_COMMENT (never the author, never twice).
    ctx.events.on("comment.created", "notifications", async ({ data: comment, workspaceId }) => {
      const task = await ctx.db.task.findUnique({ where: { id: comment.taskId }, select: { id: true, title: true, number: true, projectId: true, project: { select: { key: true } } } });
      if (!task?.projectId || !workspaceId) return; // personal tasks: only the owner is there
      const key = task.project && task.number !== null ? `${task.project.key}-${task.number}` : null;
      const who = comment.author?.name ?? "Someone";
      const link = `/w/${workspaceId}/tasks/${task.id}`;
      const excerpt = comment.body.replace(MENTION, "@…").slice(0, 200);
      const mentioned = mentionedIds(comment.body);
      const watchers = (await ctx.db.taskWatcher.findMany({ where: { taskId: task.id }, select: { userId: true } })).map((w) => w.userId);
      const base = { workspaceId, body: excerpt, link, data: { taskId: task.id, commentId: comment.id } };
      const email = (heading: string) => ({ subject: heading, heading, paragraphs: [excerpt], action: { label: "Open task", url: `${ctx.config.APP_URL}${link}` } });
      for (const userId of mentioned.filter((id) => id !== comment.authorId)) {
        const title = `${who} mentioned you on ${key}: ${task.title}`;
        await notify(ctx, { ...base, userId, type: "MENTIONED", title, email: email(title) });
      }
      for (const userId of watchers.filter((id) => id !== comment.authorId && !mentioned.includes(id))) {
        const title = `${who} commented on ${key}: ${task.title}`;
        await notify(ctx, { ...base, userId, type: "WATCHED_COMMENT", title, email: email(title) });
      }
    }),

    // Bookings (SPEC §4.5): the artist's user hears of new bookings; the booker of answers; a hold's creator of its rank and expiry.
    ctx.events.on("booking.created", "notifications", ({ data: b, actorId }) => tellArtistOfBooking(ctx, b, actorId, "")),

    ctx.events.on("booking.reassigned", "notifications", ({ data: { booking: b }, actorId }) => tellArtistOfBooking(ctx, b, actorId, " (moved to you from another artist)")),

    ctx.events.on("booking.responded", "notifications", async ({ data: { booking: b, response, note } }) => {
      const answered = response === "accept" ? "accepted" : "declined";
      await notifyAboutBooking(ctx, b, b.createdById, null, (a) => ({
        type: response === "accept" ? "BOOKING_CONFIRMED" : "BOOKING_DECLINED",
        title: `${a.name} ${answered} ${b.title}`,
        body: note ? `“${note}” (${a.when})` : `${a.when}.`,
        action: "Open booking",
      }));
    }),

    ctx.events.on("booking.hold_moved_up", "notifications", async ({ data: { booking: b, fromRank, toRank }, actorId }) => {
      await notifyAboutBooking(ctx, b, b.createdById, actorId, (a) => ({
        type: "HOLD_MOVED_UP",
        title: toRank === 1 ? `Your hold on ${a.name} is now 1st hold: ${b.title}` : `Your hold on ${a.name} moved up to ${ordinal(toRank)} hold: ${b.title}`,
        body: `${ordinal(fromRank)} hold → ${ordinal(toRank)} hold, ${a.when}.${toRank === 1 ? " Nothing ranks above it now: pencil or confirm it." : ""}`,
        action: "Open booking",
      }));
    }),

    ctx.events.on("booking.hold_overtaken", "notifications", async ({ data: { booking: b, promoted }, actorId }) => {
      const who = await nameOf(ctx, actorId);
      await notifyAboutBooking(ctx, b, b.createdById, actorId, (a) => ({
        type: "HOLD_OVERTAKEN",
        title: `${who} promoted a later hold over yours on ${a.name}: ${b.title}`,
        body: `“${promoted.title}” is now ${promoted.status === "CONFIRMED" ? "confirmed" : "pencilled"}; your hold (${a.when}) stays ${b.holdRank ? ordinal(b.holdRank) : "a"} hold.`,
        action: "Open booking",
      }));
    }),

    ctx.events.on("booking.hold_expiring", "notifications", async ({ data: { booking: b, expiresAt } }) => {
      const artist = await ctx.db.artist.findUnique({ where: { id: b.artistId }, select: { timezone: true } });
      const at = new Intl.DateTimeFormat("en-GB", { timeZone: artist?.timezone ?? "UTC", dateStyle: "medium", timeStyle: "short" }).format(new Date(expiresAt));
      await notifyAboutBooking(ctx, b, b.createdById, null, (a) => ({
        type: "HOLD_EXPIRING",
        title: `Your hold on ${a.name} expires within 24 hours: ${b.title}`,
        body: `It is released on ${at} (${artist?.timezone ?? "UTC"}) unless it is pencilled, confirmed or given a later expiry. ${a.when}.`,
        action: "Open booking",
      }));
    }),

    ctx.events.on("booking.hold_expired", "notifications", async ({ data: { booking: b } }) => {
      await notifyAboutBooking(ctx, b, b.createdById, null, (a) => ({
        type: "HOLD_EXPIRED",
        title: `Your hold on ${a.name} expired: ${b.title}`,
        body: `The hold (${a.when}) was released; book again if you still need the time.`,
        action: "Open booking",
      }));
    }),

    // Files (SPEC §4.7): the uploader hears that the virus scanner deleted their file.
    ctx.events.on("attachment.updated", "notifications", async ({ data: a }) => {
      if (!a.infected || !a.uploaderId) return;
      const member = await ctx.db.membership.findUnique({ where: { workspaceId_userId: { workspaceId: a.workspaceId, userId: a.uploaderId } }, select: { userId: true } });
      if (!member) return;
      const where = a.entityType === "booking" ? `/bookings?booking=${a.entityId}` : a.taskId ? `/tasks/${a.taskId}` : a.projectId ? `/projects/${a.projectId}/board` : "";
      const link = `/w/${a.workspaceId}${where}`;
      const name = a.infected.fileName.length > 200 ? `${a.infected.fileName.slice(0, 199)}…` : a.infected.fileName;
      const title = `${name} was found infected and deleted`;
      const body = `The virus scanner found ${a.infected.signature} in it. Nobody downloaded it from TeamFlow; check the computer it came from.`;
      await notify(ctx, {
        userId: a.uploaderId,
        workspaceId: a.workspaceId,
        type: "ATTACHMENT_INFECTED",
        title,
        body,
        link,
        data: { attachmentId: a.id, entityType: a.entityType, entityId: a.entityId, signature: a.infected.signature },
        email: { subject: title, heading: title, paragraphs: [body], action: { label: "Open", url: `${ctx.config.APP_URL}${link}` } },
      });
    }),

    ctx.events.on("ai.budget_warning", "notifications", async ({ data: d }) => {
      const owners = await ctx.db.membership.findMany({ where: { workspaceId: d.workspaceId, role: "OWNER" }, select: { userId: true } });
      const title = `80 % of this month's AI budget is spent`;
      const body = `${d.spent.toFixed(2)} of ${d.budget.toFixed(2)} ${d.currency} in ${d.month}. AI features stop when it is all spent; you can raise the budget in the workspace settings.`;
      const link = `/w/${d.workspaceId}/settings/ai`;
      for (const { userId } of owners) {
        await notify(ctx, { userId, workspaceId: d.workspaceId, type: "AI_BUDGET_WARNING", title, body, link, data: { month: d.month, spent: d.spent, budget: d.budget, currency: d.currency }, email: { subject: title, heading: title, paragraphs: [body], action: { label: "AI settings", url: `${ctx.config.APP_URL}${link}` } } });
      }
    }),

    ctx.events.on("webhook.disabled", "notifications", async ({ data: d }) => {
      const admins = await ctx.db.membership.findMany({ where: { workspaceId: d.workspaceId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
      const title = "A webhook was switched off";
      const body = `${d.url} failed ${d.failures} deliveries in a row, so TeamFlow stopped sending to it. Fix the receiver, send a test, then switch it on again in the workspace settings.`;
      const link = `/w/${d.workspaceId}/settings/webhooks`;
      for (const { userId } of admins) {
        await notify(ctx, { userId, workspaceId: d.workspaceId, type: "WEBHOOK_DISABLED", title, body, link, data: { webhookId: d.id, failures: d.failures }, email: { subject: title, heading: title, paragraphs: [body, d.reason], action: { label: "Webhook settings", url: `${ctx.config.APP_URL}${link}` } } });
      }
    }),
  ];
  return () => unsubscribe.forEach((off) => off());
}
