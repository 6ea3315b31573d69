import { isoDate, text, uuid, z } from "../../lib/zod";

/** The longest utilisation report: 53 ISO weeks (a long ISO year). */
export const MAX_UTILISATION_WEEKS = 53;

/** Artist ids as a query: `artistId=<id>&artistId=<id>` or `artistId=<id>,<id>`, at most 100. */
const artistIdList = z
  .union([text.max(4000), z.array(text.max(4000)).max(100)])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(uuid).min(1).max(100));

export const utilisationQuery = z
  .object({
    from: isoDate.openapi({ example: "2026-03-02", description: "First day (inclusive), YYYY-MM-DD; days are dates in each artist's timezone" }),
    to: isoDate.openapi({ example: "2026-03-29", description: "Last day (inclusive), YYYY-MM-DD; not before from, and the range spans at most 53 ISO weeks" }),
    includeHolds: z
      .enum(["true", "false"])
      .optional()
      .transform((v) => v === "true")
      .openapi({ description: "Count holds as used time too (default false: holds are tentative and only shown as holdHours)" }),
    artistId: artistIdList.optional().openapi({ type: "string", format: "uuid", description: "Only these artists of the workspace: repeat the parameter or separate ids with commas (at most 100); an id that is not this workspace's answers 404" }),
    skill: text.trim().min(1).max(100).optional().openapi({ description: "Only artists with this skill (case does not matter)" }),
    format: z.enum(["json", "csv"]).optional().openapi({ description: "csv: the same figures as text/csv, one row per artist and week (also chosen by Accept: text/csv)" }),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
  });
export type UtilisationQuery = z.infer<typeof utilisationQuery>;

const hours = (description: string) => z.number().openapi({ description: `${description}, in hours (2 decimals)` });

const figures = {
  availableHours: hours("Working hours minus time off (whole local days); 0 for an artist without working hours"),
  confirmedHours: hours("Confirmed bookings inside the period"),
  pencilHours: hours("Pencilled bookings inside the period"),
  holdHours: hours("Holds inside the period (counted as used only with includeHolds=true)"),
  usedHours: hours("confirmed + pencil (+ hold with includeHolds=true)"),
  overbookedHours: hours("max(0, used − available) per week; the total is the sum of the weeks'"),
  utilisation: z.number().nullable().openapi({ description: "used / available as a fraction (0.75 = 75 %), 4 decimals; null when nothing is available" }),
};

export const utilisationReport = z
  .object({
    from: z.string().openapi({ example: "2026-03-02" }),
    to: z.string().openapi({ example: "2026-03-29" }),
    includeHolds: z.boolean(),
    weeks: z
      .array(z.object({ week: z.string().openapi({ example: "2026-W10", description: "ISO week" }), start: z.string().openapi({ example: "2026-03-02" }), end: z.string().openapi({ example: "2026-03-08" }) }))
      .openapi({ description: "ISO weeks (Monday to Sunday) of the range, clipped to [from, to]" }),
    artists: z.array(
      z.object({
        artistId: uuid,
        name: z.string(),
        color: z.string(),
        weeks: z.array(z.object({ week: z.string(), ...figures })).openapi({ description: "One entry per week of `weeks`, in the same order" }),
        total: z.object(figures).openapi({ description: "The whole range: sums of the weeks; utilisation = total used / total available" }),
      }),
    ).openapi({ description: "Active artists, and inactive ones with bookings in the range, by name" }),
  })
  .openapi("UtilisationReport");
export type UtilisationReport = z.infer<typeof utilisationReport>;
