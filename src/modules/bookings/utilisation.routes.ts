import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope } from "../../lib/zod";
import { workspaceIdParams } from "./artists.schema";
import { utilisationCsv } from "./utilisation.presenter";
import { utilisationQuery, utilisationReport } from "./utilisation.schema";
import * as service from "./utilisation.service";

const tags = ["Bookings"];

/** The utilisation report (SPEC §4.5), as JSON or CSV. */
export function utilisationRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces/:workspaceId/reports/utilisation",
      summary: "Utilisation per artist and ISO week: available, confirmed, pencil, hold, used and overbooked hours (JSON or CSV)",
      description:
        "Per artist (active ones, and inactive ones with bookings in the range) and ISO week (Monday to Sunday, clipped to [from, to]; days are dates in the artist's timezone, DST-correct): availableHours = working hours − time off; confirmed/pencil/hold hours of the bookings inside the week (a booking spanning weeks is split); usedHours = confirmed + pencil (+ hold with includeHolds=true); overbookedHours = max(0, used − available); utilisation = used / available (null when nothing is available). `format=csv` or `Accept: text/csv` answers text/csv (one row per artist and week) as an attachment `utilisation-<from>-<to>.csv`.",
      tags,
      auth: "required",
      request: { params: workspaceIdParams, query: utilisationQuery },
      responses: { 200: { description: "The report (or, for CSV, text/csv with the same figures)", schema: envelope(utilisationReport) } },
      handler: async ({ req, res, auth, params, query }) => {
        const report = await service.utilisationReport(ctx, auth.userId, params.workspaceId, query);
        const csv = query.format === "csv" || (query.format === undefined && req.accepts(["application/json", "text/csv"]) === "text/csv");
        if (!csv) return ok(report);
        // from and to are validated dates: nothing to escape in the file name.
        res.status(200).type("text/csv; charset=utf-8").setHeader("Content-Disposition", `attachment; filename="utilisation-${report.from}-${report.to}.csv"`);
        res.send(utilisationCsv(report));
      },
    }),
  ];
}
