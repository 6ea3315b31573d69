// API resource shapes, as the server's OpenAPI document declares them
// (api-schema.d.ts is generated from it by `npm run gen:api`). A change to the
// server contract shows up as a type error across the features.
import type { ApiData, Schema } from "./api";

export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const satisfies readonly Schema<"WorkspaceRole">[];
export type Role = Schema<"WorkspaceRole">;

export type User = Schema<"User">;
export type Me = Schema<"Me">;
/** One of my workspaces (GET /auth/me), with the permission keys my role grants there. */
export type WorkspaceSummary = Me["workspaces"][number];
export type Workspace = Schema<"Workspace">;
export type WorkspaceDetail = Schema<"WorkspaceDetail">;
export type AuthResult = Schema<"AuthResult">;
export type Member = Schema<"Member">;
export type Invitation = Schema<"Invitation">;
export type CreatedInvitation = Schema<"CreatedInvitation">;
export type InvitationStatus = Invitation["status"];
export type InvitationPreview = Schema<"InvitationPreview">;
export type AcceptedInvitation = ApiData<"post", "/invitations/{token}/accept">;
export type TokenScope = Schema<"ApiToken">["scope"];
export type ApiToken = Schema<"ApiToken">;
export type CreatedApiToken = Schema<"CreatedApiToken">;
export type ActivityEntry = Schema<"Activity">;
