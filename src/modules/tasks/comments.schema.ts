import { paginationQuery, text, uuid, versionField, versionInput, z } from "../../lib/zod";

const body = text.trim().min(1, "must not be empty").max(20_000, "must be at most 20,000 characters");

export const comment = z
  .object({
    id: uuid,
    taskId: uuid,
    authorId: uuid,
    author: z.object({ id: uuid, name: z.string() }).nullable(),
    body: z.string(),
    mentions: z.array(uuid),
    editedAt: z.string().nullable(),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Comment");

export const pageQuery = z.object({ ...paginationQuery }).strict();
export const createCommentBody = z.object({ body }).strict().openapi("CreateCommentRequest");
export const updateCommentBody = z.object({ body, version: versionInput.optional() }).strict().openapi("UpdateCommentRequest");
export const watchBody = z.object({ watching: z.boolean() }).strict().openapi("WatchRequest");
export const watchState = z.object({ watching: z.boolean(), watcherIds: z.array(uuid) });
