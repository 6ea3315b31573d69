import type { Prisma, PrismaClient } from "../../generated/prisma/client";

/**
 * Skills are free text typed by people ("Compositing", "compositing ", "COMPOSITING"), so
 * they are kept as typed but compared without case: one skill per artist whatever its
 * spelling, and a filter matches every spelling in the workspace.
 */

type Db = PrismaClient | Prisma.TransactionClient;

/** The artist's skills, trimmed, without a second spelling of one already listed (the first one typed wins). */
export function uniqueSkills(skills: string[] | undefined): string[] | undefined {
  if (!skills) return undefined;
  const seen = new Set<string>();
  return skills.filter((s) => {
    const key = s.toLocaleLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The `where` part keeping only artists with this skill, in any spelling. Prisma's `has` is
 * exact, so the spellings present in the workspace are looked up first (one indexed query).
 */
export async function skillWhere(db: Db, workspaceId: string, skill: string | undefined): Promise<Prisma.ArtistWhereInput> {
  if (!skill) return {};
  const rows = await db.$queryRaw<{ skill: string }[]>`
    SELECT DISTINCT s AS skill FROM artists, unnest(skills) AS s
    WHERE workspace_id = ${workspaceId}::uuid AND lower(s) = lower(${skill})`;
  return rows.length ? { skills: { hasSome: rows.map((r) => r.skill) } } : { id: { in: [] } };
}

/** Every skill in the workspace with how many artists (active or not) have it, most common first; each in its most used spelling. */
export async function workspaceSkills(db: Db, workspaceId: string): Promise<{ skill: string; artists: number }[]> {
  const rows = await db.$queryRaw<{ skill: string; artists: number }[]>`
    SELECT (array_agg(spelling ORDER BY uses DESC, spelling))[1] AS skill, sum(uses)::int AS artists
    FROM (
      SELECT s AS spelling, lower(s) AS key, count(*) AS uses
      FROM artists, unnest(skills) AS s
      WHERE workspace_id = ${workspaceId}::uuid
      GROUP BY s
    ) spellings
    GROUP BY key
    ORDER BY artists DESC, skill`;
  return rows;
}
