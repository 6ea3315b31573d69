import { dateTime, paginationLinks, paginationQuery, text, uuid, versionField, versionInput, z } from "../../lib/zod";

export const bookingStatus = z.enum(["HOLD", "PENCIL", "CONFIRMED", "CANCELLED", "RELEASED", "DECLINED"]).openapi("BookingStatus");
export type BookingStatusValue = z.infer<typeof bookingStatus>;

/** The longest booking: a year and a day. */
export const MAX_BOOKING_MS = 366 * 86_400_000;

const start = dateTime.openapi({ example: "2026-06-01T09:00:00Z", description: "Start (inclusive), ISO 8601" });
const end = dateTime.openapi({ example: "2026-06-01T17:00:00Z", description: "End (exclusive), ISO 8601; after start, at most 366 days later" });

/** end after start and at most MAX_BOOKING_MS later, when both are given. */
function checkRange(b: { start?: string; end?: string }, ctx: z.RefinementCtx) {
  if (!b.start || !b.end) return;
  const length = Date.parse(b.end) - Date.parse(b.start);
  if (!(length > 0)) ctx.addIssue({ code: "custom", path: ["end"], message: "must be after start (an empty or reversed range books nothing)" });
  else if (length > MAX_BOOKING_MS) ctx.addIssue({ code: "custom", path: ["end"], message: "must be at most 366 days after start" });
}

const fields = {
  projectId: uuid.nullable().openapi({ description: "A project of the workspace" }),
  title: text.trim().min(1, "must not be empty").max(200),
  notes: text.max(10_000).nullable(),
  holdExpiresAt: dateTime.nullable().openapi({ description: "When a hold lapses (holds only)" }),
  force: z.boolean().openapi({ description: "Book outside the artist's working hours or on their time off anyway (the booking is flagged)" }),
};

export const createBookingBody = z
  .object({
    artistId: uuid,
    projectId: fields.projectId.optional(),
    title: fields.title,
    notes: fields.notes.optional(),
    start,
    end,
    status: z.enum(["HOLD", "PENCIL", "CONFIRMED"]).default("HOLD").openapi({ description: "Default HOLD" }),
    holdExpiresAt: fields.holdExpiresAt.optional(),
    force: fields.force.optional(),
  })
  .strict()
  .superRefine(checkRange)
  .openapi("CreateBookingRequest");

export const updateBookingBody = z
  .object({
    artistId: uuid.optional().openapi({ description: "Reassign to another active artist of the workspace (the calendar's drag to another row); the same rules as a move apply to the new artist" }),
    projectId: fields.projectId.optional(),
    title: fields.title.optional(),
    notes: fields.notes.optional(),
    start: start.optional(),
    end: end.optional(),
    holdExpiresAt: fields.holdExpiresAt.optional(),
    force: fields.force.optional(),
    version: versionInput.optional(),
  })
  .strict()
  .superRefine(checkRange)
  .openapi("UpdateBookingRequest");

export const changeStatusBody = z
  .object({
    status: bookingStatus,
    version: versionInput.optional(),
    force: z.boolean().optional().openapi({ description: "Promote a hold that is not the first (admins only)" }),
  })
  .strict()
  .openapi("ChangeBookingStatusRequest");

export const respondBody = z
  .object({ response: z.enum(["accept", "decline"]), note: text.trim().max(2000).optional() })
  .strict()
  .openapi("RespondToBookingRequest");

export const booking = z
  .object({
    id: uuid,
    workspaceId: uuid,
    artistId: uuid,
    projectId: uuid.nullable(),
    title: z.string(),
    notes: z.string().nullable(),
    start: z.string(),
    end: z.string(),
    status: bookingStatus,
    nextStatuses: z.array(bookingStatus).openapi({ description: "The statuses this booking may move to (SPEC §4.5); empty when final. The web app offers exactly these." }),
    holdRank: z.number().int().nullable().openapi({ description: "1, 2, … among the artist's overlapping holds by creation; null unless a hold" }),
    holdExpiresAt: z.string().nullable(),
    force: z.boolean(),
    createdById: uuid.nullable(),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Booking");

const eventSnapshot = z
  .object({ artistId: uuid.optional().openapi({ description: "Absent in entries written before reassignment existed" }), start: z.string(), end: z.string(), status: bookingStatus, title: z.string(), projectId: uuid.nullable(), force: z.boolean() })
  .openapi("BookingSnapshot");

export const bookingEvent = z
  .object({
    id: uuid,
    bookingId: uuid,
    type: z.enum(["created", "moved", "updated", "status_changed", "cancelled", "responded", "expired", "hold_moved_up"]).openapi({
      description: "expired: released by the maintenance job when holdExpiresAt passed (actor null); hold_moved_up: the hold's rank improved because one before it ended (note says from which rank to which)",
    }),
    actorId: uuid.nullable(),
    before: eventSnapshot.nullable(),
    after: eventSnapshot,
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("BookingEvent");

const listFilters = {
  ...paginationQuery,
  status: bookingStatus.optional(),
  from: dateTime.optional().openapi({ description: "Bookings ending after this instant" }),
  to: dateTime.optional().openapi({ description: "Bookings starting before this instant" }),
};
const toAfterFrom = { message: "must be after from", path: ["to"] };
const rangeOk = (q: { from?: string; to?: string }) => !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from);

export const listBookingsQuery = z
  .object({ ...listFilters, artistId: uuid.optional(), projectId: uuid.optional() })
  .strict()
  .refine(rangeOk, toAfterFrom);
/** An artist's bookings: the workspace list's filters without artistId. */
export const listArtistBookingsQuery = z.object({ ...listFilters, projectId: uuid.optional() }).strict().refine(rangeOk, toAfterFrom);
/** A project's bookings: the workspace list's filters without projectId. */
export const listProjectBookingsQuery = z.object({ ...listFilters, artistId: uuid.optional() }).strict().refine(rangeOk, toAfterFrom);

export const bookedCost = z
  .array(z.object({ amount: z.number().int().openapi({ description: "Minor units of currency (cents)" }), currency: z.string() }))
  .openapi({
    description:
      "What the project's pencilled and confirmed bookings cost, per currency (whatever the filters and page): each artist's day rate × the days booked, a day being any calendar day in the artist's timezone that any of their firm bookings on the project touches (counted once per artist even with several bookings that day). Artists without a day rate add nothing.",
  });

export const bookedHours = z.number().openapi({ description: "Hours of the project's pencilled and confirmed bookings (end − start, summed; 2 decimals), whatever the filters and page" });

export const projectBookingsEnvelope = z
  .object({
    data: z.array(booking),
    meta: z.object({ page: z.number().int(), perPage: z.number().int(), total: z.number().int(), totalPages: z.number().int(), bookedCost, bookedHours }).openapi("ProjectBookingsMeta"),
    links: paginationLinks,
  })
  .openapi("ProjectBookingsList");

export type BookingInput = z.infer<typeof createBookingBody>;
export type BookingUpdate = z.infer<typeof updateBookingBody>;
export type BookingListQuery = z.infer<typeof listBookingsQuery>;
