import type { Request } from "express";

export interface Page {
  page: number;
  perPage: number;
}

export const skipTake = ({ page, perPage }: Page) => ({ skip: (page - 1) * perPage, take: perPage });

/** meta + links of SPEC §3 for a page of a list of `total` items. */
export function pageMeta(req: Request, { page, perPage }: Page, total: number) {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const link = (p: number) => {
    const url = new URL(req.originalUrl, "http://x");
    url.searchParams.set("page", String(p));
    url.searchParams.set("perPage", String(perPage));
    return `${url.pathname}${url.search}`;
  };
  return {
    meta: { page, perPage, total, totalPages },
    links: {
      first: link(1),
      prev: page > 1 ? link(Math.min(page - 1, totalPages)) : null,
      next: page < totalPages ? link(page + 1) : null,
      last: link(totalPages),
    },
  };
}
