import { z } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { defineJob } from "../../jobs/job";

/** Maintenance: deletes activity older than ACTIVITY_RETENTION_DAYS. */
export const pruneActivityJob = (ctx: AppContext) =>
  defineJob({
    name: "activity.prune",
    queue: "maintenance",
    schema: z.object({}).strict(),
    perform: async () => {
      const cutoff = new Date(ctx.now().getTime() - ctx.config.ACTIVITY_RETENTION_DAYS * 86400_000);
      const { count } = await ctx.db.activity.deleteMany({ where: { createdAt: { lt: cutoff } } });
      return { deleted: count };
    },
  });
