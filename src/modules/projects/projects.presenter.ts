import type { Project } from "../../generated/prisma/client";
import { isoDayOrNull } from "../../lib/dates";

export const presentProject = (p: Project) => ({
  id: p.id,
  workspaceId: p.workspaceId,
  key: p.key,
  name: p.name,
  description: p.description,
  color: p.color,
  status: p.status,
  startDate: isoDayOrNull(p.startDate),
  endDate: isoDayOrNull(p.endDate),
  leadId: p.leadId,
  createdById: p.createdById,
  archivedAt: p.archivedAt?.toISOString() ?? null,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
