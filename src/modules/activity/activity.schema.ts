import { dateTime, text, uuid, z } from "../../lib/zod";

export const activityItem = z
  .object({
    id: uuid,
    workspaceId: uuid,
    actorId: uuid.nullable(),
    entityType: z.string(),
    entityId: uuid,
    action: z.string(),
    field: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    createdAt: z.string(),
  })
  .openapi("Activity");

export const activityQuery = z
  .object({
    workspaceId: uuid,
    since: dateTime.optional().transform((v) => (v ? new Date(v) : undefined)),
    cursor: text.max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const activityFeed = z.object({ data: z.array(activityItem), meta: z.object({ nextCursor: z.string().nullable() }) });
