import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "../../components/ui/Button";
import type { PageMeta } from "../../lib/api";

export const PER_PAGE_OPTIONS = [25, 50, 100] as const;

/** "26–50 of 132", a page-size picker and previous/next. */
export function Pagination({
  meta,
  label,
  onPage,
  onPerPage,
}: {
  meta: PageMeta;
  /** Accessible name of the navigation, e.g. "Task pages". */
  label: string;
  onPage: (page: number) => void;
  onPerPage?: (perPage: number) => void;
}) {
  if (meta.total === 0) return null;
  const first = (meta.page - 1) * meta.perPage + 1;
  const last = Math.min(meta.total, meta.page * meta.perPage);
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 text-sm text-zinc-600">
      <span>
        {first}–{last} of {meta.total}
      </span>
      <div className="flex items-center gap-2">
        {onPerPage ? (
          <select
            aria-label="Rows per page"
            value={String(meta.perPage)}
            onChange={(e) => onPerPage(Number(e.target.value))}
            className="h-8 rounded-lg border-0 bg-white pl-2 pr-7 text-sm text-zinc-800 shadow-xs ring-1 ring-inset ring-zinc-300 focus:outline-none focus:ring-2 focus:ring-indigo-600"
          >
            {PER_PAGE_OPTIONS.map((n) => (
              <option key={n} value={n}>
                {n} per page
              </option>
            ))}
          </select>
        ) : null}
        {meta.totalPages > 1 ? (
          <>
            <Button variant="secondary" size="sm" icon={<ChevronLeft className="size-4" aria-hidden />} disabled={meta.page <= 1} onClick={() => onPage(meta.page - 1)}>
              Previous
            </Button>
            <Button variant="secondary" size="sm" disabled={meta.page >= meta.totalPages} onClick={() => onPage(meta.page + 1)}>
              Next
              <ChevronRight className="size-4" aria-hidden />
            </Button>
          </>
        ) : null}
      </div>
    </nav>
  );
}
