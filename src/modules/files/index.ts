import "./files.events";

/**
 * The files module (SPEC §4.7): the upload service every module uses, the
 * storage drivers, attachments on tasks, comments, projects and bookings,
 * thumbnails, virus scanning and the orphan sweep.
 */
export { createStorage, type FileStorage } from "./storage";
export { attachmentRoutes } from "./attachments.routes";
export { fileJobs, scheduleFileJobs } from "./files.jobs";
