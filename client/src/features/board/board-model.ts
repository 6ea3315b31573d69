import { TASK_STATUSES, taskKeys, type Task } from "../tasks/tasks.api";

// The board as data: columns of cards, the filter, and where a dropped card
// goes. Pure functions, so the drag handlers stay short and readable.

export type BoardStatus = (typeof TASK_STATUSES)[number];
export type Columns = Record<BoardStatus, Task[]>;

/** Gap the server leaves between neighbours at a column's end (tasks.service POSITION_STEP). */
const POSITION_STEP = 1024;

/** The cache entry `useAllProjectTasks(projectId)` fills (no filters): the board's list. */
export const boardQueryKey = (projectId: string) => taskKeys.projectList(projectId, { perPage: -1 });

export function isBoardStatus(id: unknown): id is BoardStatus {
  return typeof id === "string" && (TASK_STATUSES as readonly string[]).includes(id);
}

const byPosition = (a: Task, b: Task) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One column per board status, cards in position order. Archived tasks are not on the board. */
export function groupIntoColumns(tasks: Task[]): Columns {
  const columns = Object.fromEntries(TASK_STATUSES.map((s) => [s, [] as Task[]])) as Columns;
  for (const task of tasks) {
    if (isBoardStatus(task.status)) columns[task.status].push(task);
  }
  for (const status of TASK_STATUSES) columns[status].sort(byPosition);
  return columns;
}

/** The column holding a card, if any. */
export function columnOf(columns: Columns, taskId: string): BoardStatus | undefined {
  return TASK_STATUSES.find((s) => columns[s].some((t) => t.id === taskId));
}

// ---------------------------------------------------------------------------
// Filter

/** `assignee`: a user id, or "none" for unassigned cards. */
export interface BoardFilter {
  q: string;
  assignee: string | null;
}

export const NO_FILTER: BoardFilter = { q: "", assignee: null };

export function isFiltered(filter: BoardFilter): boolean {
  return filter.q !== "" || filter.assignee !== null;
}

export function parseBoardFilter(params: URLSearchParams): BoardFilter {
  return { q: (params.get("q") ?? "").slice(0, 200), assignee: params.get("assignee") || null };
}

/** Case-insensitive match on key and title, and the assignee filter. */
export function matchesFilter(task: Task, filter: BoardFilter): boolean {
  if (filter.assignee === "none" && task.assignees.length > 0) return false;
  if (filter.assignee && filter.assignee !== "none" && !task.assignees.some((a) => a.id === filter.assignee)) return false;
  const q = filter.q.trim().toLowerCase();
  if (!q) return true;
  return task.title.toLowerCase().includes(q) || (task.key ?? "").toLowerCase().includes(q);
}

// ---------------------------------------------------------------------------
// Moving a card

/** A card's new place: the server's move body plus the position it will get (for the optimistic update). */
export interface Placement {
  status: BoardStatus;
  /** The card directly above in the new column. */
  beforeId?: string;
  /** The card directly below in the new column. */
  afterId?: string;
  position: number;
}

/**
 * Where a dropped card goes, worked out on the freshest data rather than on
 * the snapshot the drag was rendered from (someone may have moved cards
 * meanwhile): directly below the nearest card that was above it at the drop
 * and is still in that column, or at the top when there is none.
 *
 * `dropOrder` is the target column's card ids as shown at the drop (with the
 * moved card); `tasks` is every task of the project as cached now. Returns
 * null when the card would not move.
 */
export function placeDroppedCard(taskId: string, status: BoardStatus, dropOrder: string[], tasks: Task[], filter: BoardFilter): Placement | null {
  const task = tasks.find((t) => t.id === taskId);
  if (!task) return null;
  const column = groupIntoColumns(tasks)[status].filter((t) => t.id !== taskId);
  // Neighbours are picked among the cards the user can see; hidden ones keep their place.
  const visible = column.filter((t) => matchesFilter(t, filter));
  const visibleIds = new Set(visible.map((t) => t.id));
  const above = dropOrder.slice(0, Math.max(0, dropOrder.indexOf(taskId))).reverse();
  const before = visible.find((t) => t.id === above.find((id) => visibleIds.has(id)));
  const after = before ? visible[visible.indexOf(before) + 1] : visible[0];

  if (task.status === status && isInPlace(task, before, after, tasks, filter)) return null;
  return { status, beforeId: before?.id, afterId: after?.id, position: positionBetween(before, after, column) };
}

/** True when the card already sits between exactly these visible neighbours. */
function isInPlace(task: Task, before: Task | undefined, after: Task | undefined, tasks: Task[], filter: BoardFilter): boolean {
  const visible = groupIntoColumns(tasks)[task.status as BoardStatus].filter((t) => t.id === task.id || matchesFilter(t, filter));
  const i = visible.findIndex((t) => t.id === task.id);
  return visible[i - 1]?.id === before?.id && visible[i + 1]?.id === after?.id;
}

/** The position the server will give (tasks.service moveTask), so the optimistic card lands where it will stay. */
function positionBetween(before: Task | undefined, after: Task | undefined, column: Task[]): number {
  if (before && after) return (before.position + after.position) / 2;
  if (before) return before.position + POSITION_STEP;
  if (after) return after.position - POSITION_STEP;
  const last = column[column.length - 1];
  return (last?.position ?? 0) + POSITION_STEP;
}

/** The task list with moves applied (status and position), for optimistic display. */
export function applyMoves(tasks: Task[], moves: ReadonlyArray<{ taskId: string; placement: Placement }>): Task[] {
  if (moves.length === 0) return tasks;
  const byId = new Map(moves.map((m) => [m.taskId, m.placement]));
  return tasks.map((t) => {
    const p = byId.get(t.id);
    return p ? { ...t, status: p.status, position: p.position } : t;
  });
}
