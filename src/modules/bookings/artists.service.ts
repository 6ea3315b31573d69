import type { Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { AppError, conflict, notFound } from "../../lib/errors";
import { escapeLike } from "../../lib/zod";
import { enforce, requireMembership, roleDenies, roleIn } from "../../access/permissions";
import { updateVersioned } from "../../db/versioned";
import { inTransaction } from "../../events/unit-of-work";
import { emitArtist } from "./artists.events";
import { canManageArtist, canManageAvailability, canReadArtists } from "./artists.policy";
import { presentArtist, presentTimeOff, presentWorkingHours, type PresentedArtist } from "./artists.presenter";
import type { ArtistInput, ArtistUpdate, TimeOffInput, WorkingHoursInput } from "./artists.schema";
import { fromIsoDay } from "../../lib/dates";
import { skillWhere, uniqueSkills, workspaceSkills } from "./artist-skills";

/** Artists (bookable people), their weekly working hours and their time off. */

type Tx = Prisma.TransactionClient;

/** The artist and the caller's role in its workspace; other tenants' artists answer 404. */
export async function loadArtist(ctx: AppContext, userId: string, artistId: string) {
  const artist = await ctx.db.artist.findUnique({ where: { id: artistId } });
  if (!artist) throw notFound("Artist");
  const role = await roleIn(ctx.db, artist.workspaceId, userId);
  if (!role) throw notFound("Artist");
  enforce(canReadArtists(role), roleDenies(role, "seeing artists"));
  return { artist, role };
}

/** The linked user must be a member of the workspace and not yet linked to another artist there. */
async function assertLinkable(tx: Tx, workspaceId: string, linkedUserId: string | null | undefined, artistId?: string) {
  if (!linkedUserId) return;
  if (!(await roleIn(tx, workspaceId, linkedUserId))) throw new AppError("VALIDATION_ERROR", "The linked user must be a member of the workspace", [{ field: "userId", message: "is not a member of this workspace" }]);
  const other = await tx.artist.findFirst({ where: { workspaceId, userId: linkedUserId, ...(artistId ? { id: { not: artistId } } : {}) }, select: { id: true } });
  if (other) throw conflict("This member is already linked to another artist.", [{ field: "userId", message: "is linked to another artist", artistId: other.id }]);
}


export async function createArtist(ctx: AppContext, userId: string, workspaceId: string, input: ArtistInput): Promise<PresentedArtist> {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canManageArtist(role), roleDenies(role, "managing artists"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await assertLinkable(tx, workspaceId, input.userId);
    const a = await tx.artist.create({
      data: {
        workspaceId,
        name: input.name,
        email: input.email ?? null,
        title: input.title ?? null,
        skills: uniqueSkills(input.skills) ?? [],
        dayRate: input.dayRate ?? null,
        currency: input.currency,
        timezone: input.timezone,
        color: input.color,
        active: input.active,
        userId: input.userId ?? null,
        portfolioLinks: input.portfolioLinks ?? [],
      },
    });
    const presented = presentArtist(a);
    emitArtist(emit, "artist.created", userId, presented);
    return presented;
  });
}

export async function listArtists(ctx: AppContext, userId: string, workspaceId: string, query: Page & { q?: string; skill?: string; active?: boolean; userId?: string }) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canReadArtists(role), roleDenies(role, "seeing artists"));
  const contains = query.q ? { contains: escapeLike(query.q), mode: "insensitive" as const } : undefined;
  const where: Prisma.ArtistWhereInput = {
    workspaceId,
    ...(query.active === undefined ? {} : { active: query.active }),
    ...(await skillWhere(ctx.db, workspaceId, query.skill)),
    ...(query.userId ? { userId: query.userId === "me" ? userId : query.userId } : {}),
    ...(contains ? { OR: [{ name: contains }, { title: contains }, { email: contains }] } : {}),
  };
  const [total, rows] = await ctx.db.$transaction([ctx.db.artist.count({ where }), ctx.db.artist.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], ...skipTake(query) })]);
  return { total, rows: rows.map(presentArtist) };
}

/** The workspace's skills with their artist counts (for filters and the skills field's suggestions). */
export async function listSkills(ctx: AppContext, userId: string, workspaceId: string) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canReadArtists(role), roleDenies(role, "seeing artists"));
  return workspaceSkills(ctx.db, workspaceId);
}

export async function getArtist(ctx: AppContext, userId: string, artistId: string): Promise<PresentedArtist> {
  return presentArtist((await loadArtist(ctx, userId, artistId)).artist);
}

/** A partial update; a stale `version` (body or If-Match) answers 409 with the current artist. */
export async function updateArtist(ctx: AppContext, userId: string, artistId: string, input: ArtistUpdate): Promise<PresentedArtist> {
  const { artist, role } = await loadArtist(ctx, userId, artistId);
  enforce(canManageArtist(role), roleDenies(role, "managing artists"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await assertLinkable(tx, artist.workspaceId, input.userId, artistId);
    await updateVersioned({
      resource: "artist",
      expected: input.version,
      claim: (version) =>
        tx.artist.updateMany({
          where: { id: artistId, ...version },
          data: {
            name: input.name,
            email: input.email,
            title: input.title,
            skills: uniqueSkills(input.skills),
            dayRate: input.dayRate,
            currency: input.currency,
            timezone: input.timezone,
            color: input.color,
            active: input.active,
            userId: input.userId,
            portfolioLinks: input.portfolioLinks,
            version: { increment: 1 },
          },
        }),
      current: async () => presentArtist(await tx.artist.findUniqueOrThrow({ where: { id: artistId } })),
    });
    const presented = presentArtist(await tx.artist.findUniqueOrThrow({ where: { id: artistId } }));
    emitArtist(emit, "artist.updated", userId, presented);
    return presented;
  });
}

/** Deletes an artist who was never booked; one with bookings keeps its history: deactivate it instead (PATCH active: false). */
export async function deleteArtist(ctx: AppContext, userId: string, artistId: string): Promise<void> {
  const { artist, role } = await loadArtist(ctx, userId, artistId);
  enforce(canManageArtist(role), roleDenies(role, "managing artists"));
  await inTransaction(ctx, async ({ tx, emit }) => {
    const booked = await tx.booking.count({ where: { artistId } });
    if (booked > 0) throw conflict(`${artist.name} has ${booked} booking${booked > 1 ? "s" : ""}, which keep their history: deactivate the artist instead (PATCH active: false).`, [{ field: "id", message: "has bookings" }]);
    await tx.artist.delete({ where: { id: artistId } });
    emit({ type: "artist.deleted", workspaceId: artist.workspaceId, actorId: userId, data: { id: artistId }, rooms: [`workspace:${artist.workspaceId}`] });
  });
}

// Working hours --------------------------------------------------------------

export async function getWorkingHours(ctx: AppContext, userId: string, artistId: string) {
  await loadArtist(ctx, userId, artistId);
  return presentWorkingHours(await ctx.db.workingHours.findMany({ where: { artistId } }));
}

/** Replaces the artist's week (the schema checked weekdays, times, order and overlaps). */
export async function putWorkingHours(ctx: AppContext, userId: string, artistId: string, ranges: WorkingHoursInput) {
  const { artist, role } = await loadArtist(ctx, userId, artistId);
  enforce(canManageAvailability(role, artist, userId), "Only admins and the artist themself can change working hours.");
  return inTransaction(ctx, async ({ tx, emit }) => {
    await tx.$queryRaw`SELECT id FROM artists WHERE id = ${artistId}::uuid FOR UPDATE`;
    await tx.workingHours.deleteMany({ where: { artistId } });
    await tx.workingHours.createMany({ data: ranges.map((r) => ({ artistId, weekday: r.weekday, startTime: r.start, endTime: r.end })) });
    emitArtist(emit, "artist.updated", userId, presentArtist(artist));
    return presentWorkingHours(await tx.workingHours.findMany({ where: { artistId } }));
  });
}

// Time off -------------------------------------------------------------------


export async function listTimeOff(ctx: AppContext, userId: string, artistId: string) {
  await loadArtist(ctx, userId, artistId);
  const rows = await ctx.db.timeOff.findMany({ where: { artistId }, orderBy: [{ startDate: "asc" }, { id: "asc" }] });
  return rows.map(presentTimeOff);
}

export async function createTimeOff(ctx: AppContext, userId: string, artistId: string, input: TimeOffInput) {
  const { artist, role } = await loadArtist(ctx, userId, artistId);
  enforce(canManageAvailability(role, artist, userId), "Only admins and the artist themself can add time off.");
  return inTransaction(ctx, async ({ tx, emit }) => {
    const row = await tx.timeOff.create({ data: { artistId, startDate: fromIsoDay(input.startDate), endDate: fromIsoDay(input.endDate), reason: input.reason ?? null } });
    emitArtist(emit, "artist.updated", userId, presentArtist(artist));
    return presentTimeOff(row);
  });
}

export async function deleteTimeOff(ctx: AppContext, userId: string, timeOffId: string) {
  const row = await ctx.db.timeOff.findUnique({ where: { id: timeOffId } });
  if (!row) throw notFound("Time off");
  const { artist, role } = await loadArtist(ctx, userId, row.artistId).catch(() => {
    throw notFound("Time off");
  });
  enforce(canManageAvailability(role, artist, userId), "Only admins and the artist themself can remove time off.");
  await inTransaction(ctx, async ({ tx, emit }) => {
    await tx.timeOff.delete({ where: { id: timeOffId } });
    emitArtist(emit, "artist.updated", userId, presentArtist(artist));
  });
}
