import type { Label } from "../../generated/prisma/client";

export const presentLabel = (l: Label) => ({ id: l.id, workspaceId: l.workspaceId, name: l.name, color: l.color, version: l.version, createdAt: l.createdAt.toISOString() });

export type PresentedLabel = ReturnType<typeof presentLabel>;
