import "./notifications.events";

/** The notifications module: in-app notifications, preferences, email; a subscriber of other modules' events. */
export { notificationRoutes } from "./notifications.routes";
export { deliverNotificationJob } from "./notifications.service";
export { sendEmailJob } from "./notifications.jobs";
export { subscribeNotifications } from "./notifications.subscriber";
export { renderEmail } from "./email";
