import type { AppContext } from "../http/context";
import { pruneActivityJob } from "../modules/activity";
import { breakdownJob, pruneAiJobsJob } from "../modules/ai";
import { purgeSessionsJob } from "../modules/auth";
import { expireHoldsJob } from "../modules/bookings";
import { fileJobs, scheduleFileJobs } from "../modules/files";
import { deliverNotificationJob, sendEmailJob } from "../modules/notifications";
import { snapshotSprintsJob } from "../modules/stats";
import { documentJobs, scheduleDocumentJobs } from "../modules/documents";
import { purgeInvitationsJob } from "../modules/workspaces";
import { deliverWebhookJob, fanOutWebhookJob, resumeStuckDeliveriesJob } from "../modules/webhooks";
import type { JobDefinition } from "./job";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every job of every module, bound to the context. */
export function allJobs(ctx: AppContext): JobDefinition<any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return [purgeSessionsJob(ctx), purgeInvitationsJob(ctx), sendEmailJob(ctx), deliverNotificationJob(ctx), pruneActivityJob(ctx), snapshotSprintsJob(ctx), expireHoldsJob(ctx), ...fileJobs(ctx), ...documentJobs(ctx), breakdownJob(ctx), pruneAiJobsJob(ctx), deliverWebhookJob(ctx), fanOutWebhookJob(ctx), resumeStuckDeliveriesJob(ctx)];
}

/** Repeatable schedules (one per job name across instances with BullMQ). */
export async function scheduleRecurringJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.schedule(purgeSessionsJob(ctx), {}, 6 * HOUR);
  await ctx.jobs.schedule(purgeInvitationsJob(ctx), {}, 6 * HOUR);
  await ctx.jobs.schedule(pruneActivityJob(ctx), {}, 24 * HOUR);
  await ctx.jobs.schedule(snapshotSprintsJob(ctx), {}, HOUR);
  await ctx.jobs.schedule(expireHoldsJob(ctx), {}, 15 * MINUTE);
  await ctx.jobs.schedule(pruneAiJobsJob(ctx), {}, HOUR);
  await ctx.jobs.schedule(resumeStuckDeliveriesJob(ctx), {}, 5 * MINUTE);
  await scheduleFileJobs(ctx);
  await scheduleDocumentJobs(ctx);
}
