import { Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { notFound } from "../../lib/errors";
import { paginationLinks, paginationMeta, paginationQuery, text, uuid, z } from "../../lib/zod";
import { requireMembership } from "../workspaces/permissions";
import { taskStatus } from "../tasks/tasks.schema";

/**
 * Workspace search: PostgreSQL full-text search (generated tsvector columns with
 * GIN indexes, see the `search` migration) over task titles, descriptions and
 * comments, ranked. Only what the caller may read: project tasks of the
 * workspace and their own personal tasks, never deleted ones.
 */

const searchQuery = z
  .object({
    ...paginationQuery,
    q: text.trim().min(1, "must not be empty").max(200),
    type: z.enum(["all", "task", "comment"]).default("all"),
    projectId: uuid.optional(),
    status: taskStatus.optional(),
  })
  .strict();

const hit = z
  .object({
    type: z.enum(["task", "comment"]),
    rank: z.number(),
    headline: z.string().openapi({ description: "Matching text with <b>…</b> around the matches (the rest HTML-escaped)" }),
    task: z.object({ id: uuid, key: z.string().nullable(), title: z.string(), status: taskStatus, projectId: uuid.nullable() }),
    commentId: uuid.nullable(),
  })
  .openapi("SearchHit");

interface Row {
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

export function searchRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/search",
      summary: "Full-text search of tasks and comments, ranked",
      description: "Query syntax as in web search: words, \"quoted phrases\", -excluded, or.",
      tags: ["Search"],
      auth: "required",
      request: { params: z.object({ workspaceId: uuid }).strict(), query: searchQuery },
      responses: { 200: { description: "Hits, best first", schema: z.object({ data: z.array(hit), meta: paginationMeta, links: paginationLinks }) } },
      handler: async ({ req, auth, params, query }) => {
        await requireMembership(ctx.db, params.workspaceId, auth.userId);
        if (query.projectId) {
          const p = await ctx.db.project.findUnique({ where: { id: query.projectId }, select: { workspaceId: true } });
          if (!p || p.workspaceId !== params.workspaceId) throw notFound("Project");
        }
        const tsq = Prisma.sql`websearch_to_tsquery('english', ${query.q})`;
        const visible = Prisma.sql`t.workspace_id = ${params.workspaceId}::uuid AND t.deleted_at IS NULL
          AND (t.project_id IS NOT NULL OR t.created_by_id = ${auth.userId}::uuid)
          ${query.projectId ? Prisma.sql`AND t.project_id = ${query.projectId}::uuid` : Prisma.empty}
          ${query.status ? Prisma.sql`AND t.status = ${query.status}::"TaskStatus"` : Prisma.empty}`;
        const opts = "StartSel=\u0001, StopSel=\u0002, MaxWords=30, MinWords=10";
        const taskHits = Prisma.sql`
          SELECT 'task' AS type, ts_rank(t.search, ${tsq}) AS rank,
                 ts_headline('english', t.title || ' — ' || coalesce(t.description, ''), ${tsq}, ${opts}) AS headline,
                 t.id AS task_id, t.number, p.key AS project_key, t.title, t.status::text AS status, t.project_id, NULL::uuid AS comment_id
            FROM tasks t LEFT JOIN projects p ON p.id = t.project_id
           WHERE ${visible} AND t.search @@ ${tsq}`;
        const commentHits = Prisma.sql`
          SELECT 'comment' AS type, ts_rank(c.search, ${tsq}) AS rank,
                 ts_headline('english', c.body, ${tsq}, ${opts}) AS headline,
                 t.id AS task_id, t.number, p.key AS project_key, t.title, t.status::text AS status, t.project_id, c.id AS comment_id
            FROM comments c JOIN tasks t ON t.id = c.task_id LEFT JOIN projects p ON p.id = t.project_id
           WHERE ${visible} AND c.search @@ ${tsq}`;
        const union =
          query.type === "task" ? taskHits : query.type === "comment" ? commentHits : Prisma.sql`${taskHits} UNION ALL ${commentHits}`;
        const rows = await ctx.db.$queryRaw<Row[]>`
          SELECT h.*, count(*) OVER () AS total FROM (${union}) h
           ORDER BY h.rank DESC, h.task_id, h.comment_id NULLS FIRST
           LIMIT ${query.perPage} OFFSET ${(query.page - 1) * query.perPage}`;
        const total = rows.length ? Number(rows[0].total) : 0;
        return ok(
          rows.map((r) => ({
            type: r.type,
            rank: Number(r.rank),
            headline: safeHeadline(r.headline),
            task: { id: r.task_id, key: r.project_key && r.number !== null ? `${r.project_key}-${r.number}` : null, title: r.title, status: r.status, projectId: r.project_id },
            commentId: r.comment_id,
          })),
          pageMeta(req, query, total),
        );
      },
    }),
  ];
}
