/** A search hit as the database returns it (search.service.ts). */
export interface HitRow {
  type: "task" | "comment";
  rank: number;
  headline: string;
  task_id: string;
  number: number | null;
  project_key: string | null;
  title: string;
  status: string;
  project_id: string | null;
  comment_id: string | null;
  total: bigint;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
/** ts_headline marks matches with sentinels; everything else is escaped so the client can render it as HTML. */
const START = "\u0001";
const STOP = "\u0002";
const safeHeadline = (h: string) => escapeHtml(h).split(START).join("<b>").split(STOP).join("</b>");

export const presentHit = (r: HitRow) => ({
  type: r.type,
  rank: Number(r.rank),
  headline: safeHeadline(r.headline),
  task: { id: r.task_id, key: r.project_key && r.number !== null ? `${r.project_key}-${r.number}` : null, title: r.title, status: r.status, projectId: r.project_id },
  commentId: r.comment_id,
});
