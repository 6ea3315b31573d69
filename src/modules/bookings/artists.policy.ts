import { can } from "../../access/permissions";
import type { Artist, WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with artists. Services enforce these with `enforce()`. */
export const canReadArtists = (role: WorkspaceRole) => can(role, "artist:read");
/** Create, change, delete artists: owners and admins. */
export const canManageArtist = (role: WorkspaceRole) => can(role, "artist:manage");
/** Working hours and time off: whoever manages artists, and the artist's own linked user whatever their role. */
export const canManageAvailability = (role: WorkspaceRole, artist: Pick<Artist, "userId">, userId: string) => can(role, "artist:manage") || artist.userId === userId;
/** Create, replace or revoke the artist's calendar feed: whoever manages artists, and the artist's own linked user whatever their role. */
export const canManageCalendarFeed = (role: WorkspaceRole, artist: Pick<Artist, "userId">, userId: string) => can(role, "artist:manage") || artist.userId === userId;
