import type { Activity } from "../../generated/prisma/client";

export const presentActivity = (a: Activity) => ({
  id: a.id,
  workspaceId: a.workspaceId,
  actorId: a.actorId,
  entityType: a.entityType,
  entityId: a.entityId,
  action: a.action,
  field: a.field,
  before: a.before ?? null,
  after: a.after ?? null,
  createdAt: a.createdAt.toISOString(),
});
