import type { presentNotification } from "./notifications.service";

/** The notifications module's events. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    /** To the user's room: the bell shows it at once. */
    "notification.created": { notification: ReturnType<typeof presentNotification>; unreadCount: number };
  }
}

export {};
