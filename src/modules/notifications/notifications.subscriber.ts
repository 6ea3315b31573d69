import type { DomainEvent } from "../../events/bus";
import type { AppContext } from "../../http/context";
import { logger } from "../../lib/logger";
import { mailer, renderEmail } from "./email";
import { sendEmailJob } from "./notifications.jobs";
import { notify } from "./notifications.service";

export const INVITATION_CREATED = "invitation.created";
export interface InvitationCreatedData {
  email: string;
  role: string;
  workspaceName: string;
  inviterName: string;
  acceptUrl: string;
  expiresAt: string;
}

/**
 * Turns domain events into notifications. Invitations: an in-app notification
 * when the invitee already has an account (email per their preference), and an
 * email to the address when it has none and SMTP is configured.
 */
export function subscribeNotifications(ctx: AppContext) {
  return ctx.events.subscribe("notifications", async (event: DomainEvent) => {
    if (event.type !== INVITATION_CREATED) return;
    const d = event.data as InvitationCreatedData;
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
        data: { workspaceId: event.workspaceId, role: d.role },
        email,
      });
    } else if (mailer(ctx.config)) {
      await ctx.jobs.enqueue(sendEmailJob(ctx), renderEmail({ to: d.email, ...email, footer: "You receive this because someone invited this address to TeamFlow." }));
    } else {
      logger.info("invitation created; email not configured, share the link", { workspaceId: event.workspaceId });
    }
  });
}
