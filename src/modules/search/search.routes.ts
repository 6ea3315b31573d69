import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { searchParams, searchQuery, searchResults } from "./search.schema";
import { search } from "./search.service";

export function searchRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/search",
      summary: "Full-text search of tasks and comments, ranked",
      description: "Query syntax as in web search: words, \"quoted phrases\", -excluded, or.",
      tags: ["Search"],
      auth: "required",
      request: { params: searchParams, query: searchQuery },
      responses: { 200: { description: "Hits, best first", schema: searchResults } },
      handler: async ({ req, auth, params, query }) => {
        const { total, hits } = await search(ctx, auth.userId, params.workspaceId, query);
        return ok(hits, pageMeta(req, query, total));
      },
    }),
  ];
}
