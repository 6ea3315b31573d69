import type { Task } from "../../generated/prisma/client";

export type TaskRow = Task & {
  project: { key: string } | null;
  assignees: Array<{ user: { id: string; name: string } }>;
  labels: Array<{ label: { id: string; name: string; color: string } }>;
  _count: { subtasks: number };
};

/** What every task query includes so the presenter has what it needs. */
export const taskInclude = {
  project: { select: { key: true } },
  assignees: { select: { user: { select: { id: true, name: true } } }, orderBy: [{ createdAt: "asc" as const }, { userId: "asc" as const }] },
  labels: { select: { label: { select: { id: true, name: true, color: true } } } },
  _count: { select: { subtasks: { where: { deletedAt: null } } } },
};

export const presentTask = (t: TaskRow) => ({
  id: t.id,
  key: t.project && t.number !== null ? `${t.project.key}-${t.number}` : null,
  workspaceId: t.workspaceId,
  projectId: t.projectId,
  number: t.number,
  title: t.title,
  description: t.description,
  status: t.status,
  priority: t.priority,
  storyPoints: t.storyPoints,
  dueDate: t.dueDate?.toISOString() ?? null,
  position: t.position,
  parentId: t.parentId,
  sprintId: t.sprintId,
  assignees: t.assignees.map((a) => a.user),
  labels: t.labels.map((l) => l.label).sort((a, b) => a.name.localeCompare(b.name)),
  subtaskCount: t._count.subtasks,
  createdById: t.createdById,
  completedAt: t.completedAt?.toISOString() ?? null,
  deletedAt: t.deletedAt?.toISOString() ?? null,
  version: t.version,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

export type PresentedTask = ReturnType<typeof presentTask>;
