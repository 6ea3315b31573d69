export { activityRoutes, presentActivity, activityItem } from "./activity.routes";
export { recordActivity, type ActivityEntry } from "./activity.service";
export { pruneActivityJob } from "./activity.jobs";
