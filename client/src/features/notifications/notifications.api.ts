import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Schema } from "../../lib/api";

export const NOTIFICATION_TYPES = [
  "ASSIGNED",
  "MENTIONED",
  "WATCHED_COMMENT",
  "INVITATION",
  "BOOKING_REQUESTED",
  "BOOKING_CONFIRMED",
  "BOOKING_DECLINED",
  "HOLD_MOVED_UP",
  "HOLD_OVERTAKEN",
  "HOLD_EXPIRING",
  "HOLD_EXPIRED",
  "ATTACHMENT_INFECTED",
  "AI_BUDGET_WARNING",
  "WEBHOOK_DISABLED",
  "JOB_APPLICATION_RECEIVED",
] as const satisfies readonly Schema<"NotificationType">[];
export type NotificationType = Schema<"NotificationType">;

export const NOTIFICATION_TYPE_LABEL: Record<NotificationType, { label: string; description: string }> = {
  ASSIGNED: { label: "Assigned to me", description: "A task is assigned to you" },
  MENTIONED: { label: "Mentions", description: "Someone @mentions you" },
  WATCHED_COMMENT: { label: "Comments", description: "New comments on tasks you watch" },
  INVITATION: { label: "Invitations", description: "You are invited to a workspace" },
  BOOKING_REQUESTED: { label: "Booking requests", description: "You (as an artist) are booked, pencilled or held by someone else" },
  BOOKING_CONFIRMED: { label: "Booking accepted", description: "The artist accepts a booking you made" },
  BOOKING_DECLINED: { label: "Booking declined", description: "The artist declines a booking you made" },
  HOLD_MOVED_UP: { label: "Hold moved up", description: "A hold of yours ranks higher because one before it ended, e.g. it is now 1st hold" },
  HOLD_OVERTAKEN: { label: "Hold passed over", description: "An admin promotes a later hold over one of yours" },
  HOLD_EXPIRING: { label: "Hold expiring", description: "A hold of yours expires within 24 hours" },
  HOLD_EXPIRED: { label: "Hold expired", description: "A hold of yours expired and was released" },
  ATTACHMENT_INFECTED: { label: "Infected upload", description: "A file you uploaded was found infected by the virus scanner and deleted" },
  AI_BUDGET_WARNING: { label: "AI budget", description: "The workspace has spent 80 % of this month's AI budget (owners)" },
  WEBHOOK_DISABLED: { label: "Webhook switched off", description: "A webhook of the workspace failed too many deliveries in a row and was switched off (owners and admins)" },
  JOB_APPLICATION_RECEIVED: { label: "New job application", description: "Someone applied to a job listing you posted" },
};

export type AppNotification = Schema<"Notification">;
export type NotificationPreference = Schema<"NotificationPreference">;

export interface NotificationList {
  items: AppNotification[];
  unreadCount: number;
}

export const notificationKeys = {
  all: ["notifications"] as const,
  list: ["notifications", "list"] as const,
  preferences: ["notifications", "preferences"] as const,
};

const PER_PAGE = 20;

export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.list,
    queryFn: async (): Promise<NotificationList> => {
      const res = await call("get", "/notifications", { query: { perPage: PER_PAGE } });
      return { items: res.data, unreadCount: res.meta.unreadCount };
    },
  });
}

/** A `notification.created` event: prepend it and take the server's unread count. */
export function addNotification(queryClient: QueryClient, notification: AppNotification, unreadCount: number | undefined): void {
  queryClient.setQueryData<NotificationList>(notificationKeys.list, (list) => {
    if (!list) return list;
    if (list.items.some((n) => n.id === notification.id)) return list;
    return {
      items: [notification, ...list.items].slice(0, PER_PAGE),
      unreadCount: unreadCount ?? list.unreadCount + (notification.readAt ? 0 : 1),
    };
  });
  // Not loaded yet: the first fetch will bring it.
  if (!queryClient.getQueryData(notificationKeys.list)) void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post("/notifications/{id}/read", { path: { id } }),
    onMutate: (id) => {
      queryClient.setQueryData<NotificationList>(notificationKeys.list, (list) => {
        if (!list) return list;
        const target = list.items.find((n) => n.id === id);
        if (!target || target.readAt) return list;
        return {
          items: list.items.map((n) => (n.id === id ? { ...n, readAt: new Date().toISOString() } : n)),
          unreadCount: Math.max(0, list.unreadCount - 1),
        };
      });
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.list }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/notifications/read-all", { body: {} }),
    onMutate: () => {
      const now = new Date().toISOString();
      queryClient.setQueryData<NotificationList>(notificationKeys.list, (list) =>
        list ? { items: list.items.map((n) => (n.readAt ? n : { ...n, readAt: now })), unreadCount: 0 } : list,
      );
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.list }),
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: () => api.get("/notifications/preferences"),
  });
}

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (prefs: NotificationPreference[]) => api.put("/notifications/preferences", { body: prefs }),
    onSuccess: (prefs) => queryClient.setQueryData(notificationKeys.preferences, prefs),
  });
}
