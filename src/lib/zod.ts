// zod extended with .openapi() once, for every module.
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export { z };

export const uuid = z.uuid({ error: "must be a UUID" });
export const idParams = z.object({ id: uuid }).strict();

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
