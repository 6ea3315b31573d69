export { labelRoutes } from "./labels";
