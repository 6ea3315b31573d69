export { adminRoutes, adminGate, ADMIN_COOKIE } from "./admin.routes";
export { isInstallAdmin } from "./admin.policy";
