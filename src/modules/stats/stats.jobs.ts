import type { AppContext } from "../../http/context";
import { defineJob } from "../../jobs/job";
import { uuid, z } from "../../lib/zod";
import { isoDay } from "../../lib/dates";
import { generationKey, readCache } from "../../cache/reads";

/**
 * Sprint snapshots: once an hour (and when a sprint starts) the scope of every
 * active sprint and what is left of it, one row per sprint and UTC day, the
 * day's last run standing. The burndown reads its past days from them, so a
 * task moved into or out of the sprint shows on the day it moved instead of
 * rewriting the whole history.
 */

/** Upserts today's snapshot of the active sprints (or of one); resolves to how many were written. */
export async function snapshotActiveSprints(ctx: AppContext, sprintId?: string): Promise<number> {
  const now = ctx.now();
  const written = await ctx.db.$queryRaw<Array<{ projectId: string; workspaceId: string }>>`
    INSERT INTO sprint_snapshots (sprint_id, workspace_id, day, scope_points, remaining_points, scope_tasks, remaining_tasks, taken_at)
    SELECT s.id, s.workspace_id, ${isoDay(now)}::date,
           coalesce(sum(t.story_points), 0),
           coalesce(sum(t.story_points) FILTER (WHERE t.status <> 'DONE'), 0),
           count(t.id),
           count(t.id) FILTER (WHERE t.status <> 'DONE'),
           ${now}
    FROM sprints s LEFT JOIN tasks t ON t.sprint_id = s.id AND t.deleted_at IS NULL
    WHERE s.status = 'ACTIVE' AND (${sprintId ?? null}::uuid IS NULL OR s.id = ${sprintId ?? null}::uuid)
    GROUP BY s.id
    ON CONFLICT (sprint_id, day) DO UPDATE SET
      scope_points = EXCLUDED.scope_points, remaining_points = EXCLUDED.remaining_points,
      scope_tasks = EXCLUDED.scope_tasks, remaining_tasks = EXCLUDED.remaining_tasks, taken_at = EXCLUDED.taken_at
    RETURNING (SELECT project_id FROM sprints WHERE id = sprint_id) AS "projectId", workspace_id AS "workspaceId"`;
  // No event announces a snapshot: the cached stats of these projects are told directly.
  await readCache(ctx).invalidate([...new Set(written.flatMap((w) => [generationKey.project(w.projectId), generationKey.workspace(w.workspaceId)]))]);
  return written.length;
}

/** Analytics: today's snapshot of every active sprint, or of `sprintId` only. */
export const snapshotSprintsJob = (ctx: AppContext) =>
  defineJob({
    name: "analytics.sprint-snapshots",
    queue: "analytics",
    schema: z.object({ sprintId: uuid.optional() }).strict(),
    perform: async ({ sprintId }) => ({ written: await snapshotActiveSprints(ctx, sprintId) }),
  });
