import "./auth.events";
export { authRoutes, REFRESH_COOKIE } from "./auth.routes";
export { authenticate, createPassport } from "./passport";
export { purgeSessionsJob } from "./auth.jobs";
export { jwtVerifyOptions } from "./tokens";
export { oauthRoutes } from "./oauth";
