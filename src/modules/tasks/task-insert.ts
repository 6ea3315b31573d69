import { randomUUID } from "node:crypto";
import type { TaskPriority, TaskStatus } from "../../generated/prisma/client";
import { prepared, type Sql } from "../../db/client";

/**
 * Creating a task in plain SQL, like the task list (see task-list.ts): the
 * create is the second hot path of SPEC §8 (800/s), and through Prisma it
 * cost five engine round trips (~3 ms of CPU) per task. Here it is two
 * statements. tests/api/tasks.test.ts covers every field and rule of create.
 */

/** Gap between neighbours when a card goes to the end of a column. */
export const POSITION_STEP = 1024;

/**
 * The next number of a project's tasks (WEB-42), in a statement of its own
 * whose commit does not wait for the disk (`synchronous_commit` off for this
 * transaction only), so the project row is locked for one statement instead
 * of for a whole create and its fsync (that lock made concurrent creates in
 * one project queue up). Durable all the same: the task's own commit flushes
 * the log up to and past this one. A number whose task then fails is
 * skipped, like a deleted task's; numbers are never reused.
 */
export async function nextTaskNumber(sql: Sql, projectId: string): Promise<number> {
  const { rows } = await sql.query<{ number: number }>(
    prepared(
      `WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
       UPDATE projects SET task_counter = task_counter + 1 FROM async_commit WHERE id = $1::uuid RETURNING task_counter AS number`,
      [projectId],
    ),
  );
  if (!rows[0]) throw new Error(`nextTaskNumber: project ${projectId} is gone`);
  return rows[0].number;
}

export interface NewTask {
  workspaceId: string;
  projectId: string | null;
  number: number | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  storyPoints: number | null;
  dueDate: Date | null;
  parentId: string | null;
  sprintId: string | null;
  createdById: string;
  completedAt: Date | null;
  assigneeIds: string[];
  labelIds: string[];
  watcherIds: string[];
  /** The `after` of the task's "created" activity entry. */
  activityAfter: unknown;
}

/**
 * One statement, so one transaction: the task at the end of its column, its
 * assignees, labels and watchers, and its "created" activity entry. Returns its id.
 * Two creates at the same moment may share a position; ties sort by id and a move renumbers.
 */
export async function insertTask(sql: Sql, task: NewTask): Promise<string> {
  const id = randomUUID();
  await sql.query(
    prepared(
      `WITH task AS (
         INSERT INTO tasks (id, workspace_id, project_id, number, title, description, status, priority, story_points, due_date,
                            position, parent_id, sprint_id, created_by_id, completed_at, updated_at)
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::"TaskStatus", $8::"TaskPriority", $9, $10::timestamptz,
                 CASE WHEN $3::uuid IS NULL THEN 0
                      ELSE (SELECT coalesce(max(position), 0) + $18 FROM tasks
                            WHERE project_id = $3::uuid AND status = $7::"TaskStatus" AND deleted_at IS NULL) END,
                 $11::uuid, $12::uuid, $13::uuid, $14::timestamptz, now())
         RETURNING id),
       assignees AS (INSERT INTO task_assignees (task_id, user_id) SELECT task.id, u FROM task, unnest($15::uuid[]) AS u),
       labels AS (INSERT INTO task_labels (task_id, label_id) SELECT task.id, l FROM task, unnest($16::uuid[]) AS l),
       watchers AS (INSERT INTO task_watchers (task_id, user_id) SELECT task.id, u FROM task, unnest($17::uuid[]) AS u)
       INSERT INTO activity (id, workspace_id, actor_id, entity_type, entity_id, action, after)
       SELECT $19::uuid, $2::uuid, $13::uuid, 'task', task.id, 'created', $20::jsonb FROM task`,
      [
        id,
        task.workspaceId,
        task.projectId,
        task.number,
        task.title,
        task.description,
        task.status,
        task.priority,
        task.storyPoints,
        // As ISO strings: pg would write a Date in the process's local time zone, whose
        // historical offsets (seconds in the year 1) its format cannot carry.
        task.dueDate?.toISOString() ?? null,
        task.parentId,
        task.sprintId,
        task.createdById,
        task.completedAt?.toISOString() ?? null,
        task.assigneeIds,
        task.labelIds,
        task.watcherIds,
        POSITION_STEP,
        randomUUID(),
        JSON.stringify(task.activityAfter),
      ],
    ),
  );
  return id;
}
