// zod extended with .openapi() once, for every module.
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export { z };

export const uuid = z.uuid({ error: "must be a UUID" });
export const idParams = z.object({ id: uuid }).strict();

// `String.prototype.isWellFormed` is in Node 20 but not in the ES2022 lib the server compiles against.
const isWellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Every string a request brings in (body, query, path) starts from this one rule:
 * no NUL character (PostgreSQL text cannot hold 0x00 and refuses the whole
 * statement) and no unpaired UTF-16 surrogate such as "\ud800" (not Unicode:
 * Prisma refuses it, plain pg would store U+FFFD instead). Both answer 400
 * naming the field, on every write and read path alike.
 */
export const text = z
  .string()
  .refine((v) => !v.includes("\u0000"), { error: "must not contain the NUL character (\\u0000)", abort: true })
  .refine(isWellFormed, { error: "must be valid Unicode text (it contains an unpaired surrogate)", abort: true });

// The instants PostgreSQL and JavaScript agree on: PostgreSQL has no year 0 (JavaScript's
// year 0 is 1 BC there) and JavaScript writes years past 9999 as "+010000-…".
const FIRST_INSTANT = Date.parse("0001-01-01T00:00:00.000Z");
const LAST_INSTANT = Date.parse("9999-12-31T23:59:59.999Z");
const YEARS_MESSAGE = "must be in the years 0001 to 9999";

/**
 * An ISO 8601 date-time with an offset (2026-05-01T17:00:00Z, …+02:00) that is
 * a real instant in the years 1–9999 UTC, normalised to UTC milliseconds
 * (2026-05-01T17:00:00.000Z): what is stored is what is read back.
 */
export const dateTime = z.iso
  .datetime({ offset: true, abort: true, error: "must be an ISO 8601 date-time, e.g. 2026-05-01T17:00:00Z" })
  .refine((v) => {
    const t = Date.parse(v);
    return t >= FIRST_INSTANT && t <= LAST_INSTANT;
  }, { error: YEARS_MESSAGE, abort: true })
  .overwrite((v) => {
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : new Date(t).toISOString();
  });

/** A calendar day YYYY-MM-DD that exists (2026-02-30 and 2026-13-01 do not), years 1–9999. */
export const isoDate = z.iso
  .date({ abort: true, error: "must be a real date like 2026-01-31" })
  .refine((v) => !v.startsWith("0000"), { error: YEARS_MESSAGE, abort: true })
  .openapi({ example: "2026-01-31" });

/** Page-number pagination (SPEC §3): perPage default 20, max 100. */
export const paginationQuery = {
  page: z.coerce.number().int().min(1).max(100000).default(1).openapi({ description: "1-based page number" }),
  perPage: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Items per page (max 100)" }),
};

export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "VALIDATION_ERROR" }),
      message: z.string(),
      details: z.array(z.object({ field: z.string().optional(), message: z.string() }).passthrough()).optional(),
      /** Which upload limit a 413 hit (PAYLOAD_TOO_LARGE of an upload). */
      limit: z.object({ kind: z.enum(["file", "entity", "workspace"]), bytes: z.number().int() }).optional(),
    }),
    meta: z.object({ requestId: z.string(), timestamp: z.string() }),
  })
  .openapi("Error");

export const paginationMeta = z
  .object({ page: z.number().int(), perPage: z.number().int(), total: z.number().int(), totalPages: z.number().int() })
  .openapi("PaginationMeta");

export const paginationLinks = z
  .object({ first: z.string(), prev: z.string().nullable(), next: z.string().nullable(), last: z.string() })
  .openapi("PaginationLinks");

/** `{ data: T }` */
export const envelope = <T extends z.ZodType>(data: T) => z.object({ data });

/** `{ data: T[], meta, links }` */
export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), meta: paginationMeta, links: paginationLinks });

/** Makes `%`, `_` and `\` match literally in a Prisma `contains` (which becomes LIKE/ILIKE). */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, "\\$&");

/**
 * The version a write is based on (optimistic concurrency, db/versioned.ts). A
 * numeric `If-Match` header carries the same; routes read both with
 * `requestedVersion()`.
 */
export const versionInput = z.number().int().min(1).max(2_147_483_647).openapi({ description: "The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead." });

/** A resource's version as responses show it. */
export const versionField = z.number().int();

/** An email address as accounts and invitations store it: trimmed, lower-cased. */
export const email = text
  .trim()
  .max(254)
  .pipe(z.email({ error: "must be a valid email address" }))
  .transform((v) => v.toLowerCase())
  .openapi({ example: "ada@example.com", type: "string", format: "email" });
