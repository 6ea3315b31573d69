import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { call, type Schema } from "../../lib/api";

/**
 * One hit of `GET /workspaces/:id/search` (ranked full-text search of tasks and
 * comments); `headline` is the matching text, HTML-escaped, with `<b>…</b>`
 * around the matched words.
 */
export type SearchHit = Schema<"SearchHit">;

export const SEARCH_PAGE_SIZE = 20;

export function useWorkspaceSearch(workspaceId: string, q: string) {
  return useQuery({
    queryKey: ["workspaces", workspaceId, "search", q] as const,
    queryFn: ({ signal }) => call("get", "/workspaces/{workspaceId}/search", { path: { workspaceId }, query: { q, perPage: SEARCH_PAGE_SIZE }, signal }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
