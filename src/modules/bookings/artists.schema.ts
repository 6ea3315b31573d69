import { email, isoDate, paginationQuery, text, uuid, versionField, versionInput, z } from "../../lib/zod";
import { isTimeZone } from "./availability";

export const timezone = text
  .min(1, { error: "must not be empty", abort: true })
  .max(64, { abort: true })
  .refine(isTimeZone, { error: "must be an IANA timezone like Europe/London" })
  .openapi({ example: "Europe/London", description: "IANA timezone of the artist's working hours and time off" });

const fields = {
  name: text.trim().min(1, "must not be empty").max(200),
  email: email.nullable().openapi({ type: ["string", "null"], format: "email", example: "ada@example.com" }),
  title: text.trim().max(200).nullable(),
  skills: z.array(text.trim().min(1, "must not be empty").max(50)).max(50),
  dayRate: z.number().int().min(0).max(1_000_000_000).nullable().openapi({ description: "Day rate in minor units of the currency (cents): 45000 is 450.00" }),
  currency: text.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR").openapi({ example: "EUR" }),
  timezone,
  color: text.regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #0ea5e9").openapi({ example: "#0ea5e9" }),
  active: z.boolean(),
  userId: uuid.nullable().openapi({ description: "The workspace member who is this artist (self-service)" }),
  portfolioLinks: z.array(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(500).openapi({ example: "https://example.com/reel" })).max(20),
};

export const createArtistBody = z
  .object({
    name: fields.name,
    email: fields.email.optional(),
    title: fields.title.optional(),
    skills: fields.skills.optional(),
    dayRate: fields.dayRate.optional(),
    currency: fields.currency.optional(),
    timezone: fields.timezone,
    color: fields.color.optional(),
    active: fields.active.optional(),
    userId: fields.userId.optional(),
    portfolioLinks: fields.portfolioLinks.optional(),
  })
  .strict()
  .openapi("CreateArtistRequest");

export const updateArtistBody = z
  .object({
    name: fields.name.optional(),
    email: fields.email.optional(),
    title: fields.title.optional(),
    skills: fields.skills.optional(),
    dayRate: fields.dayRate.optional(),
    currency: fields.currency.optional(),
    timezone: fields.timezone.optional(),
    color: fields.color.optional(),
    active: fields.active.optional(),
    userId: fields.userId.optional(),
    portfolioLinks: fields.portfolioLinks.optional(),
    version: versionInput.optional(),
  })
  .strict()
  .openapi("UpdateArtistRequest");

export const artist = z
  .object({
    id: uuid,
    workspaceId: uuid,
    userId: uuid.nullable(),
    name: z.string(),
    email: z.string().nullable(),
    title: z.string().nullable(),
    skills: z.array(z.string()),
    dayRate: z.number().int().nullable(),
    currency: z.string(),
    timezone: z.string(),
    color: z.string(),
    active: z.boolean(),
    portfolioLinks: z.array(z.string()),
    hasCalendarFeed: z.boolean().openapi({ description: "Whether a secret calendar feed URL exists (POST /artists/:id/calendar-token makes or replaces it)" }),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Artist");

export const listArtistsQuery = z
  .object({
    ...paginationQuery,
    q: text.trim().max(100).optional().openapi({ description: "Search name, title or email" }),
    skill: text.trim().max(50).optional().openapi({ description: "Only artists with this skill (case does not matter)" }),
    active: z.enum(["true", "false"]).optional().transform((v) => (v === undefined ? undefined : v === "true")).openapi({ description: "Only active (true) or inactive (false) artists" }),
    userId: z.union([z.literal("me"), uuid]).optional().openapi({ description: "Only the artist linked to this member (`me`: the caller) — how a member finds their own artist profile" }),
  })
  .strict();

export const workspaceSkill = z
  .object({ skill: z.string().openapi({ description: "The skill in its most used spelling" }), artists: z.number().int().openapi({ description: "How many artists (active or not) have it" }) })
  .openapi("WorkspaceSkill");

export const workspaceIdParams = z.object({ workspaceId: uuid }).strict();

// Working hours and time off ------------------------------------------------

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const hhmm = z.string().regex(START, "must be a time HH:MM (00:00–23:59)").openapi({ example: "09:00" });
const hhmmEnd = z.string().regex(END, "must be a time HH:MM (00:01–24:00)").openapi({ example: "17:00" });
/** A range whose times are well-formed (the order and overlap checks look at those only). */
const wellFormed = (r: { start: unknown; end: unknown }) => typeof r.start === "string" && typeof r.end === "string" && START.test(r.start) && END.test(r.end);

export const workingHoursRange = z
  .object({
    weekday: z.number().int().min(0).max(6).openapi({ description: "0 = Sunday … 6 = Saturday" }),
    start: hhmm,
    end: hhmmEnd,
  })
  .strict()
  .openapi("WorkingHoursRange");

export const putWorkingHoursBody = z
  .array(workingHoursRange)
  .max(70)
  .superRefine((ranges, ctx) => {
    ranges = ranges.map((r) => (wellFormed(r) ? r : { ...r, start: "", end: "" }));
    ranges.forEach((r, i) => {
      if (r.start && r.end <= r.start) ctx.addIssue({ code: "custom", path: [i, "end"], message: "must be after start" });
    });
    ranges.forEach((r, i) => {
      const clash = ranges.findIndex((o, j) => j !== i && o.weekday === r.weekday && o.start < r.end && r.start < o.end && r.end > r.start && o.end > o.start);
      if (clash >= 0 && clash < i) ctx.addIssue({ code: "custom", path: [i, "start"], message: `overlaps range ${clash} on the same weekday` });
    });
  })
  .openapi("PutWorkingHoursRequest", { description: "The artist's whole week, in the artist's timezone; replaces what was there" });

export const workingHours = z.array(workingHoursRange).openapi("WorkingHours");

export const createTimeOffBody = z
  .object({ startDate: isoDate, endDate: isoDate, reason: text.trim().max(500).nullable().optional() })
  .strict()
  .refine((b) => b.endDate >= b.startDate, { message: "must not be before startDate", path: ["endDate"] })
  .openapi("CreateTimeOffRequest");

export const timeOff = z
  .object({ id: uuid, artistId: uuid, startDate: z.string(), endDate: z.string(), reason: z.string().nullable(), createdAt: z.string() })
  .openapi("TimeOff");

export type ArtistInput = z.infer<typeof createArtistBody>;
export type ArtistUpdate = z.infer<typeof updateArtistBody>;
export type WorkingHoursInput = z.infer<typeof putWorkingHoursBody>;
export type TimeOffInput = z.infer<typeof createTimeOffBody>;
