import type { AppContext } from "../../http/context";
import { snapshotSprintsJob } from "./stats.jobs";

/** A sprint that starts gets its first snapshot right away: the scope it started with. */
export function subscribeSprintSnapshots(ctx: AppContext): () => void {
  return ctx.events.on("sprint.started", "sprint-snapshots", async ({ data }) => {
    await ctx.jobs.enqueue(snapshotSprintsJob(ctx), { sprintId: data.id });
  });
}
