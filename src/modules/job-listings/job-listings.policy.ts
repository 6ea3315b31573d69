import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with job listings (SPEC §4.5): ADMIN+ manage, MEMBER+ read. */
export const canReadListings = (role: WorkspaceRole) => can(role, "job_listing:read");
/** Create, edit, delete listings; move applications; hire. */
export const canManageListings = (role: WorkspaceRole) => can(role, "job_listing:manage");
/** The applicant themself (the signed-in user who applied). */
export const isOwnApplication = (application: { userId: string | null }, userId: string) => application.userId !== null && application.userId === userId;
/**
 * An artist user who may not read listings (a VIEWER linked to an artist of the workspace) still
 * sees the OPEN ones, read only and without the applications, so they can apply from inside.
 */
export const canBrowseOpenListings = (role: WorkspaceRole, isArtist: boolean) => isArtist && can(role, "job_listing:apply");
