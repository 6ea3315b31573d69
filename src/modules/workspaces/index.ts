import "./workspaces.events";

/** The workspaces module: workspaces, members and their roles, invitations. */
export { workspaceRoutes } from "./workspaces.routes";
export { createFirstWorkspaceIfFreshInstall, listMyWorkspaces } from "./workspaces.service";
export { purgeInvitationsJob } from "./workspaces.jobs";
export type { InvitationCreatedData } from "./workspaces.events";
