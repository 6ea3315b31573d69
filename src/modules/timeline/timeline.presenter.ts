import type { Milestone, ProjectPhase } from "../../generated/prisma/client";
import { isoDay } from "../../lib/dates";

/** A phase as the API shows it. `lateDependencies`: predecessors that end on or after this phase starts (finish-to-start broken), computed by the service. */
export const presentPhase = (p: ProjectPhase, dependsOn: string[], lateDependencies: string[]) => ({
  id: p.id,
  projectId: p.projectId,
  name: p.name,
  startDate: isoDay(p.startDate),
  endDate: isoDay(p.endDate),
  progress: p.progress,
  color: p.color,
  order: p.position,
  dependsOn,
  lateDependencies,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export type PresentedPhase = ReturnType<typeof presentPhase>;

export const presentMilestone = (m: Milestone) => ({
  id: m.id,
  projectId: m.projectId,
  phaseId: m.phaseId,
  name: m.name,
  date: isoDay(m.date),
  done: m.done,
  version: m.version,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});

export type PresentedMilestone = ReturnType<typeof presentMilestone>;
