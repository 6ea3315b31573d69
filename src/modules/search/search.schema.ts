import { paginationLinks, paginationMeta, paginationQuery, text, uuid, z } from "../../lib/zod";
import { taskStatus } from "../tasks";

export const searchQuery = z
  .object({
    ...paginationQuery,
    q: text.trim().min(1, "must not be empty").max(200),
    type: z.enum(["all", "task", "comment"]).default("all"),
    projectId: uuid.optional(),
    status: taskStatus.optional(),
  })
  .strict();

export const hit = z
  .object({
    type: z.enum(["task", "comment"]),
    rank: z.number(),
    headline: z.string().openapi({ description: "Matching text with <b>…</b> around the matches (the rest HTML-escaped)" }),
    task: z.object({ id: uuid, key: z.string().nullable(), title: z.string(), status: taskStatus, projectId: uuid.nullable() }),
    commentId: uuid.nullable(),
  })
  .openapi("SearchHit");

export const searchParams = z.object({ workspaceId: uuid }).strict();
export const searchResults = z.object({ data: z.array(hit), meta: paginationMeta, links: paginationLinks });

export type SearchQuery = z.infer<typeof searchQuery>;
