import type { AppContext } from "../../http/context";
import type { AnyRoute } from "../../http/route";

/** Upload, list, download, preview, thumbnail and delete attachments (Appendix B, Files). */
export function attachmentRoutes(_ctx: AppContext): AnyRoute[] {
  return [];
}
