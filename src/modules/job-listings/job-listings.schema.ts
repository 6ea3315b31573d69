import { dateTime, email, isoDate, paginationQuery, text, uuid, versionField, versionInput, z } from "../../lib/zod";

export const listingStatus = z.enum(["OPEN", "CLOSED"]).openapi("JobListingStatus");
export const applicationStatus = z.enum(["APPLIED", "REVIEWING", "SHORTLISTED", "OFFERED", "HIRED", "REJECTED", "WITHDRAWN"]).openapi("JobApplicationStatus");
export type ApplicationStatusValue = z.infer<typeof applicationStatus>;

/** A skill: letters, digits, spaces and `+ # . / & -`, at most 50 characters (like an artist's skills). */
const skill = text
  .trim()
  .min(1, "must not be empty")
  .max(50)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} +#./&-]*$/u, "must be a skill name like “Compositing” (letters, digits, spaces, + # . / & -)")
  .openapi({ example: "Compositing" });
const money = z.number().int().min(0).max(1_000_000_000).nullable();

const listingFields = {
  title: text.trim().min(1, "must not be empty").max(200),
  description: text.max(20_000).openapi({ description: "Markdown; rendered sanitised" }),
  skills: z.array(skill).max(30),
  startDate: isoDate.nullable(),
  endDate: isoDate.nullable(),
  rateMin: money.openapi({ description: "Minor units of currency (cents)" }),
  rateMax: money.openapi({ description: "Minor units of currency (cents); not below rateMin" }),
  currency: text.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR").openapi({ example: "EUR" }),
  location: text.trim().max(200).nullable(),
  remote: z.boolean(),
  status: listingStatus,
  isPublic: z.boolean().openapi({ description: "Has a public page and form at /jobs/:workspaceSlug/:id (while open)" }),
  projectId: uuid.nullable().openapi({ description: "A project of the workspace: hiring with a pencil books the artist on it" }),
};

type Ranged = { startDate?: string | null; endDate?: string | null; rateMin?: number | null; rateMax?: number | null };
function inOrder(b: Ranged, ctx: z.RefinementCtx) {
  if (b.startDate && b.endDate && b.startDate > b.endDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "must not be before startDate" });
  if (b.rateMin != null && b.rateMax != null && b.rateMin > b.rateMax) ctx.addIssue({ code: "custom", path: ["rateMax"], message: "must not be below rateMin" });
}

export const createListingBody = z
  .object({
    title: listingFields.title,
    description: listingFields.description.default(""),
    skills: listingFields.skills.default([]),
    startDate: listingFields.startDate.optional(),
    endDate: listingFields.endDate.optional(),
    rateMin: listingFields.rateMin.optional(),
    rateMax: listingFields.rateMax.optional(),
    currency: listingFields.currency.default("EUR"),
    location: listingFields.location.optional(),
    remote: listingFields.remote.default(false),
    status: listingFields.status.default("OPEN"),
    isPublic: listingFields.isPublic.default(false),
    projectId: listingFields.projectId.optional(),
  })
  .strict()
  .superRefine(inOrder)
  .openapi("CreateJobListingRequest");

export const updateListingBody = z
  .object({
    title: listingFields.title.optional(),
    description: listingFields.description.optional(),
    skills: listingFields.skills.optional(),
    startDate: listingFields.startDate.optional(),
    endDate: listingFields.endDate.optional(),
    rateMin: listingFields.rateMin.optional(),
    rateMax: listingFields.rateMax.optional(),
    currency: listingFields.currency.optional(),
    location: listingFields.location.optional(),
    remote: listingFields.remote.optional(),
    status: listingFields.status.optional(),
    isPublic: listingFields.isPublic.optional(),
    projectId: listingFields.projectId.optional(),
    version: versionInput.optional(),
  })
  .strict()
  .superRefine(inOrder)
  .openapi("UpdateJobListingRequest");

export const listListingsQuery = z
  .object({
    ...paginationQuery,
    status: listingStatus.optional(),
    q: text.trim().max(100).optional().openapi({ description: "Search title and description" }),
    skill: text.trim().max(50).optional().openapi({ description: "Listings asking for this skill (any spelling)" }),
  })
  .strict();

const counts = z.record(applicationStatus, z.number().int()).openapi({ description: "Applications by status" });
export const listing = z
  .object({
    id: uuid,
    workspaceId: uuid,
    projectId: uuid.nullable(),
    ownerId: uuid.nullable(),
    title: z.string(),
    description: z.string(),
    skills: z.array(z.string()),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    rateMin: z.number().int().nullable(),
    rateMax: z.number().int().nullable(),
    currency: z.string(),
    location: z.string().nullable(),
    remote: z.boolean(),
    status: listingStatus,
    isPublic: z.boolean(),
    applicationCounts: counts,
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("JobListing");

/** What the public page shows: the listing's own fields and the workspace's name, nothing else. */
export const publicListing = z
  .object({
    id: uuid,
    title: z.string(),
    description: z.string(),
    skills: z.array(z.string()),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    rateMin: z.number().int().nullable(),
    rateMax: z.number().int().nullable(),
    currency: z.string(),
    location: z.string().nullable(),
    remote: z.boolean(),
    workspace: z.object({ name: z.string(), slug: z.string() }),
  })
  .openapi("PublicJobListing");

const portfolioLink = text.trim().max(500).pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }));
const applicantFields = {
  name: text.trim().min(1, "must not be empty").max(120),
  email,
  portfolioLinks: z.array(portfolioLink).max(10).default([]),
  message: text.max(5000).default(""),
};

/** In-app application: name and email default to the signed-in user's. */
export const applyBody = z
  .object({ name: applicantFields.name.optional(), email: email.optional(), portfolioLinks: applicantFields.portfolioLinks, message: applicantFields.message })
  .strict()
  .openapi("ApplyToJobListingRequest");

/**
 * The public form. `website` is the honeypot: people never see it (the page hides it), bots fill
 * it in; a filled one answers like a success and stores nothing.
 */
export const publicApplyBody = z
  .object({ ...applicantFields, website: text.max(500).optional().openapi({ description: "Leave empty (spam trap)" }) })
  .strict()
  .openapi("PublicJobApplicationRequest");

export const moveApplicationBody = z
  .object({
    status: applicationStatus.openapi({ description: "The column; the current status with a position reorders within it" }),
    position: z.number().int().min(0).max(100_000).optional().openapi({ description: "0-based place within the status column, at most the number of other applications in it (a place past the end is a 409); default the end" }),
    version: versionInput.optional(),
  })
  .strict()
  .openapi("MoveJobApplicationRequest");

export const hireBody = z
  .object({
    artistId: uuid.optional().openapi({ description: "Link this artist of the workspace; default the applicant's artist, the user's, one with the applicant's email, or a new one" }),
    pencil: z
      .object({
        start: dateTime,
        end: dateTime,
        title: text.trim().min(1).max(200).optional().openapi({ description: "Default the listing's title" }),
        force: z.boolean().optional().openapi({ description: "Book outside working hours or on time off anyway" }),
      })
      .strict()
      .superRefine((p, c) => {
        const length = Date.parse(p.end) - Date.parse(p.start);
        if (!(length > 0)) c.addIssue({ code: "custom", path: ["end"], message: "must be after start" });
        else if (length > 366 * 86_400_000) c.addIssue({ code: "custom", path: ["end"], message: "must be at most 366 days after start" });
      })
      .optional(),
    version: versionInput.optional(),
  })
  .strict()
  .openapi("HireJobApplicantRequest");

export const listApplicationsQuery = z
  .object({
    ...paginationQuery,
    perPage: paginationQuery.perPage.default(100),
    status: applicationStatus.optional(),
    mine: z.enum(["true", "false"]).optional().transform((v) => v === "true").openapi({ description: "Only the caller's own application (an artist user applying from inside)" }),
  })
  .strict();

export const application = z
  .object({
    id: uuid,
    listingId: uuid,
    workspaceId: uuid,
    name: z.string(),
    email: z.string(),
    portfolioLinks: z.array(z.string()),
    message: z.string(),
    artistId: uuid.nullable(),
    userId: uuid.nullable(),
    status: applicationStatus,
    nextStatuses: z.array(applicationStatus).openapi({ description: "Where it may move (HIRED only through POST /applications/:id/hire)" }),
    withdrawable: z.boolean().openapi({ description: "Whether the applicant may still withdraw it (POST /applications/:id/withdraw): until a decision is made" }),
    position: z.number().int(),
    source: z.string(),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("JobApplication");

export const applicationEvent = z
  .object({ id: uuid, applicationId: uuid, actorId: uuid.nullable(), type: z.string(), before: z.unknown().nullable(), after: z.unknown().nullable(), createdAt: z.string() })
  .openapi("JobApplicationEvent");

export const hireResult = z
  .object({ application, artistId: uuid, artistCreated: z.boolean(), bookingId: uuid.nullable() })
  .openapi("JobHireResult");

export const publicReceipt = z.object({ received: z.literal(true) }).openapi("PublicJobApplicationReceipt");

export const publicListingParams = z.object({ id: uuid.openapi({ description: "Listing id" }) }).strict();

export type ListingInput = z.infer<typeof createListingBody>;
export type ListingUpdate = z.infer<typeof updateListingBody>;
export type ListingListQuery = z.infer<typeof listListingsQuery>;
export type ApplyInput = z.infer<typeof applyBody>;
export type PublicApplyInput = z.infer<typeof publicApplyBody>;
export type MoveInput = z.infer<typeof moveApplicationBody>;
export type HireInput = z.infer<typeof hireBody>;
