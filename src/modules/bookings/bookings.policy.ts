import { can } from "../../access/permissions";
import type { Artist, WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with bookings. Services enforce these with `enforce()`. */
export const canReadBookings = (role: WorkspaceRole) => can(role, "booking:read");
export const canCreateBooking = (role: WorkspaceRole) => can(role, "booking:create");
/** Move, resize, edit, change status, cancel. */
export const canUpdateBooking = (role: WorkspaceRole) => can(role, "booking:update");
/** Promoting a hold that is not first (SPEC §4.5): admins, with `force: true`. */
export const canPromoteLowerHold = (role: WorkspaceRole) => can(role, "artist:manage");
/** Accept or decline: the artist's own linked user, whatever their role. */
export const canRespond = (artist: Pick<Artist, "userId">, userId: string) => artist.userId === userId;
