import { dateTime, text, uuid, z } from "../../lib/zod";
import { booking, bookingStatus } from "./bookings.schema";
import { workingHoursRange } from "./artists.schema";

/** The longest calendar range: 62 days (two months and a bit, the month zoom with margins). */
export const MAX_CALENDAR_MS = 62 * 86_400_000;
/** The most artists (rows) one calendar answer carries; `meta.truncated` says when more matched. */
export const MAX_CALENDAR_ARTISTS = 500;

const commaList = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  text
    .max(max * 40)
    .transform((v) => [...new Set(v.split(",").map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(item).min(1, "must name at least one value").max(max));

export const calendarQuery = z
  .object({
    from: dateTime.openapi({ example: "2026-06-01T00:00:00Z", description: "Start of the range (inclusive), an ISO 8601 date-time" }),
    to: dateTime.openapi({ example: "2026-06-29T00:00:00Z", description: "End of the range (exclusive); after from, at most 62 days later" }),
    skill: text.trim().min(1).max(50).optional().openapi({ description: "Only artists with this skill (case does not matter)" }),
    projectId: uuid.optional().openapi({ description: "Only bookings of this project (the artists are not filtered)" }),
    status: commaList(bookingStatus, 6)
      .optional()
      .openapi({ type: "string", example: "HOLD,PENCIL,CONFIRMED", description: "Booking statuses, comma-separated (default HOLD,PENCIL,CONFIRMED)" }),
    artistId: commaList(uuid, 500).optional().openapi({ type: "string", description: "Only these artists: ids, comma-separated (at most 500)" }),
    q: text.trim().min(1).max(100).optional().openapi({ description: "Words in the artist's name (case-insensitive)" }),
    includeInactive: z
      .enum(["true", "false"])
      .optional()
      .transform((v) => v === "true")
      .openapi({ description: "Include inactive artists (default false: active only)" }),
  })
  .strict()
  .superRefine((q, ctx) => {
    const length = Date.parse(q.to) - Date.parse(q.from);
    if (!(length > 0)) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from (an empty or reversed range)" });
    else if (length > MAX_CALENDAR_MS) ctx.addIssue({ code: "custom", path: ["to"], message: "must be at most 62 days after from" });
  });
export type CalendarQuery = z.infer<typeof calendarQuery>;

export const calendarArtist = z
  .object({
    id: uuid,
    name: z.string(),
    title: z.string().nullable(),
    color: z.string(),
    timezone: z.string(),
    skills: z.array(z.string()),
    active: z.boolean(),
    userId: uuid.nullable(),
    dayRate: z.number().int().nullable(),
    currency: z.string(),
    workingHours: z.array(workingHoursRange).openapi({ description: "The weekly hours in the artist's timezone, by weekday then start" }),
    timeOff: z
      .array(z.object({ id: uuid, startDate: z.string(), endDate: z.string(), reason: z.string().nullable() }))
      .openapi({ description: "Time off whose whole local days (YYYY-MM-DD, both inclusive, in the artist's timezone) overlap the range, by startDate" }),
  })
  .openapi("CalendarArtist");

export const calendarBooking = booking
  .extend({ projectName: z.string().nullable(), artistName: z.string() })
  .openapi("CalendarBooking", { description: "The booking as GET /bookings/:id shows it (with holdRank), and its project's and artist's names" });

export const calendarEnvelope = z
  .object({
    data: z.object({
      from: z.string(),
      to: z.string(),
      artists: z.array(calendarArtist).openapi({ description: "The rows, by name: active artists (all with includeInactive=true) matching skill, q and artistId; at most 500" }),
      bookings: z.array(calendarBooking).openapi({ description: "Bookings of those artists overlapping [from, to) with the statuses asked for (and the project), by start" }),
    }),
    meta: z
      .object({
        artistCount: z.number().int().openapi({ description: "How many artists matched (before the cap of 500)" }),
        truncated: z.boolean().openapi({ description: "More artists matched than the 500 returned" }),
      })
      .openapi("CalendarMeta"),
  })
  .openapi("Calendar");
