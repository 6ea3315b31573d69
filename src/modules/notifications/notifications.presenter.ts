import type { Notification } from "../../generated/prisma/client";

export const presentNotification = (n: Notification) => ({
  id: n.id,
  type: n.type,
  workspaceId: n.workspaceId,
  title: n.title,
  body: n.body,
  link: n.link,
  data: n.data ?? null,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

export type PresentedNotification = ReturnType<typeof presentNotification>;
