import type { Project } from "../../generated/prisma/client";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export const presentProject = (p: Project) => ({
  id: p.id,
  workspaceId: p.workspaceId,
  key: p.key,
  name: p.name,
  description: p.description,
  color: p.color,
  status: p.status,
  startDate: day(p.startDate),
  endDate: day(p.endDate),
  leadId: p.leadId,
  createdById: p.createdById,
  archivedAt: p.archivedAt?.toISOString() ?? null,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
