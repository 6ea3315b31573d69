import "./sprints.events";

/** The sprints module: a project's sprints, planned → active → completed. */
export { sprintRoutes } from "./sprints.routes";
export type { PresentedSprint } from "./sprints.presenter";
