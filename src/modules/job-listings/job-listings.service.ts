import type { JobApplication, JobListing, Prisma, WorkspaceRole } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake } from "../../http/pagination";
import { AppError, conflict, notFound } from "../../lib/errors";
import { enforce, requireMembership, roleDenies, roleIn } from "../../access/permissions";
import { updateVersioned } from "../../db/versioned";
import { inTransaction, type UnitOfWork } from "../../events/unit-of-work";
import { dateInput, isoDayOrNull } from "../../lib/dates";
import { escapeLike } from "../../lib/zod";
import { TRANSITIONS, WITHDRAWABLE } from "./application-transitions";
import { emitApplication, emitListing } from "./job-listings.events";
import { canBrowseOpenListings, canManageListings, canReadListings } from "./job-listings.policy";
import { emptyCounts, presentApplication, presentApplicationEvent, presentListing, type PresentedApplication, type PresentedListing } from "./job-listings.presenter";
import type { ListingInput, ListingListQuery, ListingUpdate, MoveInput } from "./job-listings.schema";

/** Job listings of a workspace (SPEC §4.5): open roles, their applications on a board by status, with history. */

type Tx = Prisma.TransactionClient;
type Db = AppContext["db"] | Tx;

export async function countsOf(db: Db, listingIds: string[]) {
  const groups = await db.jobApplication.groupBy({ by: ["listingId", "status"], where: { listingId: { in: listingIds } }, _count: true });
  const map = new Map(listingIds.map((id) => [id, emptyCounts()]));
  for (const g of groups) map.get(g.listingId)![g.status] = g._count;
  return map;
}

export const withCounts = async (db: Db, l: JobListing): Promise<PresentedListing> => presentListing(l, (await countsOf(db, [l.id])).get(l.id)!);

/** The listing and the caller's role; other tenants' listings (and non-readers') answer 404. */
export async function loadListing(ctx: AppContext, userId: string, listingId: string) {
  const listing = await ctx.db.jobListing.findUnique({ where: { id: listingId } });
  if (!listing) throw notFound("Job listing");
  const role = await roleIn(ctx.db, listing.workspaceId, userId);
  if (!role) throw notFound("Job listing");
  return { listing, role };
}

const isArtistOf = async (ctx: AppContext, workspaceId: string, userId: string) => Boolean(await ctx.db.artist.findFirst({ where: { workspaceId, userId }, select: { id: true } }));

/**
 * What the caller sees of listings: "all" (MEMBER+), "open" (an artist user without the read
 * permission: OPEN listings only, no application counts); anything else is refused.
 */
async function listingAccess(ctx: AppContext, workspaceId: string, userId: string, role: WorkspaceRole): Promise<"all" | "open"> {
  if (canReadListings(role)) return "all";
  enforce(canBrowseOpenListings(role, await isArtistOf(ctx, workspaceId, userId)), roleDenies(role, "seeing job listings"));
  return "open";
}

async function readable(ctx: AppContext, userId: string, listingId: string) {
  const loaded = await loadListing(ctx, userId, listingId);
  const access = await listingAccess(ctx, loaded.listing.workspaceId, userId, loaded.role);
  // A closed listing is not there for someone who may only see open ones.
  if (access === "open" && loaded.listing.status !== "OPEN") throw notFound("Job listing");
  return { ...loaded, access };
}

async function manageable(ctx: AppContext, userId: string, listingId: string) {
  const loaded = await loadListing(ctx, userId, listingId);
  enforce(canManageListings(loaded.role), roleDenies(loaded.role, "managing job listings"));
  return loaded;
}

async function assertProject(db: Db, workspaceId: string, projectId: string | null | undefined) {
  if (!projectId) return;
  const p = await db.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
  if (!p || p.workspaceId !== workspaceId) throw new AppError("VALIDATION_ERROR", "The project must be a project of this workspace", [{ field: "projectId", message: "is not a project of this workspace" }]);
}

/** Skills kept as typed, without a second spelling of one already listed. */
const uniqueSkills = (skills: string[] | undefined) => {
  if (!skills) return undefined;
  const seen = new Set<string>();
  return skills.filter((s) => !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()));
};

export async function listListings(ctx: AppContext, userId: string, workspaceId: string, query: ListingListQuery) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  const access = await listingAccess(ctx, workspaceId, userId, role);
  if (access === "open" && query.status === "CLOSED") return { total: 0, rows: [] };
  let skillIds: string[] | undefined;
  if (query.skill) {
    // Skills compare without case ("compositing" finds "Compositing").
    const rows = await ctx.db.$queryRaw<{ id: string }[]>`
      SELECT l.id::text FROM job_listings l WHERE l.workspace_id = ${workspaceId}::uuid AND EXISTS (SELECT 1 FROM unnest(l.skills) s WHERE lower(s) = lower(${query.skill}))`;
    skillIds = rows.map((r) => r.id);
  }
  const q = query.q ? escapeLike(query.q) : undefined;
  const where: Prisma.JobListingWhereInput = {
    workspaceId,
    ...(access === "open" ? { status: "OPEN" as const } : query.status ? { status: query.status } : {}),
    ...(skillIds ? { id: { in: skillIds } } : {}),
    ...(q ? { OR: [{ title: { contains: q, mode: "insensitive" } }, { description: { contains: q, mode: "insensitive" } }] } : {}),
  };
  const [total, rows] = await ctx.db.$transaction([ctx.db.jobListing.count({ where }), ctx.db.jobListing.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...skipTake(query) })]);
  if (access === "open") return { total, rows: rows.map((r) => presentListing(r, emptyCounts())) };
  const counts = await countsOf(ctx.db, rows.map((r) => r.id));
  return { total, rows: rows.map((r) => presentListing(r, counts.get(r.id)!)) };
}

export async function getListing(ctx: AppContext, userId: string, listingId: string): Promise<PresentedListing> {
  const { listing, access } = await readable(ctx, userId, listingId);
  // Someone who may only apply sees no numbers of the pipeline.
  return access === "open" ? presentListing(listing, emptyCounts()) : withCounts(ctx.db, listing);
}

export async function createListing(ctx: AppContext, userId: string, workspaceId: string, input: ListingInput): Promise<PresentedListing> {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canManageListings(role), roleDenies(role, "posting job listings"));
  await assertProject(ctx.db, workspaceId, input.projectId);
  return inTransaction(ctx, async ({ tx, emit }) => {
    const l = await tx.jobListing.create({
      data: {
        workspaceId,
        ownerId: userId,
        projectId: input.projectId ?? null,
        title: input.title,
        description: input.description,
        skills: uniqueSkills(input.skills),
        startDate: dateInput(input.startDate),
        endDate: dateInput(input.endDate),
        rateMin: input.rateMin ?? null,
        rateMax: input.rateMax ?? null,
        currency: input.currency,
        location: input.location ?? null,
        remote: input.remote,
        status: input.status,
        isPublic: input.isPublic,
      },
    });
    const presented = presentListing(l, emptyCounts());
    emitListing(emit, "job_listing.created", userId, presented);
    return presented;
  });
}

/** Partial update; the merged dates and rates must stay in order. A stale `version` answers 409 with the current listing. */
export async function updateListing(ctx: AppContext, userId: string, listingId: string, input: ListingUpdate): Promise<PresentedListing> {
  const { listing: current } = await manageable(ctx, userId, listingId);
  const start = input.startDate !== undefined ? input.startDate : isoDayOrNull(current.startDate);
  const end = input.endDate !== undefined ? input.endDate : isoDayOrNull(current.endDate);
  if (start && end && start > end) throw new AppError("VALIDATION_ERROR", "The end date is before the start date", [{ field: "endDate", message: "must not be before startDate" }]);
  const min = input.rateMin !== undefined ? input.rateMin : current.rateMin;
  const max = input.rateMax !== undefined ? input.rateMax : current.rateMax;
  if (min != null && max != null && min > max) throw new AppError("VALIDATION_ERROR", "The minimum rate is above the maximum", [{ field: "rateMax", message: "must not be below rateMin" }]);
  await assertProject(ctx.db, current.workspaceId, input.projectId);
  return inTransaction(ctx, async ({ tx, emit }) => {
    await updateVersioned({
      resource: "job listing",
      expected: input.version,
      claim: (version) =>
        tx.jobListing.updateMany({
          where: { id: listingId, ...version },
          data: {
            title: input.title,
            description: input.description,
            skills: uniqueSkills(input.skills),
            startDate: dateInput(input.startDate),
            endDate: dateInput(input.endDate),
            rateMin: input.rateMin,
            rateMax: input.rateMax,
            currency: input.currency,
            location: input.location,
            remote: input.remote,
            status: input.status,
            isPublic: input.isPublic,
            projectId: input.projectId,
            version: { increment: 1 },
          },
        }),
      current: async () => withCounts(tx, await tx.jobListing.findUniqueOrThrow({ where: { id: listingId } })),
    });
    const presented = await withCounts(tx, await tx.jobListing.findUniqueOrThrow({ where: { id: listingId } }));
    emitListing(emit, "job_listing.updated", userId, presented);
    return presented;
  });
}

/** Deletes the listing with its applications and their history (hired artists and their bookings stay). */
export async function deleteListing(ctx: AppContext, userId: string, listingId: string): Promise<void> {
  const { listing } = await manageable(ctx, userId, listingId);
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.jobListing.delete({ where: { id: listing.id } });
    emit({ type: "job_listing.deleted", workspaceId: listing.workspaceId, actorId: userId, data: { id: listing.id }, rooms: [`workspace:${listing.workspaceId}`] });
  });
}

// Applications -----------------------------------------------------------------------

export async function listApplications(ctx: AppContext, userId: string, listingId: string, query: { page: number; perPage: number; status?: JobApplication["status"]; mine?: boolean }) {
  const { access } = await readable(ctx, userId, listingId);
  // An artist user who may only browse open listings sees their own application, nobody else's.
  const where: Prisma.JobApplicationWhereInput = { listingId, ...(access === "open" || query.mine ? { userId } : {}), ...(query.status ? { status: query.status } : {}) };
  const [total, rows] = await ctx.db.$transaction([
    ctx.db.jobApplication.count({ where }),
    ctx.db.jobApplication.findMany({ where, orderBy: [{ status: "asc" }, { position: "asc" }, { createdAt: "asc" }], ...skipTake(query) }),
  ]);
  return { total, rows: rows.map(presentApplication) };
}

/** The application and the caller's role; the applicant themself may read their own. Others (and other tenants) get 404. */
export async function loadApplication(ctx: AppContext, userId: string, applicationId: string) {
  const application = await ctx.db.jobApplication.findUnique({ where: { id: applicationId } });
  if (!application) throw notFound("Application");
  const role = await roleIn(ctx.db, application.workspaceId, userId);
  const own = application.userId === userId;
  if (!role || (!canReadListings(role) && !own)) throw notFound("Application");
  return { application, role, own };
}

export async function getApplication(ctx: AppContext, userId: string, applicationId: string): Promise<PresentedApplication> {
  return presentApplication((await loadApplication(ctx, userId, applicationId)).application);
}

export async function listApplicationEvents(ctx: AppContext, userId: string, applicationId: string) {
  await loadApplication(ctx, userId, applicationId);
  const rows = await ctx.db.jobApplicationEvent.findMany({ where: { applicationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(presentApplicationEvent);
}

/** Board moves of one listing queue behind its row lock, so positions never collide. */
export const lockListing = (tx: Tx, listingId: string) => tx.$queryRaw`SELECT id FROM job_listings WHERE id = ${listingId}::uuid FOR UPDATE`;

export async function recordApplicationEvent(tx: Tx, applicationId: string, actorId: string | null, type: string, before: unknown, after: unknown) {
  await tx.jobApplicationEvent.create({ data: { applicationId, actorId, type, before: (before ?? undefined) as never, after: (after ?? undefined) as never } });
}

const columnSize = (tx: Tx, listingId: string, status: JobApplication["status"]) => tx.jobApplication.count({ where: { listingId, status } });

/**
 * Takes the application out of its column and puts it at `position` (default the end)
 * of `status`'s column, shifting the others. The caller holds the listing's lock.
 */
export async function placeApplication(tx: Tx, a: JobApplication, status: JobApplication["status"], position: number | undefined, extra: Prisma.JobApplicationUncheckedUpdateInput = {}) {
  // Positions stay 0..n-1, so the board's index of a card is its position: a place past the end is
  // refused (the board sends no position to drop at the end), never stored as something else than sent.
  const end = (await columnSize(tx, a.listingId, status)) - (status === a.status ? 1 : 0);
  if (position !== undefined && position > end) {
    throw conflict(`That column has ${end} other application${end === 1 ? "" : "s"}, so the last place is ${end}. Reload the board and drop it again.`, [{ field: "position", message: `at most ${end}` }]);
  }
  const at = position ?? end;
  await tx.jobApplication.updateMany({ where: { listingId: a.listingId, status: a.status, position: { gt: a.position } }, data: { position: { decrement: 1 } } });
  await tx.jobApplication.updateMany({ where: { listingId: a.listingId, status, position: { gte: at }, id: { not: a.id } }, data: { position: { increment: 1 } } });
  return tx.jobApplication.update({ where: { id: a.id }, data: { status, position: at, version: { increment: 1 }, ...extra } });
}

function assertTransition(from: JobApplication["status"], to: JobApplication["status"]) {
  if (from === to) return;
  const allowed = TRANSITIONS[from];
  if (to === "HIRED" && allowed.includes("HIRED")) throw conflict("Hire through POST /applications/:id/hire: it links the artist and can pencil them.", [{ field: "status", message: "use the hire action" }]);
  if (to === "WITHDRAWN") throw conflict("Only the applicant withdraws an application.", [{ field: "status", message: "is for the applicant" }]);
  if (!allowed.includes(to)) {
    throw conflict(`An application that is ${from.toLowerCase()} cannot become ${to.toLowerCase()}.`, [{ field: "status", message: `allowed from ${from}: ${allowed.join(", ") || "none (final)"}`, allowed }]);
  }
}

/** Moves an application on the board: a new status (allowed transitions only) and/or a place in its column. */
export async function moveApplication(ctx: AppContext, userId: string, applicationId: string, input: MoveInput): Promise<PresentedApplication> {
  const { application, role } = await loadApplication(ctx, userId, applicationId);
  enforce(canManageListings(role), roleDenies(role, "moving applications"));
  const to = input.status;
  assertTransition(application.status, to);
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockListing(tx, application.listingId);
    const current = await tx.jobApplication.findUniqueOrThrow({ where: { id: applicationId } });
    if (input.version !== undefined && input.version !== current.version) {
      throw new AppError("CONFLICT", "The application was changed by someone else; your change was not saved. Reload it and try again.", [{ field: "version", message: `current version is ${current.version}` }], { current: presentApplication(current) });
    }
    assertTransition(current.status, to);
    const next = await placeApplication(tx, current, to, input.position);
    if (current.status !== to) await recordApplicationEvent(tx, current.id, userId, "status_changed", { status: current.status }, { status: to });
    const presented = presentApplication(next);
    emitApplication(emit, "job_application.updated", userId, presented);
    return presented;
  });
}

/** The applicant withdraws their own application (any status before a decision). */
export async function withdrawApplication(ctx: AppContext, userId: string, applicationId: string): Promise<PresentedApplication> {
  const { application, own } = await loadApplication(ctx, userId, applicationId);
  if (!own) throw notFound("Application");
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockListing(tx, application.listingId);
    const current = await tx.jobApplication.findUniqueOrThrow({ where: { id: applicationId } });
    if (!WITHDRAWABLE.includes(current.status)) {
      throw conflict(`This application is ${current.status.toLowerCase()}; it can no longer be withdrawn.`, [{ field: "status", message: `is ${current.status}`, allowed: [] }]);
    }
    const next = await placeApplication(tx, current, "WITHDRAWN", undefined);
    await recordApplicationEvent(tx, current.id, userId, "withdrawn", { status: current.status }, { status: "WITHDRAWN" });
    const presented = presentApplication(next);
    emitApplication(emit, "job_application.updated", userId, presented);
    return presented;
  });
}

export type { UnitOfWork, WorkspaceRole };
