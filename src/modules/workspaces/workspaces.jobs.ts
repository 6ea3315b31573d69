import { z } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { defineJob } from "../../jobs/job";

const KEEP_DAYS = 30;

/** Maintenance: deletes invitations that expired, or were answered or revoked, more than KEEP_DAYS ago. */
export const purgeInvitationsJob = (ctx: AppContext) =>
  defineJob({
    name: "workspaces.purge-invitations",
    queue: "maintenance",
    schema: z.object({}).strict(),
    perform: async () => {
      const cutoff = new Date(ctx.now().getTime() - KEEP_DAYS * 86400_000);
      const { count } = await ctx.db.invitation.deleteMany({
        where: { OR: [{ expiresAt: { lt: cutoff } }, { acceptedAt: { lt: cutoff } }, { declinedAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] },
      });
      return { deleted: count };
    },
  });
