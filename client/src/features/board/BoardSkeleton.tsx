import { TASK_STATUSES } from "../tasks/tasks.api";

const CARDS_PER_COLUMN = [3, 2, 1, 1, 2];

/** The board's shape while its tasks load, so nothing jumps when they arrive. */
export function BoardSkeleton() {
  return (
    <div className="flex gap-3 overflow-hidden" role="status" aria-label="Loading the board…">
      {TASK_STATUSES.map((status, i) => (
        <div key={status} className="w-72 shrink-0 animate-pulse space-y-2 rounded-xl bg-zinc-100/80 p-2 ring-1 ring-zinc-200/70">
          <div className="mx-1 my-2 h-4 w-24 rounded bg-zinc-200" />
          {Array.from({ length: CARDS_PER_COLUMN[i] ?? 1 }, (_, j) => (
            <div key={j} className="h-20 rounded-lg bg-white ring-1 ring-zinc-200" />
          ))}
        </div>
      ))}
    </div>
  );
}
