import { ChevronRight } from "lucide-react";
import { formatDate } from "../../lib/format";
import { sprintDateRange } from "./sprint-dates";
import type { Sprint } from "./sprints.api";

/** Finished sprints, newest first, folded away under the planner. */
export function CompletedSprints({ sprints }: { sprints: Sprint[] }) {
  if (sprints.length === 0) return null;
  const newestFirst = [...sprints].sort((a, b) => (b.completedAt ?? "").localeCompare(a.completedAt ?? ""));
  return (
    <details className="group rounded-xl bg-white shadow-xs ring-1 ring-zinc-200" data-testid="completed-sprints">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-4 py-3 text-sm font-semibold text-zinc-900 [&::-webkit-details-marker]:hidden">
        <ChevronRight className="size-4 text-zinc-400 transition group-open:rotate-90" aria-hidden />
        Completed sprints ({sprints.length})
      </summary>
      <div className="overflow-x-auto border-t border-zinc-100">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Sprint</th>
              <th scope="col" className="px-4 py-2 font-medium">Dates</th>
              <th scope="col" className="px-4 py-2 font-medium">Completed</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Tasks</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Points done</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {newestFirst.map((s) => (
              <tr key={s.id}>
                <td className="px-4 py-2">
                  <span className="font-medium text-zinc-900">{s.name}</span>
                  {s.goal ? <span className="block max-w-xs truncate text-xs text-zinc-500" title={s.goal}>{s.goal}</span> : null}
                </td>
                <td className="whitespace-nowrap px-4 py-2 text-zinc-600">{sprintDateRange(s)}</td>
                <td className="whitespace-nowrap px-4 py-2 text-zinc-600">{formatDate(s.completedAt)}</td>
                <td className="px-4 py-2 text-right tabular-nums text-zinc-700">{s.taskCount}</td>
                <td className="px-4 py-2 text-right tabular-nums font-medium text-zinc-900">{s.completedPoints ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
