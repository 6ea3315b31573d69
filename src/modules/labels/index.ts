import "./labels.events";

/** The labels module: the labels a workspace puts on its tasks. */
export { labelRoutes } from "./labels.routes";
