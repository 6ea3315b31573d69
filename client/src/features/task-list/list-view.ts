import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { TASK_PRIORITIES, TASK_STATUSES, type TaskFilters, type TaskPriority, type TaskSort, type TaskStatus } from "../tasks/tasks.api";
import { addDays, isDay, startOfDayIso } from "./due-dates";
import { PER_PAGE_OPTIONS } from "./Pagination";

/**
 * The list view's state lives in the URL search params, so a reload, the back
 * button or a shared link shows the same view. Values that don't parse are
 * ignored rather than sent to the server (which would answer 400).
 *
 *   ?status=TODO,BLOCKED&assignee=<uuid>&label=<uuid>&priority=HIGH
 *   &sprint=<uuid>|none&dueFrom=2026-05-01&dueTo=2026-05-31&q=login
 *   &sort=-priority&page=2&perPage=50
 */

export const LIST_STATUSES: TaskStatus[] = [...TASK_STATUSES, "ARCHIVED"];
const SORTS: TaskSort[] = ["position", "-createdAt", "createdAt", "dueDate", "-dueDate", "priority", "-priority", "number", "-number", "-updatedAt"];
export const DEFAULT_SORT: TaskSort = "position";
export const DEFAULT_PER_PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ListView {
  statuses: TaskStatus[];
  assignee: string | null;
  label: string | null;
  priority: TaskPriority | null;
  /** A sprint id, or "none" for the backlog. */
  sprint: string | null;
  /** Calendar days (inclusive), "YYYY-MM-DD". */
  dueFrom: string | null;
  dueTo: string | null;
  q: string;
  sort: TaskSort;
  page: number;
  perPage: number;
}

/** The params that narrow the list (as opposed to sort and paging). */
export const FILTER_PARAMS = ["status", "assignee", "label", "priority", "sprint", "dueFrom", "dueTo", "q"] as const;

const uuidOrNull = (v: string | null) => (v && UUID.test(v) ? v : null);

export function parseListView(params: URLSearchParams): ListView {
  const statuses = (params.get("status") ?? "").split(",").filter((s): s is TaskStatus => (LIST_STATUSES as string[]).includes(s));
  const priority = params.get("priority");
  const sprint = params.get("sprint");
  const sort = params.get("sort");
  const perPage = Number(params.get("perPage"));
  return {
    statuses: [...new Set(statuses)],
    assignee: uuidOrNull(params.get("assignee")),
    label: uuidOrNull(params.get("label")),
    priority: (TASK_PRIORITIES as readonly string[]).includes(priority ?? "") ? (priority as TaskPriority) : null,
    sprint: sprint === "none" ? "none" : uuidOrNull(sprint),
    dueFrom: isDay(params.get("dueFrom")) ? params.get("dueFrom") : null,
    dueTo: isDay(params.get("dueTo")) ? params.get("dueTo") : null,
    q: (params.get("q") ?? "").trim().slice(0, 200),
    sort: SORTS.includes(sort as TaskSort) ? (sort as TaskSort) : DEFAULT_SORT,
    page: Math.max(1, Math.floor(Number(params.get("page"))) || 1),
    perPage: (PER_PAGE_OPTIONS as readonly number[]).includes(perPage) ? perPage : DEFAULT_PER_PAGE,
  };
}

/** The API query for a view. The due range covers whole local days. */
export function toTaskFilters(view: ListView): TaskFilters {
  return {
    status: view.statuses.length ? view.statuses.join(",") : undefined,
    assigneeId: view.assignee ?? undefined,
    labelId: view.label ?? undefined,
    priority: view.priority ?? undefined,
    sprintId: view.sprint ?? undefined,
    dueAfter: view.dueFrom ? startOfDayIso(view.dueFrom) : undefined,
    dueBefore: view.dueTo ? startOfDayIso(addDays(view.dueTo, 1)) : undefined,
    q: view.q || undefined,
    sort: view.sort,
    page: view.page,
    perPage: view.perPage,
  };
}

export function countFilters(view: ListView): number {
  return [view.statuses.length > 0, view.assignee, view.label, view.priority, view.sprint, view.dueFrom || view.dueTo, view.q].filter(Boolean).length;
}

export type ParamChanges = Partial<Record<(typeof FILTER_PARAMS)[number] | "sort" | "page" | "perPage", string | null>>;

/**
 * The current view and a setter. Changing anything but the page goes back to
 * page 1. Other params (e.g. `?task=` for the drawer) are kept.
 */
export function useListView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseListView(params), [params]);

  const update = useCallback(
    (changes: ParamChanges) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === undefined || value === "") next.delete(key);
            else next.set(key, value);
          }
          if (!("page" in changes)) next.delete("page");
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const clearFilters = useCallback(() => update(Object.fromEntries(FILTER_PARAMS.map((k) => [k, null]))), [update]);

  return { view, update, clearFilters };
}
