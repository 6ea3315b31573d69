import type { PresentedNotification } from "./notifications.presenter";

/** The notifications module's events. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    /** To the user's room: the bell shows it at once. */
    "notification.created": { notification: PresentedNotification; unreadCount: number };
  }
}

export {};
