/** The activity module: the audit trail every change writes, and the feed that reads it. */
export { activityRoutes } from "./activity.routes";
export { presentActivity } from "./activity.presenter";
export { activityItem } from "./activity.schema";
export { fieldChanges, recordActivity, type ActivityEntry } from "./activity.service";
export { pruneActivityJob } from "./activity.jobs";
