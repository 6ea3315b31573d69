export { searchRoutes } from "./search";
