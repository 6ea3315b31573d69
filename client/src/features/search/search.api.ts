import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import type { TaskStatus } from "../tasks/tasks.api";

/** One hit of `GET /workspaces/:id/search` (ranked full-text search of tasks and comments). */
export interface SearchHit {
  type: "task" | "comment";
  rank: number;
  /** Matching text, HTML-escaped, with `<b>…</b>` around the matched words. */
  headline: string;
  task: { id: string; key: string | null; title: string; status: TaskStatus; projectId: string | null };
  commentId: string | null;
}

export const SEARCH_PAGE_SIZE = 20;

export function useWorkspaceSearch(workspaceId: string, q: string) {
  return useQuery({
    queryKey: ["workspaces", workspaceId, "search", q] as const,
    queryFn: ({ signal }) => api.list<SearchHit>(`/workspaces/${workspaceId}/search`, { query: { q, perPage: SEARCH_PAGE_SIZE }, signal }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
