import type { presentMember } from "./workspaces.presenter";

type PresentedMember = ReturnType<typeof presentMember>;

/** What notifications needs to tell an invitee (the accept link carries the token). */
export interface InvitationCreatedData {
  email: string;
  role: string;
  workspaceName: string;
  inviterName: string;
  acceptUrl: string;
  expiresAt: string;
}

/** The workspaces module's events (to the workspace room unless said otherwise). */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "workspace.updated": { id: string; name: string; slug: string; version: number };
    /** Realtime tells the room, then empties it. */
    "workspace.deleted": { id: string };
    "member.joined": PresentedMember;
    "member.updated": PresentedMember;
    /** Realtime tells the member too, then takes them out of the workspace's rooms. */
    "member.removed": { userId: string };
    /** Internal (no room): notifications turns it into an in-app notification and/or email. */
    "invitation.created": InvitationCreatedData;
  }
}
