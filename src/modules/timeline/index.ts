import "./timeline.events";

/** The project timeline module (SPEC §4.3): phases with finish-to-start dependencies, milestones, and the Gantt's one-call read. */
export { timelineRoutes } from "./timeline.routes";
export type { PresentedMilestone, PresentedPhase } from "./timeline.presenter";
