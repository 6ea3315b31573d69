import { Prisma } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { notFound } from "../../lib/errors";
import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { canSearch } from "./search.policy";
import { presentHit, type HitRow } from "./search.presenter";
import type { SearchQuery } from "./search.schema";

/**
 * Workspace search: PostgreSQL full-text search (generated tsvector columns with
 * GIN indexes, see the `search` migration) over task titles, descriptions and
 * comments, ranked. Only what the caller may read: project tasks of the
 * workspace and their own personal tasks, never deleted ones. `$queryRaw`
 * (parameterised): search is one of the database rule's raw-query cases (src/db/client.ts).
 */
export async function search(ctx: AppContext, userId: string, workspaceId: string, query: SearchQuery) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canSearch(role), roleDenies(role, "searching"));
  if (query.projectId) {
    const p = await ctx.db.project.findUnique({ where: { id: query.projectId }, select: { workspaceId: true } });
    if (!p || p.workspaceId !== workspaceId) throw notFound("Project");
  }
  const tsq = Prisma.sql`websearch_to_tsquery('english', ${query.q})`;
  const visible = Prisma.sql`t.workspace_id = ${workspaceId}::uuid AND t.deleted_at IS NULL
    AND (t.project_id IS NOT NULL OR t.created_by_id = ${userId}::uuid)
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
  const rows = await ctx.db.$queryRaw<HitRow[]>`
    SELECT h.*, count(*) OVER () AS total FROM (${union}) h
     ORDER BY h.rank DESC, h.task_id, h.comment_id NULLS FIRST
     LIMIT ${query.perPage} OFFSET ${(query.page - 1) * query.perPage}`;
  const total = rows.length ? Number(rows[0].total) : 0;
  return { total, hits: rows.map(presentHit) };
}
