import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope } from "../../lib/zod";
import * as applications from "./applications.service";
import { presentPublicListing } from "./job-listings.presenter";
import { publicApplyBody, publicListing, publicListingParams, publicReceipt } from "./job-listings.schema";

const tags = ["Public job listings"];
const notFoundDoc = { description: "Unknown, not public or closed (the same answer for each)" };

/** The public page's API: no account, rate limited per IP (`publicForm`), only the listing's own fields. */
export function publicJobListingRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/public/job-listings/:id",
      summary: "A public, open job listing (no sign-in)",
      tags,
      auth: "none",
      rateLimit: "publicForm",
      request: { params: publicListingParams },
      responses: { 200: { description: "Listing", schema: envelope(publicListing) }, 404: notFoundDoc },
      handler: async ({ params }) => {
        const l = await applications.loadPublicListing(ctx, params.id);
        return ok(presentPublicListing(l, l.workspace));
      },
    }),
    defineRoute({
      method: "post",
      path: "/public/job-listings/:id/applications",
      summary: "Apply through the public page (no sign-in; rate limited; honeypot field `website`)",
      description: "Answers 201 `{received: true}`; the applicant gets an email confirmation when email is configured.",
      tags,
      auth: "none",
      rateLimit: "publicForm",
      request: { params: publicListingParams, body: publicApplyBody },
      responses: { 201: { description: "Received", schema: envelope(publicReceipt) }, 404: notFoundDoc, 429: { description: "Too many applications from this address" } },
      handler: async ({ params, body }) => {
        await applications.applyPublicly(ctx, params.id, body);
        return { status: 201, body: { data: { received: true } } };
      },
    }),
  ];
}
