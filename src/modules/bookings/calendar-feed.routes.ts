import type { AppContext } from "../../http/context";
import { defineRoute, noContent, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams, text, z } from "../../lib/zod";
import * as service from "./calendar-feed.service";

const tags = ["Artists"];

const feedQuery = z.object({ token: text.max(200).optional().openapi({ description: "The secret of the feed URL" }) }).strict();
const feedUrl = z.object({ url: z.string().openapi({ description: "The secret feed URL to subscribe to; shown only here", example: "https://teamflow.example.com/api/v1/artists/…/calendar.ics?token=…" }) }).openapi("CalendarFeedUrl");

/** An artist's bookings as a secret .ics feed for calendar apps (issue 11). */
export function calendarFeedRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "post",
      path: "/artists/:id/calendar-token",
      summary: "Create the artist's secret calendar feed URL, replacing the old one (owner, admin, the artist's own user)",
      description: "Only the secret's SHA-256 is stored: the URL is shown in this answer and never again. The previous URL stops working at once.",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The new feed URL", schema: envelope(feedUrl) } },
      handler: async ({ auth, params }) => ok(await service.rotateCalendarToken(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "delete",
      path: "/artists/:id/calendar-token",
      summary: "Revoke the artist's calendar feed (owner, admin, the artist's own user)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Revoked: the feed URL answers 404 from now on" } },
      handler: async ({ auth, params }) => {
        await service.revokeCalendarToken(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/artists/:id/calendar.ics",
      summary: "The artist's bookings as an iCalendar feed (no login: the secret token of the URL)",
      description:
        "text/calendar; charset=utf-8. One event per hold, pencil and confirmed booking from 30 days ago on, and per booking cancelled, released or declined in the last 30 days (STATUS:CANCELLED, so calendar apps remove it). UID `booking-<id>@teamflow`, DTSTART/DTEND in UTC, SEQUENCE grows with every change. A wrong, missing or revoked token answers 404.",
      tags,
      auth: "none",
      request: { params: idParams, query: feedQuery },
      responses: { 200: { description: "The feed, as text/calendar" } },
      handler: async ({ res, params, query }) => {
        const feed = await service.calendarFeed(ctx, params.id, query.token);
        res.status(200).type("text/calendar; charset=utf-8").setHeader("Cache-Control", "private, no-cache");
        res.send(feed);
      },
    }),
  ];
}
