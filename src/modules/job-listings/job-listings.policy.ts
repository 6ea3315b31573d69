import { can } from "../../access/permissions";
import type { WorkspaceRole } from "../../generated/prisma/client";

/** Who may do what with job listings (SPEC §4.5): ADMIN+ manage, MEMBER+ read. */
export const canReadListings = (role: WorkspaceRole) => can(role, "job_listing:read");
/** Create, edit, delete listings; move applications; hire. */
export const canManageListings = (role: WorkspaceRole) => can(role, "job_listing:manage");
/** The applicant themself (the signed-in user who applied). */
export const isOwnApplication = (application: { userId: string | null }, userId: string) => application.userId !== null && application.userId === userId;
