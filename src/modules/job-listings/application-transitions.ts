import type { JobApplicationStatus } from "../../generated/prisma/client";

/**
 * SPEC §4.5 (APPLIED → SHORTLISTED → OFFERED → HIRED, or REJECTED / WITHDRAWN, plus REVIEWING for
 * a first look before a shortlist): from each status, where an application may go. HIRED is reached only through
 * POST /applications/:id/hire (it links the artist); WITHDRAWN only by the applicant.
 * A rejected applicant may be reconsidered. The API sends each application's list (`nextStatuses`).
 */
export const TRANSITIONS: Record<JobApplicationStatus, JobApplicationStatus[]> = {
  APPLIED: ["REVIEWING", "SHORTLISTED", "REJECTED"],
  REVIEWING: ["SHORTLISTED", "OFFERED", "REJECTED", "HIRED"],
  SHORTLISTED: ["REVIEWING", "OFFERED", "REJECTED", "HIRED"],
  OFFERED: ["SHORTLISTED", "REJECTED", "HIRED"],
  HIRED: [],
  REJECTED: ["REVIEWING"],
  WITHDRAWN: [],
};

/** Statuses the applicant may still withdraw from. */
export const WITHDRAWABLE: JobApplicationStatus[] = ["APPLIED", "REVIEWING", "SHORTLISTED", "OFFERED"];
