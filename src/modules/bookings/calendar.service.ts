import type { Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { escapeLike } from "../../lib/zod";
import { isoDay } from "../../lib/dates";
import { presentWorkingHours } from "./artists.presenter";
import { dayOffInterval } from "./availability";
import { canReadBookings } from "./bookings.policy";
import { ranked } from "./bookings.service";
import { MAX_CALENDAR_ARTISTS, type CalendarQuery } from "./calendar.schema";

/**
 * The resource calendar's one request: the artists (rows) with their working
 * hours and time off, and their bookings over [from, to). A fixed handful of
 * set-based queries whatever the number of artists and bookings (no N+1):
 * artists and their count, working hours, time off, bookings with project
 * names, and the hold ranks of all holds at once.
 */

const DAY_MS = 86_400_000;
const DEFAULT_STATUSES: CalendarQuery["status"] = ["HOLD", "PENCIL", "CONFIRMED"];

export async function calendar(ctx: AppContext, userId: string, workspaceId: string, query: CalendarQuery) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canReadBookings(role), roleDenies(role, "seeing bookings"));
  const from = new Date(query.from);
  const to = new Date(query.to);
  const where: Prisma.ArtistWhereInput = {
    workspaceId,
    ...(query.includeInactive ? {} : { active: true }),
    ...(query.skill ? { skills: { has: query.skill } } : {}),
    ...(query.q ? { name: { contains: escapeLike(query.q), mode: "insensitive" as const } } : {}),
    ...(query.artistId ? { id: { in: query.artistId } } : {}),
  };
  const [artistCount, artists] = await ctx.db.$transaction([
    ctx.db.artist.count({ where }),
    ctx.db.artist.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], take: MAX_CALENDAR_ARTISTS }),
  ]);
  const ids = artists.map((a) => a.id);
  const [hours, timeOff, rows] = await Promise.all([
    ctx.db.workingHours.findMany({ where: { artistId: { in: ids } } }),
    // Two days' margin for timezones; the exact local-day overlap is checked below.
    ctx.db.timeOff.findMany({
      where: { artistId: { in: ids }, startDate: { lte: new Date(to.getTime() + 2 * DAY_MS) }, endDate: { gte: new Date(from.getTime() - 2 * DAY_MS) } },
      orderBy: [{ startDate: "asc" }, { id: "asc" }],
    }),
    ctx.db.booking.findMany({
      where: {
        workspaceId,
        artistId: { in: ids },
        status: { in: query.status ?? DEFAULT_STATUSES },
        startTime: { lt: to },
        endTime: { gt: from },
        ...(query.projectId ? { projectId: query.projectId } : {}),
      },
      include: { project: { select: { name: true } } },
      orderBy: [{ startTime: "asc" }, { id: "asc" }],
    }),
  ]);
  const presented = await ranked(ctx.db, rows);
  const byArtist = new Map(artists.map((a) => [a.id, a]));
  const group = <T extends { artistId: string }>(list: T[]) => {
    const out = new Map<string, T[]>();
    for (const item of list) {
      const entry = out.get(item.artistId);
      if (entry) entry.push(item);
      else out.set(item.artistId, [item]);
    }
    return out;
  };
  const hoursOf = group(hours);
  const timeOffOf = group(timeOff);
  return {
    data: {
      from: from.toISOString(),
      to: to.toISOString(),
      artists: artists.map((a) => ({
        id: a.id,
        name: a.name,
        title: a.title,
        color: a.color,
        timezone: a.timezone,
        skills: a.skills,
        active: a.active,
        userId: a.userId,
        dayRate: a.dayRate,
        currency: a.currency,
        workingHours: presentWorkingHours(hoursOf.get(a.id) ?? []),
        timeOff: (timeOffOf.get(a.id) ?? [])
          .map((o) => ({ id: o.id, startDate: isoDay(o.startDate), endDate: isoDay(o.endDate), reason: o.reason }))
          .filter((o) => {
            const [start, end] = dayOffInterval(a.timezone, o);
            return start < to.getTime() && end > from.getTime();
          }),
      })),
      bookings: presented.map((b, i) => ({ ...b, projectName: rows[i].project?.name ?? null, artistName: byArtist.get(b.artistId)?.name ?? "" })),
    },
    meta: { artistCount, truncated: artistCount > artists.length },
  };
}
