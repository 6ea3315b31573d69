import "./documents.events";

/**
 * The documents module (SPEC §4.6, issue 17): a project's documents for the
 * assistant — uploaded or typed, text extracted by a job, encrypted at rest,
 * split into passages that PostgreSQL full text searches.
 */
export { documentRoutes } from "./documents.routes";
export { documentJobs, scheduleDocumentJobs } from "./documents.jobs";
/** For the assistant's search_documents tool and its citations. */
export { searchProjectPassages, getPassage, type PassageHit } from "./documents.search";
export type { PresentedDocument } from "./documents.presenter";
