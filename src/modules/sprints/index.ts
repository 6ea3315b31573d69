export { sprintRoutes } from "./sprints";
