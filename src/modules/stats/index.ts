/** The stats module: the project and workspace dashboards, and the sprint snapshots their burndown reads. */
export { statsRoutes } from "./stats.routes";
export { projectStats } from "./stats.service";
export { snapshotActiveSprints, snapshotSprintsJob } from "./stats.jobs";
export { subscribeSprintSnapshots } from "./stats.subscriber";
