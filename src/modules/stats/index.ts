import type { AppContext } from "../../http/context";
import type { AnyRoute } from "../../http/route";
import { projectStatsRoutes } from "./stats";
import { workspaceStatsRoutes } from "./workspace-stats";

export { projectStats } from "./stats";
export { workspaceStatsFor } from "./workspace-stats";
export { snapshotActiveSprints, snapshotSprintsJob, subscribeSprintSnapshots } from "./sprint-snapshots";

/** Dashboard numbers: GET /projects/:id/stats and GET /workspaces/:workspaceId/stats. */
export function statsRoutes(ctx: AppContext): AnyRoute[] {
  return [...projectStatsRoutes(ctx), ...workspaceStatsRoutes(ctx)];
}
