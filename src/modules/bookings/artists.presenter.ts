import type { Artist, TimeOff, WorkingHours } from "../../generated/prisma/client";
import { isoDay } from "../../lib/dates";

export const presentArtist = (a: Artist) => ({
  id: a.id,
  workspaceId: a.workspaceId,
  userId: a.userId,
  name: a.name,
  email: a.email,
  title: a.title,
  skills: a.skills,
  dayRate: a.dayRate,
  currency: a.currency,
  timezone: a.timezone,
  color: a.color,
  active: a.active,
  portfolioLinks: a.portfolioLinks,
  hasCalendarFeed: a.calendarTokenHash !== null,
  version: a.version,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

export type PresentedArtist = ReturnType<typeof presentArtist>;


/** Ordered by weekday, then start. */
export const presentWorkingHours = (rows: WorkingHours[]) =>
  [...rows].sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime)).map((r) => ({ weekday: r.weekday, start: r.startTime, end: r.endTime }));

export const presentTimeOff = (t: TimeOff) => ({ id: t.id, artistId: t.artistId, startDate: isoDay(t.startDate), endDate: isoDay(t.endDate), reason: t.reason, createdAt: t.createdAt.toISOString() });
