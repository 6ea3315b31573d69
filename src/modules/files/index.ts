import "./files.events";

/**
 * The files module (SPEC §4.7): the upload service every module uses, the
 * storage drivers, attachments on tasks, comments, projects and bookings,
 * thumbnails, virus scanning and the orphan sweep.
 */
export { createStorage, type FileStorage } from "./storage";
export { attachmentRoutes } from "./attachments.routes";
export { fileJobs, scheduleFileJobs } from "./files.jobs";
/** The upload service, for any module that takes files (the AI documents). */
export { receiveUpload, assertWorkspaceRoom, configuredLimits, cleanFileName, tooLarge, type UploadSpec, type UploadTarget, type UploadLimits, type StoredUpload } from "./upload.service";
export { fileKey } from "./storage";
export type { PresentedAttachment } from "./attachments.presenter";
/** The type check on the bytes, for modules that take files without attaching them (the AI documents). */
export { decideType as decideFileType } from "./file-types";
/** The clamd client, for modules that scan what they store (the AI documents). */
export { scanStream, ScannerUnavailableError, ScanTooLargeError, type ScanVerdict } from "./scanner";
