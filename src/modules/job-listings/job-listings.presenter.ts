import type { JobApplication, JobApplicationEvent, JobApplicationStatus, JobListing } from "../../generated/prisma/client";
import { isoDayOrNull } from "../../lib/dates";
import { TRANSITIONS, WITHDRAWABLE } from "./application-transitions";

export type ApplicationCounts = Record<JobApplicationStatus, number>;
export const emptyCounts = (): ApplicationCounts => ({ APPLIED: 0, REVIEWING: 0, SHORTLISTED: 0, OFFERED: 0, HIRED: 0, REJECTED: 0, WITHDRAWN: 0 });

const listingFields = (l: JobListing) => ({
  id: l.id,
  title: l.title,
  description: l.description,
  skills: l.skills,
  startDate: isoDayOrNull(l.startDate),
  endDate: isoDayOrNull(l.endDate),
  rateMin: l.rateMin,
  rateMax: l.rateMax,
  currency: l.currency,
  location: l.location,
  remote: l.remote,
});

export const presentListing = (l: JobListing, counts: ApplicationCounts) => ({
  ...listingFields(l),
  workspaceId: l.workspaceId,
  projectId: l.projectId,
  ownerId: l.ownerId,
  status: l.status,
  isPublic: l.isPublic,
  applicationCounts: counts,
  version: l.version,
  createdAt: l.createdAt.toISOString(),
  updatedAt: l.updatedAt.toISOString(),
});

/** The public page's listing: no owner, project, counts or status; the workspace by name and slug only. */
export const presentPublicListing = (l: JobListing, workspace: { name: string; slug: string }) => ({ ...listingFields(l), workspace });

export const presentApplication = (a: JobApplication) => ({
  id: a.id,
  listingId: a.listingId,
  workspaceId: a.workspaceId,
  name: a.name,
  email: a.email,
  portfolioLinks: a.portfolioLinks,
  message: a.message,
  artistId: a.artistId,
  userId: a.userId,
  status: a.status,
  nextStatuses: TRANSITIONS[a.status],
  withdrawable: WITHDRAWABLE.includes(a.status),
  position: a.position,
  source: a.source,
  version: a.version,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

export const presentApplicationEvent = (e: JobApplicationEvent) => ({
  id: e.id,
  applicationId: e.applicationId,
  actorId: e.actorId,
  type: e.type,
  before: e.before ?? null,
  after: e.after ?? null,
  createdAt: e.createdAt.toISOString(),
});

export type PresentedListing = ReturnType<typeof presentListing>;
export type PresentedApplication = ReturnType<typeof presentApplication>;
