import type { JobListing } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { AppError, conflict, notFound } from "../../lib/errors";
import { enforce, roleDenies } from "../../access/permissions";
import { inTransaction, type UnitOfWork } from "../../events/unit-of-work";
import { bookingOverlapConflict, createBookingInTransaction } from "../bookings";
import { TRANSITIONS } from "./application-transitions";
import { emitApplication } from "./job-listings.events";
import { canManageListings } from "./job-listings.policy";
import { presentApplication, type PresentedApplication } from "./job-listings.presenter";
import type { ApplyInput, HireInput, PublicApplyInput } from "./job-listings.schema";
import { loadApplication, loadListing, lockListing, placeApplication, recordApplicationEvent } from "./job-listings.service";

/** Applying (in-app and through the public page) and hiring into a pencil booking. */

interface NewApplication {
  name: string;
  email: string;
  portfolioLinks: string[];
  message: string;
  artistId: string | null;
  userId: string | null;
  source: "app" | "public";
}

async function insertApplication(ctx: AppContext, listing: JobListing, a: NewApplication, actorId: string | null): Promise<PresentedApplication> {
  const workspace = await ctx.db.workspace.findUniqueOrThrow({ where: { id: listing.workspaceId }, select: { name: true } });
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockListing(tx, listing.id);
    if (a.userId && (await tx.jobApplication.findFirst({ where: { listingId: listing.id, userId: a.userId }, select: { id: true } }))) {
      throw conflict("You already applied to this listing.", [{ field: "listingId", message: "has your application" }]);
    }
    const position = await tx.jobApplication.count({ where: { listingId: listing.id, status: "APPLIED" } });
    const row = await tx.jobApplication.create({ data: { ...a, listingId: listing.id, workspaceId: listing.workspaceId, position } });
    await recordApplicationEvent(tx, row.id, actorId, "created", null, { status: "APPLIED", source: a.source });
    const presented = presentApplication(row);
    emitApplication(emit, "job_application.created", actorId, presented);
    emit({ type: "job_application.received", workspaceId: listing.workspaceId, actorId, rooms: [], data: { application: presented, listing: { id: listing.id, title: listing.title, ownerId: listing.ownerId }, workspaceName: workspace.name } });
    return presented;
  });
}

/**
 * A signed-in user applies from inside: any member of the workspace who has an artist profile
 * there (an artist user), to an open listing, once per listing.
 */
export async function applyInApp(ctx: AppContext, userId: string, listingId: string, input: ApplyInput): Promise<PresentedApplication> {
  const { listing } = await loadListing(ctx, userId, listingId);
  const artist = await ctx.db.artist.findFirst({ where: { workspaceId: listing.workspaceId, userId } });
  if (!artist) throw new AppError("FORBIDDEN", "Only artists of this workspace apply from inside: ask an admin to link your artist profile, or use the public page.");
  if (listing.status !== "OPEN") throw conflict("This listing is closed.", [{ field: "status", message: "is CLOSED" }]);
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true } });
  return insertApplication(ctx, listing, {
    name: input.name ?? artist.name ?? user.name,
    email: input.email ?? artist.email ?? user.email,
    portfolioLinks: input.portfolioLinks.length ? input.portfolioLinks : artist.portfolioLinks,
    message: input.message,
    artistId: artist.id,
    userId,
    source: "app",
  }, userId);
}

/** A public, open listing (with its workspace's name and slug); the same 404 for unknown, private and closed ones. */
export async function loadPublicListing(ctx: AppContext, listingId: string) {
  const listing = await ctx.db.jobListing.findUnique({ where: { id: listingId }, include: { workspace: { select: { name: true, slug: true } } } });
  if (!listing || !listing.isPublic || listing.status !== "OPEN") throw notFound("Job listing");
  return listing;
}

/** The public form. A filled honeypot answers like a success and stores nothing (the bot learns nothing). */
export async function applyPublicly(ctx: AppContext, listingId: string, input: PublicApplyInput): Promise<void> {
  const listing = await loadPublicListing(ctx, listingId);
  if (input.website && input.website.trim() !== "") return;
  await insertApplication(ctx, listing, { name: input.name, email: input.email, portfolioLinks: input.portfolioLinks, message: input.message, artistId: null, userId: null, source: "public" }, null);
}

// Hiring ----------------------------------------------------------------------------------

/** The artist to link: the one asked for, the applicant's, the applicant user's, one with their email; or a new one. */
async function artistForHire(unit: UnitOfWork, listing: JobListing, a: { name: string; email: string; artistId: string | null; userId: string | null; portfolioLinks: string[] }, asked?: string) {
  const { tx } = unit;
  const ws = listing.workspaceId;
  if (asked) {
    const artist = await tx.artist.findFirst({ where: { id: asked, workspaceId: ws } });
    if (!artist) throw new AppError("VALIDATION_ERROR", "The artist must be an artist of this workspace", [{ field: "artistId", message: "is not an artist of this workspace" }]);
    return { artist, created: false };
  }
  const found =
    (a.artistId ? await tx.artist.findFirst({ where: { id: a.artistId, workspaceId: ws } }) : null) ??
    (a.userId ? await tx.artist.findFirst({ where: { userId: a.userId, workspaceId: ws } }) : null) ??
    (await tx.artist.findFirst({ where: { workspaceId: ws, email: { equals: a.email, mode: "insensitive" } }, orderBy: { createdAt: "asc" } }));
  if (found) return { artist: found, created: false };
  // The user link only when the applicant is a member (self-service needs membership).
  const member = a.userId ? await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: ws, userId: a.userId } }, select: { userId: true } }) : null;
  const artist = await tx.artist.create({
    data: { workspaceId: ws, name: a.name, email: a.email, skills: listing.skills, currency: listing.currency, portfolioLinks: a.portfolioLinks, userId: member ? a.userId : null },
  });
  return { artist, created: true };
}

/**
 * Hires the applicant in ONE transaction: links (or creates) their artist profile, moves the
 * application to HIRED and, with `pencil`, books them PENCIL on the listing's project through the
 * bookings module's create path. A clash (409) rolls all of it back: no new artist, no booking.
 */
export async function hire(ctx: AppContext, userId: string, applicationId: string, input: HireInput) {
  const { application, role } = await loadApplication(ctx, userId, applicationId);
  enforce(canManageListings(role), roleDenies(role, "hiring applicants"));
  const listing = await ctx.db.jobListing.findUniqueOrThrow({ where: { id: application.listingId } });
  let artistForError: { id: string; name: string } | null = null;
  const pencil = input.pencil ? { start: new Date(input.pencil.start), end: new Date(input.pencil.end) } : null;
  try {
    return await inTransaction(ctx, async (unit) => {
      const { tx, emit } = unit;
      await lockListing(tx, listing.id);
      const current = await tx.jobApplication.findUniqueOrThrow({ where: { id: applicationId } });
      if (input.version !== undefined && input.version !== current.version) {
        throw new AppError("CONFLICT", "The application was changed by someone else; nothing was hired. Reload it and try again.", [{ field: "version", message: `current version is ${current.version}` }], { current: presentApplication(current) });
      }
      if (!TRANSITIONS[current.status].includes("HIRED")) {
        const allowed = Object.entries(TRANSITIONS).filter(([, to]) => to.includes("HIRED")).map(([from]) => from);
        throw conflict(`An application that is ${current.status.toLowerCase()} cannot be hired.`, [{ field: "status", message: `hire from ${allowed.join(", ")}`, allowed }]);
      }
      const { artist, created } = await artistForHire(unit, listing, current, input.artistId);
      artistForError = artist;
      const next = await placeApplication(tx, current, "HIRED", undefined, { artistId: artist.id });
      let bookingId: string | null = null;
      if (pencil) {
        const booking = await createBookingInTransaction(unit, {
          workspaceId: listing.workspaceId,
          actorId: userId,
          artistId: artist.id,
          projectId: listing.projectId,
          title: input.pencil?.title ?? listing.title,
          notes: `Hired from the job listing “${listing.title}”.`,
          start: pencil.start,
          end: pencil.end,
          status: "PENCIL",
          force: input.pencil?.force === true,
        });
        bookingId = booking.id;
      }
      await recordApplicationEvent(tx, current.id, userId, "hired", { status: current.status }, { status: "HIRED", artistId: artist.id, artistCreated: created, bookingId });
      const presented = presentApplication(next);
      emitApplication(emit, "job_application.updated", userId, presented);
      return { application: presented, artistId: artist.id, artistCreated: created, bookingId };
    });
  } catch (err) {
    const overlap = pencil && artistForError ? await bookingOverlapConflict(ctx, err, artistForError, pencil.start, pencil.end) : null;
    throw overlap ?? err;
  }
}
