import { dateTime, isoDate, uuid, z } from "../../lib/zod";
import { bookingStatus } from "./bookings.schema";

/** The longest availability range: 366 days. */
export const MAX_AVAILABILITY_MS = 366 * 86_400_000;
/** How far the check looks for the next free slot. */
export const NEXT_SLOT_WINDOW_MS = 30 * 86_400_000;

const instantOrDate = (example: string, description: string) =>
  z
    .string()
    .max(40)
    .refine((v) => isoDate.safeParse(v).success || dateTime.safeParse(v).success, { error: "must be an ISO 8601 date-time (2026-05-01T09:00:00Z) or a date (2026-05-01)", abort: true })
    .openapi({ example, description });

const includeHolds = z
  .enum(["true", "false"])
  .optional()
  .transform((v) => v === "true")
  .openapi({ description: "Count holds as busy too (default false: holds may overlap and do not block a firm booking, SPEC §4.5)" });

export const availabilityQuery = z
  .object({
    from: instantOrDate("2026-06-01", "Start (inclusive): a date-time, or a date = its midnight in the artist's timezone"),
    to: instantOrDate("2026-06-07", "End: a date-time (exclusive), or a date (inclusive: up to the midnight after it in the artist's timezone); after from, at most 366 days later"),
    includeHolds,
  })
  .strict();
export type AvailabilityQuery = z.infer<typeof availabilityQuery>;

const interval = z.object({ start: z.string(), end: z.string() }).openapi("Interval");

export const availability = z
  .object({
    artistId: uuid,
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    includeHolds: z.boolean(),
    free: z.array(interval).openapi({ description: "Working hours (all the time for an artist without working hours), minus time off (whole local days), minus busy; merged, by start" }),
    busy: z
      .array(
        z.object({
          start: z.string(),
          end: z.string(),
          booking: z.object({ id: uuid, title: z.string(), status: bookingStatus, holdRank: z.number().int().nullable() }),
        }),
      )
      .openapi({ description: "Pencilled and confirmed bookings overlapping the range (and holds, with their rank, when includeHolds=true), by start, unclipped" }),
    timeOff: z.array(z.object({ id: uuid, startDate: z.string(), endDate: z.string(), start: z.string(), end: z.string() })).openapi({ description: "Time off overlapping the range; start/end are the local midnights it spans" }),
  })
  .openapi("Availability");

export const checkAvailabilityBody = z
  .object({
    artistIds: z.array(uuid).min(1).max(50).openapi({ description: "1–50 artists of the workspace" }),
    start: dateTime.openapi({ example: "2026-06-01T09:00:00Z" }),
    end: dateTime.openapi({ example: "2026-06-01T17:00:00Z" }),
    durationMinutes: z.number().int().min(1).max(30 * 24 * 60).optional().openapi({ description: "Length of the next free slot to find; default end − start" }),
    includeHolds: z.boolean().optional().openapi({ description: "Count holds as busy too (default false)" }),
  })
  .strict()
  .superRefine((b, ctx) => {
    const length = Date.parse(b.end) - Date.parse(b.start);
    if (!(length > 0)) ctx.addIssue({ code: "custom", path: ["end"], message: "must be after start" });
    else if (length > MAX_AVAILABILITY_MS) ctx.addIssue({ code: "custom", path: ["end"], message: "must be at most 366 days after start" });
  })
  .openapi("CheckAvailabilityRequest");
export type CheckAvailabilityInput = z.infer<typeof checkAvailabilityBody>;

export const availabilityCheck = z
  .object({
    artistId: uuid,
    available: z.boolean().openapi({ description: "[start, end) lies wholly in the artist's free time (working hours, no time off, no conflict)" }),
    outsideHours: z.boolean(),
    timeOffIds: z.array(uuid),
    conflicts: z.array(z.object({ bookingId: uuid, status: bookingStatus, start: z.string(), end: z.string() })),
    nextFreeSlot: interval.nullable().openapi({ description: "The earliest free [start, start + duration) starting at or after `start` and ending within 30 days of it; `start` itself when available; null if none" }),
  })
  .openapi("AvailabilityCheck");
