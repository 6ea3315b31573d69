export { workspaceRoutes } from "./workspaces.routes";
export { createFirstWorkspaceIfFreshInstall, listMyWorkspaces } from "./workspaces.service";
export { authorize, can, requireMembership, roleIn, PERMISSIONS, type Permission } from "./permissions";
export { purgeInvitationsJob } from "./workspaces.jobs";
