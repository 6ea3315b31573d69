import type { Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { loadProject } from "../projects";

/**
 * Full-text search of a project's passages (PostgreSQL, `english` configuration,
 * websearch syntax: words, "phrases", -exclusions, OR), ranked with ts_rank_cd.
 * Only ready documents; the workspace is part of every query so a passage of
 * another tenant can never come back.
 */

type Db = Pick<Prisma.TransactionClient, "$queryRaw">;

export interface PassageHit {
  passageId: string;
  documentId: string;
  documentName: string;
  text: string;
  start: number;
  end: number;
  rank: number;
}

// ts_headline marks matches with these (control characters cannot occur in the escaped text), then they become <mark>.
const START = "\u0002";
const STOP = "\u0003";
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
export const toMarkup = (headline: string) => escapeHtml(headline).split(START).join("<mark>").split(STOP).join("</mark>");

/** For the assistant's search_documents tool: plain text, best first. */
export async function searchProjectPassages(db: Db, args: { workspaceId: string; projectId: string; query: string; limit: number }): Promise<PassageHit[]> {
  const limit = Math.max(1, Math.min(50, Math.floor(args.limit)));
  const rows = await db.$queryRaw<Array<PassageHit & { rank: number }>>`
    SELECT p.id AS "passageId", p.document_id AS "documentId", d.name AS "documentName", p.text, p.start, p."end", ts_rank_cd(p.search, q)::float8 AS rank
      FROM document_passages p JOIN documents d ON d.id = p.document_id, websearch_to_tsquery('english', ${args.query}) q
     WHERE p.workspace_id = ${args.workspaceId}::uuid AND p.project_id = ${args.projectId}::uuid AND d.status = 'ready' AND p.search @@ q
     ORDER BY rank DESC, d.name, p.ordinal LIMIT ${limit}`;
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}

/** One passage of a ready document of the workspace, or null. */
export async function getPassage(db: Db, args: { workspaceId: string; passageId: string }): Promise<(PassageHit & { ordinal: number }) | null> {
  const rows = await db.$queryRaw<Array<PassageHit & { ordinal: number }>>`
    SELECT p.id AS "passageId", p.document_id AS "documentId", d.name AS "documentName", p.text, p.start, p."end", p.ordinal, 0::float8 AS rank
      FROM document_passages p JOIN documents d ON d.id = p.document_id
     WHERE p.id = ${args.passageId}::uuid AND p.workspace_id = ${args.workspaceId}::uuid AND d.status = 'ready'`;
  return rows[0] ?? null;
}

/** GET /projects/:id/documents/search: ranked, paginated, with highlighted passages. */
export async function searchDocuments(ctx: AppContext, userId: string, projectId: string, query: { q: string; page: number; perPage: number }) {
  const { project } = await loadProject(ctx, userId, projectId);
  const offset = (query.page - 1) * query.perPage;
  const options = `StartSel=${START}, StopSel=${STOP}, MaxWords=60, MinWords=25, MaxFragments=2, FragmentDelimiter=" … "`;
  const [rows, count] = await Promise.all([
    ctx.db.$queryRaw<Array<{ passageId: string; documentId: string; documentName: string; ordinal: number; start: number; end: number; rank: number; headline: string }>>`
      SELECT p.id AS "passageId", p.document_id AS "documentId", d.name AS "documentName", p.ordinal, p.start, p."end", ts_rank_cd(p.search, q)::float8 AS rank,
             ts_headline('english', p.text, q, ${options}) AS headline
        FROM document_passages p JOIN documents d ON d.id = p.document_id, websearch_to_tsquery('english', ${query.q}) q
       WHERE p.workspace_id = ${project.workspaceId}::uuid AND p.project_id = ${projectId}::uuid AND d.status = 'ready' AND p.search @@ q
       ORDER BY rank DESC, d.name, p.ordinal LIMIT ${query.perPage} OFFSET ${offset}`,
    ctx.db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM document_passages p JOIN documents d ON d.id = p.document_id, websearch_to_tsquery('english', ${query.q}) q
       WHERE p.workspace_id = ${project.workspaceId}::uuid AND p.project_id = ${projectId}::uuid AND d.status = 'ready' AND p.search @@ q`,
  ]);
  const items = rows.map(({ headline, ...r }) => ({ ...r, rank: Number(r.rank), highlight: toMarkup(headline) }));
  return { items, total: count[0]?.n ?? 0 };
}
