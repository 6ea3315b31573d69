export { activityRoutes, presentActivity, activityItem } from "./activity.routes";
export { recordActivity, type ActivityEntry } from "./activity.service";
