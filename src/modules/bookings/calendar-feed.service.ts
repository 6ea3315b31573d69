import crypto from "node:crypto";
import ical, { ICalEventStatus } from "ical-generator";
import type { BookingStatus } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { randomToken, sha256 } from "../../lib/crypto";
import { notFound } from "../../lib/errors";
import { enforce } from "../../access/permissions";
import { canManageCalendarFeed } from "./artists.policy";
import { loadArtist } from "./artists.service";
import { holdRanks } from "./bookings.service";

/**
 * An artist's bookings as a secret calendar URL (.ics) that calendar apps
 * subscribe to. Only the SHA-256 of the secret is stored; a new one replaces
 * the old, and revoking clears it. The feed has no login: a wrong, missing or
 * revoked secret answers 404 like an unknown artist.
 */

const DAY_MS = 86_400_000;
/** How far back the feed reaches: bookings ending in the last 30 days, and final ones changed in the last 30 days. */
const LOOKBACK_MS = 30 * DAY_MS;
const LIVE: BookingStatus[] = ["HOLD", "PENCIL", "CONFIRMED"];
const FINAL: BookingStatus[] = ["CANCELLED", "RELEASED", "DECLINED"];

const feedUrl = (ctx: AppContext, artistId: string, token: string) => `${ctx.config.APP_URL}/api/v1/artists/${artistId}/calendar.ics?token=${encodeURIComponent(token)}`;

async function loadManaged(ctx: AppContext, userId: string, artistId: string) {
  const { artist, role } = await loadArtist(ctx, userId, artistId);
  enforce(canManageCalendarFeed(role, artist, userId), "Only admins and the artist themself can manage the artist's calendar feed.");
  return artist;
}

/** A new secret feed URL, replacing the previous one (which stops working at once); the URL is shown only here. */
export async function rotateCalendarToken(ctx: AppContext, userId: string, artistId: string): Promise<{ url: string }> {
  const artist = await loadManaged(ctx, userId, artistId);
  const token = randomToken(32);
  await ctx.db.artist.update({ where: { id: artist.id }, data: { calendarTokenHash: sha256(token) } });
  return { url: feedUrl(ctx, artist.id, token) };
}

/** Revokes the feed: its URL answers 404 from now on. Idempotent. */
export async function revokeCalendarToken(ctx: AppContext, userId: string, artistId: string): Promise<void> {
  const artist = await loadManaged(ctx, userId, artistId);
  await ctx.db.artist.update({ where: { id: artist.id }, data: { calendarTokenHash: null } });
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const LABEL: Record<BookingStatus, string> = { HOLD: "Hold", PENCIL: "Pencil", CONFIRMED: "Confirmed", CANCELLED: "Cancelled", RELEASED: "Released", DECLINED: "Declined" };

/**
 * The feed as iCalendar text: one event per hold, pencil and confirmed booking
 * ending at most 30 days ago, and per booking cancelled, released or declined
 * in the last 30 days (STATUS:CANCELLED, so subscribed calendars remove it).
 * UID booking-<id>@teamflow; times in UTC; SEQUENCE = version − 1 (it grows
 * with every change). A missing artist or a wrong, missing or revoked secret: 404, all alike.
 */
export async function calendarFeed(ctx: AppContext, artistId: string, token: string | undefined): Promise<string> {
  const artist = await ctx.db.artist.findUnique({ where: { id: artistId }, select: { id: true, name: true, calendarTokenHash: true } });
  if (!artist || !token || !artist.calendarTokenHash || !sameHash(sha256(token), artist.calendarTokenHash)) throw notFound("Calendar");
  const since = new Date(ctx.now().getTime() - LOOKBACK_MS);
  const bookings = await ctx.db.booking.findMany({
    where: { artistId, OR: [{ status: { in: LIVE }, endTime: { gte: since } }, { status: { in: FINAL }, updatedAt: { gte: since } }] },
    include: { project: { select: { name: true } } },
    orderBy: [{ startTime: "asc" }, { id: "asc" }],
  });
  const ranks = await holdRanks(ctx.db, bookings);
  const cal = ical({ name: `${artist.name} — TeamFlow bookings`, prodId: { company: "TeamFlow", product: "Bookings", language: "EN" }, ttl: 900 });
  for (const b of bookings) {
    const label = b.status === "HOLD" ? `Hold #${ranks.get(b.id) ?? 1}` : LABEL[b.status];
    const description = [b.project ? `Project: ${b.project.name}` : null, b.notes].filter(Boolean).join("\n\n");
    cal.createEvent({
      id: `booking-${b.id}@teamflow`,
      start: b.startTime,
      end: b.endTime,
      stamp: b.updatedAt,
      lastModified: b.updatedAt,
      created: b.createdAt,
      sequence: b.version - 1,
      summary: `[${label}] ${b.title}`,
      description: description || null,
      status: b.status === "CONFIRMED" ? ICalEventStatus.CONFIRMED : LIVE.includes(b.status) ? ICalEventStatus.TENTATIVE : ICalEventStatus.CANCELLED,
    });
  }
  return cal.toString();
}
