import { z } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { defineJob } from "../../jobs/job";

/** Keep revoked/expired sessions this long (reuse detection needs rotated rows for a while). */
const KEEP_DAYS = 30;

/** Maintenance: deletes sessions that expired or were revoked more than KEEP_DAYS ago. */
export const purgeSessionsJob = (ctx: AppContext) =>
  defineJob({
    name: "auth.purge-sessions",
    queue: "maintenance",
    schema: z.object({}).strict(),
    perform: async () => {
      const cutoff = new Date(ctx.now().getTime() - KEEP_DAYS * 86400_000);
      const { count } = await ctx.db.session.deleteMany({ where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] } });
      return { deleted: count };
    },
  });
