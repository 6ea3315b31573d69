export { statsRoutes, projectStats } from "./stats";
