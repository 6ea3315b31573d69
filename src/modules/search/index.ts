/** The search module: full-text search of a workspace's tasks and comments. */
export { searchRoutes } from "./search.routes";
