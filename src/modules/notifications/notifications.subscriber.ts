import type { AppContext } from "../../http/context";
import { logger } from "../../lib/logger";
import { mentionedIds, MENTION } from "../tasks";
import { mailer, renderEmail } from "./email";
import { sendEmailJob } from "./notifications.jobs";
import { notify } from "./notifications.service";

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
  ];
  return () => unsubscribe.forEach((off) => off());
}
