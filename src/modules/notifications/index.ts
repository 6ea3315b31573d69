export { notificationRoutes } from "./notifications.routes";
export { notify, deliverNotificationJob } from "./notifications.service";
export { sendEmailJob } from "./notifications.jobs";
export { subscribeNotifications, INVITATION_CREATED, type InvitationCreatedData } from "./notifications.subscriber";
export { renderEmail } from "./email";
