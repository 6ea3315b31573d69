import { isoDate, text, uuid, versionField, versionInput, z } from "../../lib/zod";

const color = text.regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #6366f1").openapi({ example: "#6366f1" });
const name = text.trim().min(1, "must not be empty").max(200);
const progress = z.number().int("must be a whole number").min(0, "must be 0 to 100").max(100, "must be 0 to 100");
const dependsOn = z
  .array(uuid)
  .max(50, "at most 50 dependencies")
  .refine((ids) => new Set(ids).size === ids.length, { error: "must not name a phase twice" })
  .openapi({ description: "Phases of the same project this phase starts after (finish-to-start)" });

export const phase = z
  .object({
    id: uuid,
    projectId: uuid,
    name: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    progress: z.number().int(),
    color: z.string(),
    order: z.number().int(),
    dependsOn: z.array(uuid),
    lateDependencies: z.array(uuid).openapi({ description: "Predecessors that end on or after this phase starts: the finish-to-start dependency is broken (flagged, not refused)" }),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Phase");

export const milestone = z
  .object({ id: uuid, projectId: uuid, phaseId: uuid.nullable(), name: z.string(), date: z.string(), done: z.boolean(), version: versionField, createdAt: z.string(), updatedAt: z.string() })
  .openapi("Milestone");

const inOrder = (b: { startDate?: string; endDate?: string }) => !b.startDate || !b.endDate || b.startDate <= b.endDate;
const order = { message: "must not be before startDate", path: ["endDate"] };

export const createPhaseBody = z
  .object({ name, startDate: isoDate, endDate: isoDate, progress: progress.default(0), color: color.optional(), dependsOn: dependsOn.default([]) })
  .strict()
  .refine(inOrder, order)
  .openapi("CreatePhaseRequest");

export const updatePhaseBody = z
  .object({
    name: name.optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    progress: progress.optional(),
    color: color.optional(),
    dependsOn: dependsOn.optional(),
    shiftDependents: z.boolean().default(false).openapi({ description: "Move every phase that depends on this one (transitively) by the same number of days as this phase's end moved, in the same transaction" }),
    version: versionInput.optional(),
  })
  .strict()
  .refine(inOrder, order)
  .openapi("UpdatePhaseRequest");

export const reorderPhasesBody = z
  .object({ order: z.array(uuid).min(1).max(500).refine((ids) => new Set(ids).size === ids.length, { error: "must not name a phase twice" }).openapi({ description: "Every phase of the project, once, in the new order" }) })
  .strict()
  .openapi("ReorderPhasesRequest");

export const createMilestoneBody = z.object({ name, date: isoDate, done: z.boolean().default(false), phaseId: uuid.nullable().optional() }).strict().openapi("CreateMilestoneRequest");
export const updateMilestoneBody = z
  .object({ name: name.optional(), date: isoDate.optional(), done: z.boolean().optional(), phaseId: uuid.nullable().optional(), version: versionInput.optional() })
  .strict()
  .openapi("UpdateMilestoneRequest");

export const timelineBooking = z
  .object({
    id: uuid,
    artistId: uuid,
    artist: z.object({ id: uuid, name: z.string(), color: z.string() }),
    title: z.string(),
    start: z.string(),
    end: z.string(),
    status: z.enum(["HOLD", "PENCIL", "CONFIRMED", "CANCELLED", "RELEASED", "DECLINED"]),
    holdRank: z.number().int().nullable(),
    version: versionField,
  })
  .openapi("TimelineBooking");

export const timeline = z
  .object({ projectId: uuid, phases: z.array(phase), milestones: z.array(milestone), bookings: z.array(timelineBooking) })
  .openapi("ProjectTimeline");

export type PhaseInput = z.infer<typeof createPhaseBody>;
export type PhaseUpdate = z.infer<typeof updatePhaseBody>;
export type MilestoneInput = z.infer<typeof createMilestoneBody>;
export type MilestoneUpdate = z.infer<typeof updateMilestoneBody>;

export const timelineExportQuery = z.object({ format: z.enum(["pdf"]).default("pdf") }).strict();
