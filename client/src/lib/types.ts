// API resource shapes (see SPEC Appendix A). Kept in one place so a change
// to the server contract shows up as a type error across the features.

export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  timezone: string;
  createdAt: string;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

export interface Workspace extends WorkspaceSummary {
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Me {
  user: User;
  workspaces: WorkspaceSummary[];
}

export interface AuthResult {
  user: User;
  accessToken: string;
  expiresIn?: number;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export type InvitationStatus = "pending" | "accepted" | "declined" | "revoked" | "expired";

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  invitedBy: { id: string; name: string } | null;
  acceptUrl?: string;
}

export interface InvitationPreview {
  workspace: { id: string; name: string };
  email: string;
  role: Role;
  invitedBy: { id: string; name: string } | null;
  expiresAt: string;
  status: InvitationStatus;
}

export type TokenScope = "read" | "read-write";

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScope;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface CreatedApiToken extends ApiToken {
  token: string;
}
