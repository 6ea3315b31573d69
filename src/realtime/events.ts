/** Internal events realtime reacts to (not broadcast to clients). */
export const SESSION_REVOKED = "session.revoked";
export interface SessionRevokedData {
  familyIds?: string[];
  userId?: string;
}

/** A member lost access to a workspace: their sockets leave its room. */
export const MEMBER_REMOVED = "member.removed";
export const WORKSPACE_DELETED = "workspace.deleted";
